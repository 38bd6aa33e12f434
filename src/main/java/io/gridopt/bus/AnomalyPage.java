package io.gridopt.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reply of {@code gridopt.persistence.anomaly.list}, the answer of {@code GET /anomalies}: anomalies newest
 * first, and the cursor of the next page (or null).
 */
public record AnomalyPage(List<AnomalyView> anomalies, String nextCursor) {

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    anomalies.forEach(anomaly -> array.add(anomaly.toJson()));
    return new JsonObject().put("anomalies", array).put("next_cursor", nextCursor);
  }

  public static AnomalyPage fromJson(JsonObject json) {
    List<AnomalyView> anomalies = new ArrayList<>();
    json.getJsonArray("anomalies").forEach(anomaly -> anomalies.add(AnomalyView.fromJson((JsonObject) anomaly)));
    return new AnomalyPage(anomalies, json.getString("next_cursor"));
  }
}
