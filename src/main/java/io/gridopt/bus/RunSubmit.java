package io.gridopt.bus;

import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.vertx.core.json.JsonObject;

/**
 * Request of {@code gridopt.runs.submit}: one optimization run, exactly as the HTTP endpoints take it:
 * {@code request_type} (forecast, storage, grid_switch, network_dispatch) and {@code body}, the request body
 * of that endpoint. The reply is the stored run ({@link RunView}); failures are those of the endpoint
 * (docs/bus.md), and a failed run that was recorded names itself in the error's {@code run_id}.
 */
public record RunSubmit(RequestType requestType, JsonObject body) {

  public JsonObject toJson() {
    return new JsonObject().put("request_type", requestType.wireName()).put("body", body);
  }

  /** A message from another verticle: a wrong type or a missing body is a 400 naming the field. */
  public static RunSubmit fromJson(JsonObject json) {
    Object type = json.getValue("request_type");
    RequestType requestType = type instanceof String s ? RequestType.fromWire(s).orElse(null) : null;
    if (requestType == null || requestType == RequestType.SIMULATION) {
      throw new ValidationException("request_type", "must be one of forecast, storage, grid_switch, network_dispatch");
    }
    if (!(json.getValue("body") instanceof JsonObject body)) {
      throw new ValidationException("body", "must be a JSON object: the request body of the endpoint");
    }
    return new RunSubmit(requestType, body);
  }
}
