package io.gridopt.bus;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * Request of the addresses that take one id: {@code gridopt.persistence.run.get},
 * {@code gridopt.persistence.anomaly.get} and {@code gridopt.persistence.anomaly.resolve}.
 */
public record RunId(UUID id) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString());
  }

  public static RunId fromJson(JsonObject json) {
    return new RunId(UUID.fromString(json.getString("id")));
  }
}
