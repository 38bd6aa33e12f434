package io.gridopt.problem;

import io.gridopt.anomaly.Anomaly;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Findings as they travel to the persistence verticle (the stored form adds id, run, status and times). */
public final class AnomalyJson {
  private AnomalyJson() {
  }

  public static JsonArray toJson(List<Anomaly> anomalies) {
    JsonArray array = new JsonArray();
    for (Anomaly a : anomalies) {
      array.add(new JsonObject()
          .put("type", a.type())
          .put("severity", a.severity().wireName())
          .put("description", a.description())
          .put("suggested_actions", new JsonArray(List.copyOf(a.suggestedActions())))
          .put("start", a.start() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(a.start()))
          .put("end", a.end() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(a.end()))
          .put("buses", new JsonArray(List.copyOf(a.buses())))
          .put("branches", new JsonArray(List.copyOf(a.branches())))
          .put("figures", new JsonObject(new java.util.LinkedHashMap<>(a.figures()))));
    }
    return array;
  }
}
