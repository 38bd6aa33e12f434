package io.gridopt.bus;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.InfeasibleException;
import io.gridopt.domain.ServiceException;
import io.gridopt.domain.ValidationException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * An error as it travels on the bus (as the failure message of a {@link ReplyException}, JSON
 * encoded) and as it is written on HTTP: {@code {"error":{status, code, message, details}}}.
 */
public record ErrorBody(int status, String code, String message, List<FieldError> details, JsonObject upstream) {

  public ErrorBody {
    details = details == null ? List.of() : List.copyOf(details);
  }

  public ErrorBody(int status, String code, String message, List<FieldError> details) {
    this(status, code, message, details, null);
  }

  public static ErrorBody of(int status, String code, String message) {
    return new ErrorBody(status, code, message, List.of());
  }

  /** Maps any failure to its error body: domain exceptions keep their meaning, bus failures map to 503/504. */
  public static ErrorBody from(Throwable failure) {
    if (failure instanceof ValidationException e) {
      return new ErrorBody(400, "validation_failed", e.getMessage(), e.errors());
    }
    if (failure instanceof InfeasibleException e) {
      return new ErrorBody(422, "infeasible", e.getMessage(), e.binding());
    }
    if (failure instanceof ServiceException e) {
      return new ErrorBody(e.status(), e.code(), e.getMessage(), e.details(),
          e.upstream() == null ? null : new JsonObject(e.upstream()));
    }
    if (failure instanceof ReplyException e) {
      return switch (e.failureType()) {
        case NO_HANDLERS -> of(503, "unavailable", "service not available: " + e.getMessage());
        case TIMEOUT -> of(504, "timeout", "no answer in time: " + e.getMessage());
        default -> decode(e.failureCode(), e.getMessage());
      };
    }
    if (failure instanceof TimeoutException) {
      return of(504, "timeout", String.valueOf(failure.getMessage()));
    }
    return of(500, "internal_error", failure.getClass().getSimpleName() + ": " + failure.getMessage());
  }

  /** The failure message of a bus reply: our JSON when it is one, else the plain text. */
  private static ErrorBody decode(int status, String message) {
    if (message != null && message.startsWith("{")) {
      try {
        return fromJson(new JsonObject(message));
      } catch (DecodeException | ClassCastException ignored) {
        // fall through: a plain-text failure from a consumer that is not ours
      }
    }
    int code = status >= 400 && status < 600 ? status : 500;
    return of(code, codeFor(code), message);
  }

  public static String codeFor(int status) {
    return switch (status) {
      case 400 -> "validation_failed";
      case 401 -> "unauthorized";
      case 404 -> "not_found";
      case 413 -> "body_too_large";
      case 422 -> "infeasible";
      case 501 -> "not_implemented";
      case 502 -> "qnn_bad_response";
      case 503 -> "unavailable";
      case 504 -> "timeout";
      default -> status < 500 ? "bad_request" : "internal_error";
    };
  }

  /** The form that travels on the bus, upstream answer included. */
  public JsonObject toJson() {
    JsonObject json = toHttpJson();
    return upstream == null ? json : json.put("upstream", upstream);
  }

  /** The form shown to API clients: without the raw upstream answer. */
  public JsonObject toHttpJson() {
    JsonArray detailJson = new JsonArray();
    details.forEach(d -> detailJson.add(new JsonObject().put("field", d.field()).put("problem", d.problem())));
    return new JsonObject().put("status", status).put("code", code).put("message", message).put("details", detailJson);
  }

  public static ErrorBody fromJson(JsonObject json) {
    List<FieldError> details = new ArrayList<>();
    JsonArray array = json.getJsonArray("details", new JsonArray());
    for (int i = 0; i < array.size(); i++) {
      JsonObject d = array.getJsonObject(i);
      details.add(new FieldError(d.getString("field"), d.getString("problem")));
    }
    int status = json.getInteger("status", 500);
    return new ErrorBody(status, json.getString("code", codeFor(status)), json.getString("message"), details,
        json.getJsonObject("upstream"));
  }
}
