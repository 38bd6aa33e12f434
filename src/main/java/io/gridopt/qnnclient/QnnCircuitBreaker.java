package io.gridopt.qnnclient;

import io.gridopt.bus.QnnPrediction;
import io.gridopt.bus.QnnRequest;
import io.gridopt.bus.ErrorCodes;
import io.gridopt.bus.ErrorBody;
import io.gridopt.config.ResilienceConfig;
import io.gridopt.domain.ServiceException;
import io.gridopt.observability.Observability;
import io.micrometer.core.instrument.Gauge;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote QNN behind a circuit breaker (vertx-circuit-breaker): after
 * {@code GRIDOPT_QNN_BREAKER_FAILURES} failures within a minute the circuit opens and every call is
 * answered at once with 503 {@code qnn_circuit_open} (recorded as a failed run like any QNN failure)
 * instead of waiting for a QNN that is down; after {@code GRIDOPT_QNN_BREAKER_RESET_MS} one trial
 * call goes through (half-open) and its success closes the circuit. Only failures that say the QNN
 * is unwell count (502, 503, 504); an infeasible problem (422) or a missing solver (501) is a healthy
 * answer. The breaker has no timeout of its own: the client's {@code GRIDOPT_QNN_TIMEOUT_MS} applies.
 */
public final class QnnCircuitBreaker {
  private static final Logger LOG = LoggerFactory.getLogger(QnnCircuitBreaker.class);
  private static final long FAILURE_WINDOW_MS = 60_000;

  private final RemoteQnnClient client;
  private final CircuitBreaker breaker;
  private final ResilienceConfig cfg;

  public QnnCircuitBreaker(Vertx vertx, RemoteQnnClient client, ResilienceConfig cfg) {
    this.client = client;
    this.cfg = cfg;
    this.breaker = CircuitBreaker.create("qnn-remote", vertx, new CircuitBreakerOptions()
            .setMaxFailures(cfg.breakerFailures())
            .setFailuresRollingWindow(FAILURE_WINDOW_MS)
            .setResetTimeout(cfg.breakerResetMs())
            .setTimeout(-1)
            .setMaxRetries(0)
            .setFallbackOnFailure(false)
            .setNotificationAddress(null))
        .failurePolicy(result -> result.failed() && unwell(result.cause()))
        .openHandler(v -> LOG.warn("QNN circuit breaker OPEN: calls fail fast for {} ms", cfg.breakerResetMs()))
        .halfOpenHandler(v -> LOG.info("QNN circuit breaker HALF-OPEN: next call is a trial"))
        .closeHandler(v -> LOG.info("QNN circuit breaker CLOSED: QNN answering again"));
    Gauge.builder("gridopt.qnn.circuit.open", breaker, b -> b.state() == CircuitBreakerState.CLOSED ? 0 : 1)
        .description("1 while the remote QNN circuit breaker is open or half-open")
        .register(Observability.registry());
  }

  public Future<QnnPrediction> predict(QnnRequest request) {
    return breaker.<QnnPrediction>execute(() -> client.predict(request)).recover(failure -> Future.failedFuture(
        failure instanceof OpenCircuitException ? open() : failure));
  }

  /** The QNN's health; an open circuit reports the QNN as down without calling it. */
  public Future<Void> health() {
    return breaker.state() == CircuitBreakerState.OPEN ? Future.failedFuture(open()) : client.health();
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  public void close() {
    breaker.close();
  }

  private ServiceException open() {
    return new ServiceException(503, ErrorCodes.QNN_CIRCUIT_OPEN, "QNN circuit breaker is open after "
        + cfg.breakerFailures() + " failed calls; no call was made, the next trial is at most "
        + cfg.breakerRetryAfterSeconds() + " s away");
  }

  private static boolean unwell(Throwable failure) {
    int status = ErrorBody.from(failure).status();
    return status == 502 || status == 503 || status == 504 || status == 500;
  }
}
