package io.gridopt.solver.dispatch;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The six reference instances of network-aware dispatch on the IEEE 33-bus feeder (copies of
 * shared/data/dispatch in src/test/resources/dispatch), converted to /network-dispatch requests, with the
 * reference costs their README gives (global optima of the AC problem, from a conic solver of the
 * exact branch-flow relaxation).
 */
public final class DispatchInstances {
  /** Base voltage of case33bw (kV): a rating in kVA at 1 pu is a current of kVA / (sqrt(3) * kV). */
  private static final double BASE_KV = 12.66;

  public record Instance(String name, JsonObject request, double referenceCost) {
  }

  public static final List<String> NAMES = List.of("33bw-01-spring-tou-endpv", "33bw-02-summer-da-headlimit",
      "33bw-03-sunday-duck-2bat", "33bw-04-winter-tou-2peaks", "33bw-05-lateral-limit", "33bw-06-autumn-da-3bat");
  private static final double[] REFERENCE_COST = {7943.5565, 8602.0586, 1968.5981, 10641.4124, 8585.2143, 4618.8192};

  private DispatchInstances() {
  }

  public static List<Instance> all() {
    return java.util.stream.IntStream.range(0, NAMES.size())
        .mapToObj(i -> new Instance(NAMES.get(i), toRequest(read(NAMES.get(i))), REFERENCE_COST[i])).toList();
  }

  public static JsonObject read(String name) {
    try (InputStream in = DispatchInstances.class.getResourceAsStream("/dispatch/" + name + ".json")) {
      if (in == null) {
        throw new IllegalStateException("missing test resource dispatch/" + name + ".json");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The instance as a request: same network, series, devices and limits, in the API's fields and units. */
  public static JsonObject toRequest(JsonObject instance) {
    JsonObject request = new JsonObject()
        .put("region", "DAYTON")
        .put("start", instance.getString("start").substring(0, 10) + "T00:00:00Z")
        .put("matpower", instance.getJsonObject("network").getString("matpower"))
        .put("dt_hours", instance.getDouble("dt_hours"))
        .put("load_profile", instance.getJsonArray("load_profile"))
        .put("import_price", instance.getJsonArray("import_price"))
        .put("curtailment_price", instance.getDouble("curtailment_penalty_per_kwh"))
        .put("v_min_pu", instance.getJsonObject("voltage_limits_pu").getDouble("min"))
        .put("v_max_pu", instance.getJsonObject("voltage_limits_pu").getDouble("max"))
        .put("slack_voltage_pu", instance.getDouble("slack_voltage_pu"));
    if (!"import".equals(instance.getValue("export_price"))) {
      request.put("export_price", instance.getJsonArray("export_price"));
    }
    JsonArray pv = new JsonArray();
    JsonArray sites = instance.getJsonArray("pv");
    for (int i = 0; i < sites.size(); i++) {
      JsonObject site = sites.getJsonObject(i);
      pv.add(new JsonObject().put("id", "pv" + (i + 1)).put("bus", site.getValue("bus"))
          .put("profile_kw", site.getJsonArray("profile_kw"))
          .put("curtailable", instance.getBoolean("allow_pv_curtailment")));
    }
    request.put("pv", pv);
    JsonArray batteries = new JsonArray();
    JsonArray given = instance.getJsonArray("batteries");
    for (int i = 0; i < given.size(); i++) {
      batteries.add(given.getJsonObject(i).copy().put("id", "battery" + (i + 1)));
    }
    request.put("batteries", batteries);
    JsonArray limits = instance.getJsonArray("branch_limits");
    if (limits != null) {
      JsonArray out = new JsonArray();
      for (int i = 0; i < limits.size(); i++) {
        JsonObject limit = limits.getJsonObject(i);
        out.add(new JsonObject().put("branch", limit.getValue("branch"))
            .put("max_current_a", limit.getDouble("rate_kva") / (Math.sqrt(3) * BASE_KV)));
      }
      request.put("branch_limits", out);
    }
    return request;
  }

  /**
   * Two buses, 1 kV, joined by a purely resistive line of 0.01 ohm: on the 1 MVA base of the power flow
   * r = 0.01 pu, and as every quantity is real the line current is I = (V1 - V2) / r, bus 2 draws
   * p2 = V2 I and the substation delivers P1 = V1 I (V1 = 1 pu). Bus 2 has the battery (2000 kWh,
   * 2000 kW both ways, lossless, empty at the start and the end at least empty) and in step 0 a PV plant
   * of 3000 kW that may not be curtailed; in step 1 a load of 1000 kW. Energy costs 0.30 in step 0 and
   * 0.10 in step 1, export credited at the same price; voltages must stay within 0.9..1.02 pu.
   */
  public static JsonObject twoBus() {
    JsonObject network = new JsonObject().put("base_kv", 1.0).put("slack_bus", "1")
        .put("buses", new JsonArray().add(new JsonObject().put("id", "1").put("p_kw", 0))
            .add(new JsonObject().put("id", "2").put("p_kw", 1000)))
        .put("branches", new JsonArray().add(new JsonObject().put("id", "12").put("from", "1").put("to", "2")
            .put("r_ohm", 0.01).put("x_ohm", 0)));
    return new JsonObject().put("region", "TEST").put("start", "2024-06-01T00:00:00Z").put("network", network)
        .put("bus_load_kw", new JsonObject().put("2", new JsonArray().add(0).add(1000)))
        .put("pv", new JsonArray().add(new JsonObject().put("id", "roof").put("bus", "2")
            .put("profile_kw", new JsonArray().add(3000).add(0)).put("curtailable", false)))
        .put("batteries", new JsonArray().add(new JsonObject().put("id", "b").put("bus", "2")
            .put("capacity_kwh", 2000).put("max_charge_kw", 2000).put("max_discharge_kw", 2000)
            .put("initial_soc_kwh", 0)))
        .put("import_price", new JsonArray().add(0.30).add(0.10))
        .put("v_min_pu", 0.9).put("v_max_pu", 1.02);
  }
}
