package io.gridopt.bus;

import io.gridopt.domain.RequestType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Request of {@code gridopt.persistence.run.save}: one run to write with its embedding, metrics and
 * anomalies in one transaction. {@code input} is the validated request body as stored, {@code result}
 * the solver's result (null for a failed run), {@code error} "status code: message" of a failed run,
 * {@code qnnRaw} a remote QNN's raw answer. {@code embedding} and {@code metrics} may be null.
 * {@code runId} is chosen by the submitter, so that a save repeated after a lost answer stores the run
 * once (absent on the wire: a fresh one).
 */
public record NewRun(UUID runId, RequestType requestType, String region, LocalDate forecastDate, JsonObject input,
                     String status, String error, JsonObject result, QnnInfo qnn, RunMetrics metrics,
                     JsonObject qnnRaw, JsonArray anomalies, Embedding embedding) {
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";

  public NewRun withEmbedding(Embedding vector) {
    return new NewRun(runId, requestType, region, forecastDate, input, status, error, result, qnn, metrics, qnnRaw,
        anomalies, vector);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("run_id", runId.toString())
        .put("request_type", requestType.wireName())
        .put("region", region)
        .put("forecast_date", forecastDate.toString())
        .put("input", input)
        .put("status", status)
        .put("error", error)
        .put("result", result)
        .put("qnn", qnn.toJson())
        .put("metrics", metrics == null ? null : metrics.toJson())
        .put("qnn_raw", qnnRaw)
        .put("anomalies", anomalies)
        .put("embedding", embedding == null ? null : embedding.toJson());
  }

  public static NewRun fromJson(JsonObject json) {
    String type = json.getString("request_type");
    String runId = json.getString("run_id");
    return new NewRun(runId == null ? UUID.randomUUID() : UUID.fromString(runId),
        RequestType.fromWire(type).orElseThrow(() -> new IllegalArgumentException(
            "request_type: unknown '" + type + "'")),
        json.getString("region"), LocalDate.parse(json.getString("forecast_date")), json.getJsonObject("input"),
        json.getString("status"), json.getString("error"), json.getJsonObject("result"),
        QnnInfo.fromJson(json.getJsonObject("qnn")), RunMetrics.fromJson(json.getJsonObject("metrics")),
        json.getJsonObject("qnn_raw"), json.getJsonArray("anomalies", new JsonArray()),
        Embedding.fromJson(json.getJsonObject("embedding")));
  }
}
