package io.gridopt.bus;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Request of {@code gridopt.persistence.embedding.replace}: run {@code id}'s embeddings are replaced by
 * this one, in one transaction. The reply is an empty object.
 */
public record EmbeddingReplace(UUID id, Embedding embedding) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("embedding", embedding.toJson());
  }

  public static EmbeddingReplace fromJson(JsonObject json) {
    return new EmbeddingReplace(UUID.fromString(json.getString("id")), Embedding.fromJson(json.getJsonObject("embedding")));
  }
}
