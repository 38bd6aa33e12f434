package io.gridopt.config;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Limits and fault-tolerance settings (kept apart from {@link AppConfig} so that they can evolve
 * without touching every other setting). Same flat keys in {@code conf/config.json} and the environment.
 *
 * @param engineQueueLimit   solve requests that may wait for a free solver thread; beyond pool + queue the
 *                           engine answers 503 {@code engine_saturated} with Retry-After and nothing is recorded
 * @param breakerFailures    consecutive remote-QNN failures (502/503/504) that open the circuit breaker
 * @param breakerResetMs     how long the breaker stays open before one trial call (half-open)
 * @param shutdownGraceMs    how long a stopping HTTP verticle waits for in-flight requests to finish
 * @param retryAfterSeconds  the Retry-After of a 503 that has no better estimate
 */
public record ResilienceConfig(int engineQueueLimit, int breakerFailures, long breakerResetMs, long shutdownGraceMs,
                               int retryAfterSeconds) {

  public static final List<String> KEYS = List.of(
      "GRIDOPT_ENGINE_QUEUE_LIMIT", "GRIDOPT_QNN_BREAKER_FAILURES", "GRIDOPT_QNN_BREAKER_RESET_MS",
      "GRIDOPT_SHUTDOWN_GRACE_MS", "GRIDOPT_RETRY_AFTER_S");

  public static ResilienceConfig fromJson(JsonObject json) {
    ResilienceConfig cfg = new ResilienceConfig(
        (int) number(json, "GRIDOPT_ENGINE_QUEUE_LIMIT", 64),
        (int) number(json, "GRIDOPT_QNN_BREAKER_FAILURES", 5),
        number(json, "GRIDOPT_QNN_BREAKER_RESET_MS", Timeouts.DEFAULT_QNN_BREAKER_RESET_MS),
        number(json, "GRIDOPT_SHUTDOWN_GRACE_MS", Timeouts.DEFAULT_SHUTDOWN_GRACE_MS),
        (int) number(json, "GRIDOPT_RETRY_AFTER_S", 5));
    if (cfg.engineQueueLimit < 0 || cfg.breakerFailures < 1 || cfg.breakerResetMs < 1 || cfg.shutdownGraceMs < 0
        || cfg.retryAfterSeconds < 1) {
      throw new IllegalArgumentException("GRIDOPT_ENGINE_QUEUE_LIMIT must be >= 0, GRIDOPT_QNN_BREAKER_FAILURES >= 1, "
          + "GRIDOPT_QNN_BREAKER_RESET_MS >= 1, GRIDOPT_SHUTDOWN_GRACE_MS >= 0, GRIDOPT_RETRY_AFTER_S >= 1");
    }
    return cfg;
  }

  /** The breaker's open time as a whole number of seconds for Retry-After (at least 1). */
  public int breakerRetryAfterSeconds() {
    return (int) Math.max(1, (breakerResetMs + 999) / 1000);
  }

  private static long number(JsonObject json, String key, long defaultValue) {
    Object value = json.getValue(key);
    if (value == null || value.toString().isBlank()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, not '" + value + "'");
    }
  }
}
