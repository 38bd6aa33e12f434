package io.gridopt.problem;

import io.gridopt.anomaly.Anomaly;
import io.gridopt.bus.ErrorBody;
import io.gridopt.domain.RequestType;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The JSON face of one solver: how its request is validated and how its result is written. The
 * HTTP API calls {@link #parse} to reject bad input before anything is stored; the QNN engine calls
 * {@link #parse} and {@link #solve} on a worker thread. Implementations are stateless.
 *
 * @param <P> the solver's own problem record
 */
public interface ProblemType<P> {

  RequestType requestType();

  /**
   * Validates a request body (the same JSON travels as the QNN {@code input}) and builds the
   * problem. Throws {@link io.gridopt.domain.ValidationException} naming every bad field.
   */
  ParsedRequest<P> parse(JsonObject body);

  /**
   * Solves the problem; CPU-bound, never call it on an event loop. Throws
   * {@link io.gridopt.domain.InfeasibleException} when no solution exists.
   */
  SolveOutcome solve(P problem);

  /** A few recent load values (kW) for the QNN contract's {@code PastLoads=[...]}; may be empty. */
  double[] pastLoadsKw(P problem);

  /** The QNN contract's {@code ForecastGoal=...}, e.g. {@code Next24Hours}. */
  String qnnGoal(P problem);

  /**
   * The facts of the run's summary ({@link RunSummary}): its input facts from the parsed request, its
   * result facts from the run's {@code result} object (null for a failed run; the result may come from
   * a remote QNN, so it is read as the documented JSON).
   */
  default RunSummary.Facts summary(P problem, RequestFacts request, JsonObject result) {
    return RunSummary.Facts.empty();
  }

  /**
   * What is wrong in the request's data or network and in the outcome (docs/anomalies.md), for every
   * run that passed validation: {@code result} is the run's result (null for a failed run),
   * {@code failure} its error (null for a completed run). CPU-bound like {@link #solve}.
   */
  default List<Anomaly> anomalies(P problem, JsonObject body, JsonObject result, ErrorBody failure) {
    return List.of();
  }
}
