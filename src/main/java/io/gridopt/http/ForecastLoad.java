package io.gridopt.http;

import io.gridopt.domain.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Uses a completed forecast run as the load of a storage request: its median forecast
 * ({@code result.point}, in {@code result.unit}) becomes {@code load_kw}, converted to kW. The
 * forecast's step must equal the request's {@code dt_hours}.
 */
final class ForecastLoad {
  private static final String FIELD = "forecast_run_id";

  private ForecastLoad() {
  }

  static JsonObject apply(JsonObject storageRequest, JsonObject forecastRun) {
    if (!"forecast".equals(forecastRun.getString("request_type"))) {
      throw new ValidationException(FIELD, "names a " + forecastRun.getString("request_type") + " run, not a forecast");
    }
    if (!"completed".equals(forecastRun.getString("status"))) {
      throw new ValidationException(FIELD, "names a forecast run that failed");
    }
    JsonObject result = forecastRun.getJsonObject("result", new JsonObject());
    JsonArray point = result.getJsonArray("point");
    if (point == null || point.isEmpty()) {
      throw new ValidationException(FIELD, "names a forecast run without a point forecast");
    }
    double factor = "MW".equals(result.getString("unit")) ? 1000.0 : 1.0;
    Object dt = storageRequest.getValue("dt_hours");
    double dtHours = dt instanceof Number n ? n.doubleValue() : 1.0;
    int intervalMinutes = result.getInteger("interval_minutes", 60);
    if (Math.abs(dtHours * 60 - intervalMinutes) > 1e-9) {
      throw new ValidationException(FIELD, "forecast has " + intervalMinutes + "-minute steps but dt_hours is "
          + dtHours);
    }
    JsonArray loadKw = new JsonArray();
    for (int i = 0; i < point.size(); i++) {
      loadKw.add(point.getDouble(i) * factor);
    }
    return storageRequest.copy().put("load_kw", loadKw);
  }
}
