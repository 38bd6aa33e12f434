package io.gridopt.bus;

import io.vertx.core.json.JsonObject;

/** Which QNN answered a run: mode (embedded or remote), model id and the solve's time in ms (null when it failed). */
public record QnnInfo(String mode, String modelId, Double executionTimeMs) {

  public JsonObject toJson() {
    return new JsonObject().put("mode", mode).put("model_id", modelId).put("execution_time_ms", executionTimeMs);
  }

  public static QnnInfo fromJson(JsonObject json) {
    JsonObject qnn = json == null ? new JsonObject() : json;
    return new QnnInfo(qnn.getString("mode"), qnn.getString("model_id"), qnn.getDouble("execution_time_ms"));
  }
}
