package io.gridopt.bus;

import io.gridopt.domain.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Reply of {@code gridopt.embedding.embed} and {@code embed-query}: the model, the text that was embedded
 * and its vector, normalised and zero-padded to the stored width. Vectors travel as arrays of numbers.
 */
public record Embedding(String model, String content, float[] vector) {

  public JsonObject toJson() {
    return new JsonObject().put("model", model).put("content", content).put("vector", array(vector));
  }

  public static JsonArray array(float[] vector) {
    JsonArray values = new JsonArray();
    for (float v : vector) {
      values.add(v);
    }
    return values;
  }

  /** Null for null (a run stored without an embedding). */
  public static Embedding fromJson(JsonObject json) {
    if (json == null) {
      return null;
    }
    return new Embedding(json.getString("model"), json.getString("content"), floats(json.getJsonArray("vector")));
  }

  /** The numbers of a vector array; a missing or non-numeric one is a 400 naming the field. */
  public static float[] floats(JsonArray values) {
    if (values == null) {
      throw new ValidationException("vector", "is required");
    }
    float[] floats = new float[values.size()];
    for (int i = 0; i < floats.length; i++) {
      if (!(values.getValue(i) instanceof Number n)) {
        throw new ValidationException("vector[" + i + "]", "must be a number");
      }
      floats[i] = n.floatValue();
    }
    return floats;
  }
}
