package io.gridopt.bus;

import io.vertx.core.json.JsonObject;

/**
 * Request of {@code gridopt.persistence.run.search}: the {@code k} stored runs of {@code model} nearest to
 * the query's vector (from {@code gridopt.embedding.embed-query}), optionally of one type and region.
 */
public record SearchQuery(float[] vector, String model, int k, String requestType, String region) {

  public JsonObject toJson() {
    return new JsonObject().put("vector", Embedding.array(vector)).put("model", model).put("k", k)
        .put("request_type", requestType).put("region", region);
  }

  public static SearchQuery fromJson(JsonObject json) {
    return new SearchQuery(Embedding.floats(json.getJsonArray("vector")), json.getString("model"),
        json.getInteger("k"), json.getString("request_type"), json.getString("region"));
  }
}
