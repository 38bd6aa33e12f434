package io.gridopt.bus;

import io.vertx.core.json.JsonObject;

/**
 * Request of {@code gridopt.embedding.reembed}: start one re-embedding pass over the stored runs, in batches
 * of {@code batchSize}; with {@code waitForEnd} (JSON {@code wait}), answer when the pass has ended.
 */
public record Reembed(int batchSize, boolean waitForEnd) {
  public static final int DEFAULT_BATCH_SIZE = 100;

  public JsonObject toJson() {
    return new JsonObject().put("batch_size", batchSize).put("wait", waitForEnd);
  }

  public static Reembed fromJson(JsonObject json) {
    return new Reembed(json.getInteger("batch_size", DEFAULT_BATCH_SIZE), json.getBoolean("wait", false));
  }

  /**
   * Its reply: the current model; whether a pass {@code started} (false with the {@code reason} when one is
   * already running); with {@code wait}, how many runs were {@code reembedded}.
   */
  public record Status(String model, Boolean started, String reason, Integer reembedded) {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("model", model);
      if (started != null) {
        json.put("started", started);
      }
      if (reason != null) {
        json.put("reason", reason);
      }
      if (reembedded != null) {
        json.put("reembedded", reembedded);
      }
      return json;
    }

    public static Status fromJson(JsonObject json) {
      return new Status(json.getString("model"), json.getBoolean("started"), json.getString("reason"),
          json.getInteger("reembedded"));
    }
  }
}
