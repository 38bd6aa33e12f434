package io.gridopt.bus;

import io.vertx.core.json.JsonObject;

/**
 * Notice sent by an engine node to {@code gridopt.engine.accepted.<client>} on receipt of a
 * {@code gridopt.engine.predict} attempt, before solving: attempt {@code attemptId} (the request's
 * {@code x-gridopt-attempt} header) is in the hands of cluster node {@code nodeId}.
 */
public record EngineAccepted(String attemptId, String nodeId) {

  public JsonObject toJson() {
    return new JsonObject().put("attempt", attemptId).put("node", nodeId);
  }

  public static EngineAccepted fromJson(JsonObject json) {
    return new EngineAccepted(json.getString("attempt"), json.getString("node"));
  }
}
