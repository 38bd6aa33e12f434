package io.gridopt.runs;

import io.gridopt.bus.RunView;
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

  static JsonObject apply(JsonObject storageRequest, RunView forecastRun) {
    JsonArray loadKw = pointKw(storageRequest, forecastRun);
    return storageRequest.copy().put("load_kw", loadKw);
  }

  /**
   * Uses a completed forecast run as the {@code load_profile} of a network-dispatch request: the median
   * forecast divided by its peak, so that the feeder's bus loads are its peak load. The forecast must
   * have as many steps as the request's {@code import_price}.
   */
  static JsonObject applyAsProfile(JsonObject dispatchRequest, RunView forecastRun) {
    JsonArray loadKw = pointKw(dispatchRequest, forecastRun);
    double peak = 0;
    for (int i = 0; i < loadKw.size(); i++) {
      peak = Math.max(peak, loadKw.getDouble(i));
    }
    if (!(peak > 0)) {
      throw new ValidationException(FIELD, "names a forecast whose peak is not positive");
    }
    if (dispatchRequest.getValue("import_price") instanceof JsonArray prices && prices.size() != loadKw.size()) {
      throw new ValidationException(FIELD, "forecast has " + loadKw.size() + " steps but import_price has "
          + prices.size());
    }
    JsonArray profile = new JsonArray();
    for (int i = 0; i < loadKw.size(); i++) {
      profile.add(loadKw.getDouble(i) / peak);
    }
    return dispatchRequest.copy().put("load_profile", profile);
  }

  /** The forecast's median in kW, checked to be a completed forecast with the request's step. */
  private static JsonArray pointKw(JsonObject request, RunView forecastRun) {
    if (!"forecast".equals(forecastRun.requestType())) {
      throw new ValidationException(FIELD, "names a " + forecastRun.requestType() + " run, not a forecast");
    }
    if (!"completed".equals(forecastRun.status())) {
      throw new ValidationException(FIELD, "names a forecast run that failed");
    }
    JsonObject result = forecastRun.result() == null ? new JsonObject() : forecastRun.result();
    JsonArray point = result.getJsonArray("point");
    if (point == null || point.isEmpty()) {
      throw new ValidationException(FIELD, "names a forecast run without a point forecast");
    }
    double factor = "MW".equals(result.getString("unit")) ? 1000.0 : 1.0;
    Object dt = request.getValue("dt_hours");
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
    return loadKw;
  }
}
