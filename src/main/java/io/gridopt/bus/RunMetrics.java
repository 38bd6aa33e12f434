package io.gridopt.bus;

import io.vertx.core.json.JsonObject;

/**
 * How a solve ran, as the QNN client reports it and {@code qnn_execution_metrics} stores it. Every field may
 * be null (a remote QNN says what it says).
 */
public record RunMetrics(String deviceUsed, Long circuitDepth, Long nQubits, Double executionTimeMs,
                         Double quantumCostUsd, String solver, Long iterations, String nodeId) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("device_used", deviceUsed)
        .put("circuit_depth", circuitDepth)
        .put("n_qubits", nQubits)
        .put("execution_time_ms", executionTimeMs)
        .put("quantum_cost_usd", quantumCostUsd)
        .put("solver", solver)
        .put("iterations", iterations)
        .put("node_id", nodeId);
  }

  /** Null for null (a run without metrics). */
  public static RunMetrics fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    return new RunMetrics(json.getString("device_used"), json.getLong("circuit_depth"), json.getLong("n_qubits"),
        json.getDouble("execution_time_ms"), json.getDouble("quantum_cost_usd"), json.getString("solver"),
        json.getLong("iterations"), json.getString("node_id"));
  }
}
