package io.gridopt.bus;

import io.vertx.core.json.JsonObject;

/**
 * Request of {@code gridopt.qnn.predict} (and of {@code gridopt.engine.predict}, which the QNN client forwards
 * it to): the QNN contract's descriptive {@code code} string, model and mode, plus our structured
 * {@code input} (the validated request body) and its {@code task} (the request type's wire name).
 */
public record QnnRequest(String code, String modelId, String mode, Number optimizationLevel, String task,
                         JsonObject input) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("code", code)
        .put("model_id", modelId)
        .put("mode", mode)
        .put("optimization_level", optimizationLevel)
        .put("task", task)
        .put("input", input);
  }

  /** Lenient: a field of the wrong type reads as absent (the engine answers 400 for a missing task or input). */
  public static QnnRequest fromJson(JsonObject json) {
    return new QnnRequest(string(json, "code"), string(json, "model_id"), string(json, "mode"),
        json.getValue("optimization_level") instanceof Number n ? n : null, string(json, "task"),
        json.getValue("input") instanceof JsonObject input ? input : null);
  }

  private static String string(JsonObject json, String key) {
    return json.getValue(key) instanceof String s ? s : null;
  }
}
