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
}
