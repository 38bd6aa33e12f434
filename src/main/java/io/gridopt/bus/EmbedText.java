package io.gridopt.bus;

import io.vertx.core.json.JsonObject;

/**
 * Request of {@code gridopt.embedding.embed} (a run's summary, written by its problem type) and of
 * {@code gridopt.embedding.embed-query} (a search text): the text alone.
 */
public record EmbedText(String text) {

  public JsonObject toJson() {
    return new JsonObject().put("text", text);
  }

  public static EmbedText fromJson(JsonObject json) {
    return new EmbedText(json.getString("text"));
  }
}
