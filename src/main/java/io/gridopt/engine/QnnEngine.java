package io.gridopt.engine;

import io.gridopt.bus.QnnRequest;
import io.gridopt.domain.RequestType;
import io.gridopt.domain.ServiceException;
import io.gridopt.domain.ValidationException;
import io.gridopt.problem.ParsedRequest;
import io.gridopt.problem.ProblemType;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.problem.SolveOutcome;
import io.vertx.core.json.JsonObject;

/**
 * The embedded QNN engine: answers a QNN prediction request by solving its structured {@code input}
 * with the solver of its {@code task}. Blocking and CPU-bound; the verticle runs it on a worker pool.
 * The answer has the QNN contract's envelope: {@code {"success": true, "data": {...}}}.
 */
public final class QnnEngine {
  private final ProblemTypes problems;
  private final String modelId;
  private final String nodeId;

  public QnnEngine(ProblemTypes problems, String modelId, String nodeId) {
    this.problems = problems;
    this.modelId = modelId;
    this.nodeId = nodeId;
  }

  /** @param json a {@link QnnRequest} as JSON (the bus message, or the body of the engine's QNN HTTP endpoint) */
  public JsonObject predict(JsonObject json) {
    QnnRequest request = QnnRequest.fromJson(json);
    String task = request.task();
    RequestType type = RequestType.fromWire(task).orElseThrow(() ->
        new ValidationException("task", "must be one of forecast, storage, grid_switch"));
    ProblemType<?> problemType = problems.find(type).orElseThrow(() -> new ServiceException(501,
        "not_implemented", "the embedded QNN engine has no " + task + " solver in this build"));
    JsonObject input = request.input();
    if (input == null) {
      throw new ValidationException("input", "is required: the embedded engine solves the structured input");
    }
    return solve(problemType, input, task);
  }

  private <P> JsonObject solve(ProblemType<P> problemType, JsonObject input, String task) {
    long started = System.nanoTime();
    ParsedRequest<P> parsed = problemType.parse(input);
    SolveOutcome outcome = problemType.solve(parsed.problem());
    double elapsedMs = (System.nanoTime() - started) / 1e6;
    JsonObject data = new JsonObject()
        .put("task", task)
        .put("model_id", modelId)
        .put("result", outcome.result())
        .put("execution_time_ms", elapsedMs)
        .put("device_used", "cpu")
        .put("quantum_cost_usd", 0.0)
        .put("solver", outcome.solverName())
        .put("iterations", outcome.iterations())
        .put("node_id", nodeId);
    return new JsonObject().put("success", true).put("data", data);
  }
}
