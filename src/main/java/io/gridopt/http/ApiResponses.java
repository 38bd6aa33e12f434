package io.gridopt.http;

import io.gridopt.bus.ErrorCodes;
import io.gridopt.bus.ErrorBody;
import io.gridopt.config.ResilienceConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers and the error shape {@code {"error":{status, code, message, details, request_id}}}. */
final class ApiResponses {
  static final String REQUEST_ID = "requestId";
  /** The {@link ResilienceConfig} that sets Retry-After on 503 answers. */
  static final String RETRY_AFTER = "retryAfter";

  private ApiResponses() {
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  /**
   * An error answer; its {@code run_id} names the failed run that was recorded, when there is one, and
   * {@code anomalies} carries what the detectors found in it.
   */
  static void error(RoutingContext ctx, ErrorBody error) {
    if (error.status() == 503 && !ctx.response().ended()) {
      ctx.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds(ctx, error)));
    }
    JsonObject body = error.toHttpJson().put("request_id", requestId(ctx));
    if (error.runId() != null) {
      body.put("run_id", error.runId());
    }
    if (error.anomalies() != null) {
      body.put("anomalies", error.anomalies());
    }
    json(ctx, error.status(), new JsonObject().put("error", body));
  }

  /** An open QNN circuit is retried when it half-opens; anything else after the configured pause. */
  private static int retryAfterSeconds(RoutingContext ctx, ErrorBody error) {
    ResilienceConfig cfg = ctx.get(RETRY_AFTER);
    if (cfg == null) {
      return 5;
    }
    return ErrorCodes.QNN_CIRCUIT_OPEN.equals(error.code()) ? cfg.breakerRetryAfterSeconds()
        : cfg.retryAfterSeconds();
  }

  static String requestId(RoutingContext ctx) {
    return ctx.get(REQUEST_ID);
  }
}
