package io.gridopt.observability;

import io.gridopt.bus.ErrorCodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.EnumSet;

/**
 * Prometheus metrics. Vert.x reports HTTP server requests (by route template, method and status), the
 * SQL pool ({@code pool_type="sql"}) and the event bus once it is built with {@link #vertxOptions()};
 * gridopt adds solver time by request type, QNN call outcomes and the engine queue. Without metrics
 * (e.g. a test's plain Vertx) every meter goes to Micrometer's empty global registry, a no-op.
 */
public final class Observability {
  /** Outcomes of a QNN call, the {@code outcome} tag of {@code gridopt_qnn_calls_total}. */
  public static final String SUCCESS = "success";
  public static final String CLIENT_ERROR = "4xx";
  public static final String SERVER_ERROR = "5xx";
  public static final String TIMEOUT = "timeout";
  public static final String CIRCUIT_OPEN = "circuit_open";

  private Observability() {
  }

  /** Vert.x options with Micrometer + Prometheus metrics; Main builds Vert.x with them, tests may too. */
  public static VertxOptions vertxOptions() {
    return new VertxOptions().setMetricsOptions(metricsOptions());
  }

  public static MicrometerMetricsOptions metricsOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        // route = the route template (/runs/:id), so the label set stays small whatever paths clients send
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME,
            Label.EB_SIDE))
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true));
  }

  /** The registry Vert.x reports into, or a no-op when metrics are off. */
  public static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry != null ? registry : Metrics.globalRegistry;
  }

  public static boolean enabled() {
    return BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry;
  }

  /** {@code GET /metrics}: the Prometheus text format, or 503 when this Vert.x runs without metrics. */
  public static Handler<RoutingContext> scrapeHandler() {
    return ctx -> {
      if (BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry prometheus) {
        PrometheusScrapingHandler.create(prometheus).handle(ctx);
      } else {
        ctx.fail(503, new IllegalStateException("metrics are not enabled in this process"));
      }
    };
  }

  /** {@code gridopt_solver_seconds{request_type, outcome}}: time on a solver thread, parse included. */
  public static Timer solverTimer(String requestType, String outcome) {
    return Timer.builder("gridopt.solver").description("Embedded engine solve time")
        .tags("request_type", requestType, "outcome", outcome)
        .publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry());
  }

  /** {@code gridopt_qnn_calls_total{mode, outcome}} and the matching {@code gridopt_qnn_call_seconds}. */
  public static void qnnCall(String mode, String outcome, long nanos) {
    MeterRegistry registry = registry();
    Counter.builder("gridopt.qnn.calls").description("QNN prediction calls by outcome")
        .tags("mode", mode, "outcome", outcome).register(registry).increment();
    Timer.builder("gridopt.qnn.call").description("QNN prediction call time")
        .tags("mode", mode, "outcome", outcome).register(registry).record(Duration.ofNanos(nanos));
  }

  /**
   * {@code gridopt_engine_retries_total{reason}}: solves moved to another engine node because the first could
   * not have answered ({@code node_left}, {@code no_handlers}, {@code not_written}, {@code discarded}).
   */
  public static void engineRetry(String reason) {
    Counter.builder("gridopt.engine.retries").description("Solves moved to another engine node, by reason")
        .tag("reason", reason).register(registry()).increment();
  }

  /** The outcome tag of a failed QNN call, from its HTTP-like status. */
  public static String qnnOutcome(int status, String code) {
    if (ErrorCodes.QNN_CIRCUIT_OPEN.equals(code)) {
      return CIRCUIT_OPEN;
    }
    if (status == 504) {
      return TIMEOUT;
    }
    return status >= 500 ? SERVER_ERROR : CLIENT_ERROR;
  }
}
