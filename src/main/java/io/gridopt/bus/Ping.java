package io.gridopt.bus;

import io.vertx.core.json.JsonObject;

/**
 * Request of the probes {@code gridopt.persistence.ping}, {@code gridopt.qnn.health}, {@code gridopt.engine.ping}
 * and {@code gridopt.embedding.ping}: an empty object. A probe that fails answers with its failure (503, 504);
 * one that succeeds with {@link Up}.
 */
public record Ping() {

  public JsonObject toJson() {
    return new JsonObject();
  }

  /**
   * A probe's success: {@code status} "UP", and what the answering role says of itself: the QNN its {@code mode},
   * an engine node its {@code node_id}, the embedder its {@code model}; the database nothing more. Absent parts
   * are null and left out of the JSON.
   */
  public record Up(String mode, String nodeId, String model) {
    public static final String STATUS = "UP";

    public static Up database() {
      return new Up(null, null, null);
    }

    public static Up qnn(String mode) {
      return new Up(mode, null, null);
    }

    public static Up engine(String nodeId) {
      return new Up(null, nodeId, null);
    }

    public static Up embedding(String model) {
      return new Up(null, null, model);
    }

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("status", STATUS);
      if (mode != null) {
        json.put("mode", mode);
      }
      if (nodeId != null) {
        json.put("node_id", nodeId);
      }
      if (model != null) {
        json.put("model", model);
      }
      return json;
    }

    /** A reply that does not say "UP" is not a success: read as such it would report a probe healthy. */
    public static Up fromJson(JsonObject json) {
      if (!STATUS.equals(json.getString("status"))) {
        throw new IllegalArgumentException("a probe's reply without status UP: " + json.encode());
      }
      return new Up(json.getString("mode"), json.getString("node_id"), json.getString("model"));
    }
  }
}
