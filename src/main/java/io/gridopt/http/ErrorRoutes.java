package io.gridopt.http;

import io.gridopt.bus.ErrorBody;
import io.gridopt.bus.ErrorCodes;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The router's own failures (no route, wrong method, body too large, ...) and undecodable requests, in our error shape. */
final class ErrorRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorRoutes.class);

  private ErrorRoutes() {
  }

  static void mount(Router router, long bodyLimitBytes) {
    router.errorHandler(404, ctx -> ApiResponses.error(ctx, ErrorBody.of(404, ErrorCodes.NOT_FOUND,
        "no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
    router.errorHandler(405, ctx -> ApiResponses.error(ctx, ErrorBody.of(405, ErrorCodes.METHOD_NOT_ALLOWED,
        ctx.request().method() + " is not allowed on " + ctx.request().path())));
    router.errorHandler(413, ctx -> ApiResponses.error(ctx, ErrorBody.of(413, ErrorCodes.BODY_TOO_LARGE,
        "request body exceeds " + bodyLimitBytes + " bytes")));
    router.errorHandler(400, ctx -> ApiResponses.error(ctx, ErrorBody.of(400, ErrorCodes.BAD_REQUEST,
        "the request could not be read")));
    router.errorHandler(503, ctx -> ApiResponses.error(ctx, ErrorBody.of(503, ErrorCodes.UNAVAILABLE,
        ctx.failure() == null ? "service unavailable" : ctx.failure().getMessage())));
    router.errorHandler(500, ctx -> {
      LOG.error("[{}] unhandled failure", ApiResponses.requestId(ctx), ctx.failure());
      ApiResponses.error(ctx, ErrorBody.of(500, ErrorCodes.INTERNAL_ERROR, "internal error"));
    });
  }

  /**
   * A request the HTTP decoder refused (request line over 4096 bytes, headers over 8 KiB, malformed):
   * answered in our JSON error shape too, then the connection is closed as Vert.x does by default.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    String kind = cause == null ? "" : cause.getClass().getSimpleName();
    ErrorBody error = kind.equals("TooLongHttpLineException")
        ? ErrorBody.of(414, ErrorCodes.URI_TOO_LONG, "the request line exceeds 4096 bytes")
        : kind.equals("TooLongHttpHeaderException")
            ? ErrorBody.of(431, ErrorCodes.HEADERS_TOO_LARGE, "the request headers exceed 8192 bytes")
            : ErrorBody.of(400, ErrorCodes.BAD_REQUEST, "the HTTP request could not be decoded");
    String requestId = UUID.randomUUID().toString();
    request.response().setStatusCode(error.status()).putHeader("content-type", "application/json")
        .putHeader("x-request-id", requestId)
        .end(new JsonObject().put("error", error.toHttpJson().put("request_id", requestId)).encode())
        .onComplete(v -> request.connection().close());
  }
}
