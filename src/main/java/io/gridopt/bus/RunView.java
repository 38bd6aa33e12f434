package io.gridopt.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A stored run as the API shows it: the reply of {@code gridopt.persistence.run.save},
 * {@code gridopt.persistence.run.get} and {@code gridopt.runs.submit}, and each run of a
 * {@link RunPage}. Lists carry the summary fields only; the detail ({@code run.get}) adds input, raw QNN
 * answer, metrics and embedding facts. Absent parts are null and left out of the JSON.
 */
public record RunView(UUID runId, String requestType, String status, String region, LocalDate forecastDate,
                      OffsetDateTime createdAt, QnnInfo qnn, JsonObject result, String error, JsonObject input,
                      JsonObject qnnRaw, RunMetrics metrics, StoredEmbedding embedding, JsonArray anomalies) {

  /** What is stored of a run's embedding: its model, the vector's width and the text that was embedded. */
  public record StoredEmbedding(String model, Integer dimension, String content) {
    public JsonObject toJson() {
      return new JsonObject().put("model", model).put("dimension", dimension).put("content", content);
    }

    static StoredEmbedding fromJson(JsonObject json) {
      return json == null ? null
          : new StoredEmbedding(json.getString("model"), json.getInteger("dimension"), json.getString("content"));
    }
  }

  public RunView withAnomalies(JsonArray found) {
    return new RunView(runId, requestType, status, region, forecastDate, createdAt, qnn, result, error, input,
        qnnRaw, metrics, embedding, found);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("run_id", runId.toString())
        .put("request_type", requestType)
        .put("status", status)
        .put("region", region)
        .put("forecast_date", forecastDate == null ? null : forecastDate.toString())
        .put("created_at", createdAt == null ? null : createdAt.toString())
        .put("qnn", qnn == null ? null : qnn.toJson())
        .put("result", result);
    putIf(json, "error", error);
    putIf(json, "input", input);
    putIf(json, "qnn_raw", qnnRaw);
    putIf(json, "metrics", metrics == null ? null : metrics.toJson());
    putIf(json, "embedding", embedding == null ? null : embedding.toJson());
    putIf(json, "anomalies", anomalies);
    return json;
  }

  /** Lenient about absent fields (a test's stand-in for persistence answers with a few); the id is required. */
  public static RunView fromJson(JsonObject json) {
    String date = json.getString("forecast_date");
    String createdAt = json.getString("created_at");
    return new RunView(UUID.fromString(json.getString("run_id")), json.getString("request_type"),
        json.getString("status"), json.getString("region"), date == null ? null : LocalDate.parse(date),
        createdAt == null ? null : OffsetDateTime.parse(createdAt), QnnInfo.fromJson(json.getJsonObject("qnn")),
        json.getJsonObject("result"), json.getString("error"), json.getJsonObject("input"),
        json.getJsonObject("qnn_raw"), RunMetrics.fromJson(json.getJsonObject("metrics")),
        StoredEmbedding.fromJson(json.getJsonObject("embedding")), json.getJsonArray("anomalies"));
  }

  private static void putIf(JsonObject json, String key, Object value) {
    if (value != null) {
      json.put(key, value);
    }
  }
}
