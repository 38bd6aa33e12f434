package io.gridopt.persistence;

import io.gridopt.bus.QnnInfo;
import io.gridopt.bus.RunMetrics;
import io.gridopt.bus.RunView;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;

/** Turns database rows into runs as the API shows them (one shape for POST answers, lists and details). */
final class RunRows {
  private RunRows() {
  }

  /** The run summary every response carries: id, type, status, region, dates, qnn info, result, error. */
  static RunView run(Row row) {
    return run(row, row.getValue("result_payload") instanceof JsonObject r ? r : null);
  }

  /** {@link #run(Row)} of a row without {@code result_payload}, whose result the caller has already. */
  static RunView run(Row row, JsonObject result) {
    return new RunView(row.getUUID("id"), row.getString("request_type"), row.getString("status"),
        row.getString("region"), row.getLocalDate("forecast_date"), row.getOffsetDateTime("created_at"),
        new QnnInfo(row.getString("qnn_mode"), row.getString("qnn_model_id"), row.getDouble("qnn_execution_time")),
        result, row.getString("error"), null, null, null, null, null);
  }

  /** The full detail of {@code GET /runs/{id}}: the run plus its input, metrics and embedding facts. */
  static RunView detail(Row row) {
    RunView run = run(row);
    Object raw = row.getValue("qnn_raw_response");
    RunMetrics metrics = null;
    if (row.getValue("solver") != null || row.getValue("device_used") != null) {
      Numeric cost = row.getNumeric("quantum_cost_usd");
      Integer depth = row.getInteger("circuit_depth");
      Integer qubits = row.getInteger("n_qubits");
      metrics = new RunMetrics(row.getString("device_used"), depth == null ? null : depth.longValue(),
          qubits == null ? null : qubits.longValue(), row.getDouble("execution_time_ms"),
          cost == null ? null : cost.doubleValue(), row.getString("solver"), row.getLong("iterations"),
          row.getString("node_id"));
    }
    RunView.StoredEmbedding embedding = row.getString("embedding_model") == null ? null
        : new RunView.StoredEmbedding(row.getString("embedding_model"), row.getInteger("embedding_dimension"),
            row.getString("embedding_content"));
    return new RunView(run.runId(), run.requestType(), run.status(), run.region(), run.forecastDate(),
        run.createdAt(), run.qnn(), run.result(), run.error(), row.getJsonObject("input_payload"),
        raw instanceof JsonObject r ? r : null, metrics, embedding, null);
  }
}
