package io.gridopt.bus;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Request of {@code gridopt.persistence.anomaly.list}, the filters of {@code GET /anomalies}: all optional; {@code from}/{@code to} bound {@code detected_at}
 * (from inclusive, to exclusive); {@code cursor} continues a previous page (newest first).
 */
public record AnomalyFilter(String type, String severity, String region, UUID runId, Boolean resolved,
                            OffsetDateTime from, OffsetDateTime to, int limit, String cursor) {

  public JsonObject toJson() {
    return new JsonObject().put("type", type).put("severity", severity).put("region", region)
        .put("run_id", runId == null ? null : runId.toString()).put("resolved", resolved)
        .put("from", from == null ? null : from.toString()).put("to", to == null ? null : to.toString())
        .put("limit", limit).put("cursor", cursor);
  }

  public static AnomalyFilter fromJson(JsonObject json) {
    String from = json.getString("from");
    String to = json.getString("to");
    String run = json.getString("run_id");
    return new AnomalyFilter(json.getString("type"), json.getString("severity"), json.getString("region"),
        run == null ? null : UUID.fromString(run), json.getBoolean("resolved"),
        from == null ? null : OffsetDateTime.parse(from), to == null ? null : OffsetDateTime.parse(to),
        json.getInteger("limit", 50), json.getString("cursor"));
  }
}
