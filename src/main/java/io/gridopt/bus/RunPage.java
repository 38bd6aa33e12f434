package io.gridopt.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Reply of {@code gridopt.persistence.run.list}: runs newest first, and the cursor of the next page (or null). */
public record RunPage(List<RunView> runs, String nextCursor) {

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    runs.forEach(run -> array.add(run.toJson()));
    return new JsonObject().put("runs", array).put("next_cursor", nextCursor);
  }

  public static RunPage fromJson(JsonObject json) {
    List<RunView> runs = new ArrayList<>();
    json.getJsonArray("runs").forEach(run -> runs.add(RunView.fromJson((JsonObject) run)));
    return new RunPage(runs, json.getString("next_cursor"));
  }
}
