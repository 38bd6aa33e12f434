package io.gridopt.solver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridopt.problem.NetworkDispatchProblemType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reference instance, solved through the request parser: the schedule passes the AC check of the
 * instances' README (voltages within 1e-4 pu of the limits, currents within a relative 1e-4, SoC
 * recomputed from the reported powers within bounds to 1e-3 kWh) and costs at most 0.1 % more than the
 * reference, the global optimum (so it cannot cost much less either).
 */
class ReferenceInstancesTest {

  static java.util.List<DispatchInstances.Instance> instances() {
    return DispatchInstances.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("instances")
  void reachesTheReferenceCostAndPassesTheAcCheck(DispatchInstances.Instance instance) {
    NetworkDispatchProblemType type = new NetworkDispatchProblemType();
    var problem = type.parse(instance.request()).problem();
    JsonObject result = type.solve(problem).result();
    double cost = result.getDouble("cost");
    double gapPct = 100 * (cost - instance.referenceCost()) / instance.referenceCost();
    System.out.printf("%s cost %.4f reference %.4f gap %.5f%% blind %.2f iterations %d ms %.1f%n", instance.name(),
        cost, instance.referenceCost(), gapPct, result.getDouble("network_blind_cost"),
        result.getJsonObject("solver").getInteger("iterations"), result.getJsonObject("solver").getDouble("solve_ms"));
    assertTrue(gapPct <= 0.1, "cost " + cost + " is " + gapPct + " % above the reference");
    assertTrue(gapPct >= -0.1, "cost " + cost + " is below the global optimum: the check is wrong");
    JsonObject check = result.getJsonObject("ac_check");
    assertTrue(check.getDouble("max_voltage_violation_pu") <= 1e-4, check.encode());
    assertTrue(check.getDouble("max_current_violation_a") <= 1e-4 * 200, check.encode());
    assertTrue(check.getDouble("max_power_mismatch_kw") < 1e-3, check.encode());
    assertTrue(result.getJsonArray("violations").isEmpty(), result.getJsonArray("violations").encode());
    assertTrue(!result.getJsonArray("network_blind_violations").isEmpty(), "the README says the blind schedule breaks limits");
    JsonArray batteries = result.getJsonArray("batteries");
    JsonArray given = instance.request().getJsonArray("batteries");
    for (int b = 0; b < batteries.size(); b++) {
      JsonObject out = batteries.getJsonObject(b);
      JsonObject in = given.getJsonObject(b);
      double soc = in.getDouble("initial_soc_kwh");
      for (int t = 0; t < 24; t++) {
        double c = out.getJsonArray("charge_kw").getDouble(t);
        double d = out.getJsonArray("discharge_kw").getDouble(t);
        assertTrue(c >= -1e-3 && c <= in.getDouble("max_charge_kw") + 1e-3);
        assertTrue(d >= -1e-3 && d <= in.getDouble("max_discharge_kw") + 1e-3);
        soc += in.getDouble("charge_efficiency") * c - d / in.getDouble("discharge_efficiency");
        assertTrue(soc >= -1e-3 && soc <= in.getDouble("capacity_kwh") + 1e-3, "SoC " + soc + " at step " + t);
        assertEquals(soc, out.getJsonArray("soc_kwh").getDouble(t), 0.01);
      }
      assertTrue(soc >= in.getDouble("initial_soc_kwh") - 1e-3, "final SoC " + soc);
    }
  }
}
