package io.gridopt.testsupport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Valid request bodies for each endpoint, small enough to read. */
public final class Requests {
  private Requests() {
  }

  /** Three hours, one cheap and two dear, a 10 kWh battery: the optimum charges first and discharges later. */
  public static JsonObject storage(String region) {
    return new JsonObject()
        .put("region", region)
        .put("start", "2024-07-01T00:00:00Z")
        .put("dt_hours", 1)
        .put("load_kw", new JsonArray().add(5).add(5).add(5))
        .put("import_price", new JsonArray().add(0.10).add(0.30).add(0.30))
        .put("battery", new JsonObject()
            .put("capacity_kwh", 10).put("max_charge_kw", 5).put("max_discharge_kw", 5)
            .put("charge_efficiency", 1.0).put("discharge_efficiency", 1.0).put("initial_soc_kwh", 0));
  }

  /** Four weeks of an exact daily profile in MW, 100 + 20 sin(2 pi h / 24), ending 2024-06-30 23:00 UTC. */
  public static JsonObject forecast(String region) {
    JsonArray values = new JsonArray();
    for (int h = 0; h < 28 * 24; h++) {
      values.add(100 + 20 * Math.sin(2 * Math.PI * h / 24));
    }
    return new JsonObject().put("region", region).put("unit", "MW").put("horizon_hours", 24)
        .put("history", new JsonObject().put("start", "2024-06-03T00:00:00Z").put("interval_minutes", 60)
            .put("values", values));
  }
}
