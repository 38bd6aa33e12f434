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
 * encoded) and as it is written on HTTP: {@code {"error":{status, code, message, details}}}. Codes:
 * {@link ErrorCodes}. {@code runId} names the failed run that was recorded for it, when there is one,
 * and {@code anomalies} are what the detectors found in that run (null when no run was recorded).
 */
public record ErrorBody(int status, String code, String message, List<FieldError> details, JsonObject upstream,
                        String runId, JsonArray anomalies) {

  public ErrorBody {
    details = details == null ? List.of() : List.copyOf(details);
  }

  public ErrorBody(int status, String code, String message, List<FieldError> details) {
    this(status, code, message, details, null, null, null);
  }

  /** The same error, naming a run that may have been recorded for it. */
  public ErrorBody withRunId(String id) {
    return new ErrorBody(status, code, message, details, upstream, id, anomalies);
  }

  /**
   * The same error with the failed run recorded for it: its id and what the detectors found in it, so
   * that the client learns why without a second request.
   */
  public ErrorBody withRun(RunView run) {
    return new ErrorBody(status, code, message, details, upstream, run.runId().toString(),
        run.anomalies() == null ? new JsonArray() : run.anomalies());
  }

  public static ErrorBody of(int status, String code, String message) {
    return new ErrorBody(status, code, message, List.of());
  }

  /** A failure that already is an error body (a recorded failed run's, with its run id). */
  public static final class Failure extends RuntimeException {
    private final transient ErrorBody body;

    public Failure(ErrorBody body) {
      super(body.message(), null, false, false);
      this.body = body;
    }
  }

  /** Maps any failure to its error body: domain exceptions keep their meaning, bus failures map to 503/504. */
  public static ErrorBody from(Throwable failure) {
    if (failure instanceof Failure f) {
      return f.body;
    }
    if (failure instanceof ValidationException e) {
      return new ErrorBody(400, ErrorCodes.VALIDATION_FAILED, e.getMessage(), e.errors());
    }
    if (failure instanceof InfeasibleException e) {
      return new ErrorBody(422, ErrorCodes.INFEASIBLE, e.getMessage(), e.binding());
    }
    if (failure instanceof ServiceException e) {
      return new ErrorBody(e.status(), e.code(), e.getMessage(), e.details(),
          e.upstream() == null ? null : new JsonObject(e.upstream()), null, null);
    }
    if (failure instanceof ReplyException e) {
      Integer busStatus = ErrorCodes.forBusFailure(e.failureType());
      if (busStatus == null) {
        return decode(e.failureCode(), e.getMessage());
      }
      return busStatus == 503 ? of(503, ErrorCodes.UNAVAILABLE, "service not available: " + e.getMessage())
          : of(504, ErrorCodes.TIMEOUT, "no answer in time: " + e.getMessage());
    }
    if (failure instanceof TimeoutException) {
      return of(504, ErrorCodes.TIMEOUT, String.valueOf(failure.getMessage()));
    }
    return of(500, ErrorCodes.INTERNAL_ERROR, failure.getClass().getSimpleName() + ": " + failure.getMessage());
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
    return of(code, ErrorCodes.forStatus(code), message);
  }

  /** The form that travels on the bus, upstream answer and run id included. */
  public JsonObject toJson() {
    JsonObject json = toHttpJson();
    if (runId != null) {
      json.put("run_id", runId);
    }
    if (anomalies != null) {
      json.put("anomalies", anomalies);
    }
    return upstream == null ? json : json.put("upstream", upstream);
  }

  /** The form shown to API clients: without the raw upstream answer (the run id is added beside the request id). */
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
    return new ErrorBody(status, json.getString("code", ErrorCodes.forStatus(status)), json.getString("message"), details,
        json.getJsonObject("upstream"), json.getString("run_id"), json.getJsonArray("anomalies"));
  }
}
