package io.gridopt.bus;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Request of {@code gridopt.persistence.run.similar}: the {@code k} stored runs nearest to run {@code id}
 * (of its type unless {@code anyType}; copies of its summary left out unless {@code includeCopies}).
 */
public record SimilarQuery(UUID id, int k, boolean anyType, boolean includeCopies) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("k", k).put("any_type", anyType)
        .put("include_copies", includeCopies);
  }

  public static SimilarQuery fromJson(JsonObject json) {
    return new SimilarQuery(UUID.fromString(json.getString("id")), json.getInteger("k"),
        json.getBoolean("any_type", false), json.getBoolean("include_copies", false));
  }
}
