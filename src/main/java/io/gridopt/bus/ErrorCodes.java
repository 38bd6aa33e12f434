package io.gridopt.bus;

import io.vertx.core.eventbus.ReplyFailure;

/**
 * The failure codes of the bus, in one place. A consumer fails a message with {@code msg.fail(status,
 * errorJson)}: the failure code of the {@link io.vertx.core.eventbus.ReplyException} is the HTTP status the
 * API answers with, and the failure message is an {@link ErrorBody} as JSON, whose {@code code} names the
 * case. Failures the bus produces itself map by their {@link ReplyFailure}: no consumer is 503, no answer in
 * time is 504. See docs/bus.md.
 */
public final class ErrorCodes {
  /** 400: the request names a bad field (details list each one); nothing was stored. */
  public static final String VALIDATION_FAILED = "validation_failed";
  public static final String BAD_REQUEST = "bad_request";
  public static final String UNAUTHORIZED = "unauthorized";
  /** 404: no run or anomaly with that id. */
  public static final String NOT_FOUND = "not_found";
  public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
  public static final String BODY_TOO_LARGE = "body_too_large";
  /** 414 and 431: the HTTP decoder refused the request line or the headers. */
  public static final String URI_TOO_LONG = "uri_too_long";
  public static final String HEADERS_TOO_LARGE = "headers_too_large";
  /** 422: a valid problem without a solution (details name the binding constraints). */
  public static final String INFEASIBLE = "infeasible";
  public static final String INTERNAL_ERROR = "internal_error";
  /** 501: no solver for the request's type in this build. */
  public static final String NOT_IMPLEMENTED = "not_implemented";
  /** 502: the QNN answered, but not with a usable result. */
  public static final String QNN_BAD_RESPONSE = "qnn_bad_response";
  /** 503: a service (database, QNN, a verticle) is not available. */
  public static final String UNAVAILABLE = "unavailable";
  /** 503: every solver thread busy and the engine's queue full; the request was not accepted (no run recorded). */
  public static final String ENGINE_SATURATED = "engine_saturated";
  /** 503: the remote QNN's circuit breaker is open; retried when it half-opens. */
  public static final String QNN_CIRCUIT_OPEN = "qnn_circuit_open";
  /** 503: the database refused or lost the connection. */
  public static final String DATABASE_UNAVAILABLE = "database_unavailable";
  /** 504: a callee did not answer within its deadline. */
  public static final String TIMEOUT = "timeout";

  private ErrorCodes() {
  }

  /** The code of a failure that carries only a status (a plain-text failure from a consumer that is not ours). */
  public static String forStatus(int status) {
    return switch (status) {
      case 400 -> VALIDATION_FAILED;
      case 401 -> UNAUTHORIZED;
      case 404 -> NOT_FOUND;
      case 405 -> METHOD_NOT_ALLOWED;
      case 413 -> BODY_TOO_LARGE;
      case 422 -> INFEASIBLE;
      case 501 -> NOT_IMPLEMENTED;
      case 502 -> QNN_BAD_RESPONSE;
      case 503 -> UNAVAILABLE;
      case 504 -> TIMEOUT;
      default -> status < 500 ? BAD_REQUEST : INTERNAL_ERROR;
    };
  }

  /** The status of a failure the bus itself produced; null for a consumer's own failure (its code is the status). */
  public static Integer forBusFailure(ReplyFailure failure) {
    return switch (failure) {
      case NO_HANDLERS -> 503;
      case TIMEOUT -> 504;
      default -> null;
    };
  }
}
