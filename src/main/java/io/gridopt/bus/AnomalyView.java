package io.gridopt.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * A stored anomaly as the API shows it: the reply of {@code gridopt.persistence.anomaly.get} and
 * {@code gridopt.persistence.anomaly.resolve}, each anomaly of an {@link AnomalyPage}, and each finding of a run.
 * {@code runId}, {@code region} and {@code requestType} are those of its run; {@code start} and {@code end}
 * bound a finding in a series (null for the others); {@code figures} are the detector's numbers.
 */
public record AnomalyView(UUID anomalyId, UUID runId, String region, String requestType, String type,
                          String severity, String description, List<String> suggestedActions, OffsetDateTime start,
                          OffsetDateTime end, List<String> buses, List<String> branches, JsonObject figures,
                          boolean resolved, OffsetDateTime detectedAt, OffsetDateTime resolvedAt) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("anomaly_id", anomalyId.toString())
        .put("run_id", runId == null ? null : runId.toString())
        .put("region", region)
        .put("request_type", requestType)
        .put("type", type)
        .put("severity", severity)
        .put("description", description)
        .put("suggested_actions", new JsonArray(List.copyOf(suggestedActions)))
        .put("start", iso(start))
        .put("end", iso(end))
        .put("buses", new JsonArray(List.copyOf(buses)))
        .put("branches", new JsonArray(List.copyOf(branches)))
        .put("figures", figures)
        .put("resolved", resolved)
        .put("detected_at", iso(detectedAt))
        .put("resolved_at", iso(resolvedAt));
  }

  public static AnomalyView fromJson(JsonObject json) {
    String run = json.getString("run_id");
    return new AnomalyView(UUID.fromString(json.getString("anomaly_id")), run == null ? null : UUID.fromString(run),
        json.getString("region"), json.getString("request_type"), json.getString("type"), json.getString("severity"),
        json.getString("description"), strings(json.getJsonArray("suggested_actions")), time(json.getString("start")),
        time(json.getString("end")), strings(json.getJsonArray("buses")), strings(json.getJsonArray("branches")),
        json.getJsonObject("figures"), json.getBoolean("resolved", false), time(json.getString("detected_at")),
        time(json.getString("resolved_at")));
  }

  /** RFC 3339 with seconds (OffsetDateTime.toString drops ":00"). */
  private static String iso(OffsetDateTime t) {
    return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
  }

  private static OffsetDateTime time(String value) {
    return value == null ? null : OffsetDateTime.parse(value);
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }
}
