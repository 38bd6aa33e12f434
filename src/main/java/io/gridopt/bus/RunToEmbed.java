package io.gridopt.bus;

import io.gridopt.domain.RequestType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A stored run whose summary is to be embedded again (re-embedding with another model): what its summary
 * is written from. {@code requestType} is null for a type this build does not know.
 */
public record RunToEmbed(UUID runId, RequestType requestType, String region, LocalDate forecastDate, String status,
                         String error, JsonObject input, JsonObject result, JsonArray anomalies) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("run_id", runId.toString())
        .put("request_type", requestType == null ? null : requestType.wireName())
        .put("region", region)
        .put("forecast_date", forecastDate == null ? null : forecastDate.toString())
        .put("status", status)
        .put("error", error)
        .put("input", input)
        .put("result", result)
        .put("anomalies", anomalies);
  }

  public static RunToEmbed fromJson(JsonObject json) {
    String date = json.getString("forecast_date");
    String type = json.getString("request_type");
    return new RunToEmbed(UUID.fromString(json.getString("run_id")),
        type == null ? null : RequestType.fromWire(type).orElse(null), json.getString("region"),
        date == null ? null : LocalDate.parse(date), json.getString("status"), json.getString("error"),
        json.getJsonObject("input"), json.getJsonObject("result"), json.getJsonArray("anomalies", new JsonArray()));
  }
}
