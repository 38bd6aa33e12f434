package io.gridopt.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Request of {@code gridopt.persistence.embedding.pending}: up to {@code limit} runs without a vector of {@code model}. */
public record PendingEmbeddings(String model, int limit) {

  public JsonObject toJson() {
    return new JsonObject().put("model", model).put("limit", limit);
  }

  public static PendingEmbeddings fromJson(JsonObject json) {
    return new PendingEmbeddings(json.getString("model"), json.getInteger("limit"));
  }

  /** Its reply: the runs, oldest first; empty when every run has a vector of the model. */
  public record Runs(List<RunToEmbed> runs) {
    public JsonObject toJson() {
      JsonArray array = new JsonArray();
      runs.forEach(run -> array.add(run.toJson()));
      return new JsonObject().put("runs", array);
    }

    public static Runs fromJson(JsonObject json) {
      List<RunToEmbed> runs = new ArrayList<>();
      json.getJsonArray("runs").forEach(run -> runs.add(RunToEmbed.fromJson((JsonObject) run)));
      return new Runs(runs);
    }
  }
}
