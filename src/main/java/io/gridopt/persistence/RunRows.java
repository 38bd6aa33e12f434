package io.gridopt.persistence;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Turns database rows into the run JSON of the API (one shape for POST answers, lists and details). */
final class RunRows {
  private RunRows() {
  }

  /** The run summary every response carries: id, type, status, region, dates, qnn info, result, error. */
  static JsonObject run(Row row) {
    UUID id = row.getUUID("id");
    LocalDate forecastDate = row.getLocalDate("forecast_date");
    OffsetDateTime createdAt = row.getOffsetDateTime("created_at");
    Double execMs = row.getDouble("qnn_execution_time");
    JsonObject json = new JsonObject()
        .put("run_id", id.toString())
        .put("request_type", row.getString("request_type"))
        .put("status", row.getString("status"))
        .put("region", row.getString("region"))
        .put("forecast_date", forecastDate.toString())
        .put("created_at", createdAt.toString())
        .put("qnn", new JsonObject()
            .put("mode", row.getString("qnn_mode"))
            .put("model_id", row.getString("qnn_model_id"))
            .put("execution_time_ms", execMs));
    Object result = row.getValue("result_payload");
    json.put("result", result instanceof JsonObject r ? r : null);
    String error = row.getString("error");
    if (error != null) {
      json.put("error", error);
    }
    return json;
  }

  /** The full detail of {@code GET /runs/{id}}: the run plus its input, metrics and embedding facts. */
  static JsonObject detail(Row row) {
    JsonObject json = run(row).put("input", row.getJsonObject("input_payload"));
    Object raw = row.getValue("qnn_raw_response");
    if (raw != null) {
      json.put("qnn_raw", raw);
    }
    if (row.getValue("solver") != null || row.getValue("device_used") != null) {
      Numeric cost = row.getNumeric("quantum_cost_usd");
      Long iterations = row.getLong("iterations");
      json.put("metrics", new JsonObject()
          .put("device_used", row.getString("device_used"))
          .put("circuit_depth", row.getInteger("circuit_depth"))
          .put("n_qubits", row.getInteger("n_qubits"))
          .put("execution_time_ms", row.getDouble("execution_time_ms"))
          .put("quantum_cost_usd", cost == null ? null : cost.doubleValue())
          .put("solver", row.getString("solver"))
          .put("iterations", iterations)
          .put("node_id", row.getString("node_id")));
    }
    if (row.getString("embedding_model") != null) {
      json.put("embedding", new JsonObject()
          .put("model", row.getString("embedding_model"))
          .put("dimension", row.getInteger("embedding_dimension"))
          .put("content", row.getString("embedding_content")));
    }
    return json;
  }
}
