package io.gridopt.bus;

import io.vertx.core.json.JsonObject;

/**
 * Reply of {@code gridopt.qnn.predict}: the solver's {@code result} (the endpoint's documented result
 * object), which model and mode answered, how long it took, the execution metrics and, from a remote QNN,
 * its raw answer ({@code status} and {@code body}), which is stored with the run.
 */
public record QnnPrediction(JsonObject result, String modelId, String mode, Double executionTimeMs,
                            RunMetrics metrics, JsonObject raw) {

  public QnnPrediction withMode(String qnnMode) {
    return new QnnPrediction(result, modelId, qnnMode, executionTimeMs, metrics, raw);
  }

  public QnnPrediction withRaw(JsonObject upstreamAnswer) {
    return new QnnPrediction(result, modelId, mode, executionTimeMs, metrics, upstreamAnswer);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("result", result)
        .put("model_id", modelId)
        .put("mode", mode)
        .put("execution_time_ms", executionTimeMs)
        .put("metrics", metrics == null ? null : metrics.toJson())
        .put("raw", raw);
  }

  public static QnnPrediction fromJson(JsonObject json) {
    return new QnnPrediction(json.getJsonObject("result"), json.getString("model_id"), json.getString("mode"),
        json.getDouble("execution_time_ms"), RunMetrics.fromJson(json.getJsonObject("metrics")),
        json.getJsonObject("raw"));
  }
}
