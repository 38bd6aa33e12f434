package io.gridopt.bus;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/**
 * Request of {@code gridopt.persistence.run.list}, the filters of {@code GET /runs}: all optional; {@code from}/{@code to} bound {@code created_at}
 * (from inclusive, to exclusive); {@code cursor} continues a previous page (newest first).
 */
public record RunFilter(String requestType, String region, String status, OffsetDateTime from, OffsetDateTime to,
                        int limit, String cursor) {
  public static final int MAX_LIMIT = 200;

  public JsonObject toJson() {
    return new JsonObject().put("request_type", requestType).put("region", region).put("status", status)
        .put("from", from == null ? null : from.toString()).put("to", to == null ? null : to.toString())
        .put("limit", limit).put("cursor", cursor);
  }

  public static RunFilter fromJson(JsonObject json) {
    String from = json.getString("from");
    String to = json.getString("to");
    return new RunFilter(json.getString("request_type"), json.getString("region"), json.getString("status"),
        from == null ? null : OffsetDateTime.parse(from), to == null ? null : OffsetDateTime.parse(to),
        json.getInteger("limit", 50), json.getString("cursor"));
  }
}
