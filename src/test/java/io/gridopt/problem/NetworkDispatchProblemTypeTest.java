package io.gridopt.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.InfeasibleException;
import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.gridopt.solver.dispatch.DispatchInstances;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkDispatchProblemTypeTest {
  private final NetworkDispatchProblemType type = new NetworkDispatchProblemType();

  private static JsonObject twoBus() {
    return DispatchInstances.twoBus();
  }

  private JsonObject solve(JsonObject request) {
    return type.solve(type.parse(request).problem()).result();
  }

  /**
   * Worked by hand. Ignoring the network, the battery idles (charging at 0.30 to discharge at 0.10
   * loses money); then bus 2 exports 3000 kW in step 0: V2 (V2 - 1) / 0.01 = 3 gives
   * V2 = (1 + sqrt(1.12)) / 2 = 1.02915 pu, above 1.02. Holding V2 at 1.02 allows an export of
   * p = 1.02 * 0.02 / 0.01 = 2.04 pu = 2040 kW, so the battery must charge 960 kW; charging more only
   * trades export at 0.30 for import at 0.10, so exactly 960 kW is optimal. The line then carries
   * I = 2 pu back to the substation, which receives 2000 kW (40 kW lost): -0.30 * 2000 = -600. In step
   * 1 the battery returns the 960 kWh, bus 2 draws 40 kW = 0.04 pu: V2 = (1 + sqrt(0.9984)) / 2 =
   * 0.99959984, I = 0.040016 pu, the substation delivers 40.016 kW: 0.10 * 40.016 = 4.0016. Optimum:
   * -595.9984.
   */
  @Test
  void twoBusFeederReachesTheHandWorkedOptimum() {
    JsonObject result = solve(twoBus());
    JsonObject battery = result.getJsonArray("batteries").getJsonObject(0);
    assertThat(battery.getJsonArray("charge_kw").getDouble(0)).isCloseTo(960, within(0.01));
    assertThat(battery.getJsonArray("discharge_kw").getDouble(1)).isCloseTo(960, within(0.01));
    assertThat(result.getDouble("cost")).isCloseTo(-595.9984, within(0.005));
    JsonObject step0 = result.getJsonArray("steps").getJsonObject(0);
    assertThat(step0.getDouble("v_max_pu")).isCloseTo(1.02, within(1e-6));
    assertThat(step0.getString("v_max_bus")).isEqualTo("2");
    assertThat(step0.getDouble("substation_kw")).isCloseTo(-2000, within(0.02));
    assertThat(step0.getDouble("loss_kw")).isCloseTo(40, within(0.01));
    assertThat(result.getJsonArray("violations")).isEmpty();
    assertThat(result.getJsonObject("ac_check").getDouble("max_voltage_violation_pu")).isLessThan(1e-6);
    assertThat(result.getJsonObject("ac_check").getDouble("max_power_mismatch_kw")).isLessThan(1e-6);
    // the network-blind schedule idles and breaks the upper limit at bus 2 in step 0: 1.02915 pu
    assertThat(result.getDouble("network_blind_cost")).isEqualTo(result.getDouble("baseline_cost"));
    JsonArray blind = result.getJsonArray("network_blind_violations");
    assertThat(blind).hasSize(1);
    assertThat(blind.getJsonObject(0).getString("kind")).isEqualTo("v_max");
    assertThat(blind.getJsonObject(0).getString("bus")).isEqualTo("2");
    assertThat(blind.getJsonObject(0).getDouble("value")).isCloseTo((1 + Math.sqrt(1.12)) / 2, within(1e-6));
  }

  /** Spring day, PV at the feeder's end: ignoring the network the battery lets bus 18 rise above 1.05 pu. */
  @Test
  void networkBlindScheduleBreaksTheUpperLimitWhereTheDispatchDoesNot() {
    JsonObject result = solve(DispatchInstances.toRequest(DispatchInstances.read("33bw-01-spring-tou-endpv")));
    assertThat(result.getJsonArray("network_blind_violations").stream().map(v -> ((JsonObject) v).getString("kind")))
        .contains("v_max");
    assertThat(result.getJsonArray("violations")).isEmpty();
    double vMax = result.getJsonArray("steps").stream().mapToDouble(s -> ((JsonObject) s).getDouble("v_max_pu"))
        .max().orElseThrow();
    assertThat(vMax).isLessThanOrEqualTo(1.05 + 1e-6).isGreaterThan(1.05 - 1e-4); // the limit binds at midday
  }

  /**
   * The battery charges 500 kW in step 0 (capacity 400 kWh): bus 2 still exports 2500 kW, so
   * V2 = (1 + sqrt(1.10)) / 2 = 1.02440 pu > 1.02, the line carries 2.44 pu = 1409 A > 1000 A, and the
   * SoC reaches 500 kWh > 400 kWh. Step 1 breaks nothing.
   */
  @Test
  void evaluateModeListsEveryViolationOfTheGivenSchedule() {
    JsonObject request = twoBus().put("mode", "evaluate")
        .put("branch_limits", new JsonArray().add(new JsonObject().put("branch", "12").put("max_current_a", 1000)));
    request.getJsonArray("batteries").getJsonObject(0).put("capacity_kwh", 400).put("max_charge_kw", 500)
        .put("charge_kw", new JsonArray().add(500).add(0)).put("discharge_kw", new JsonArray().add(0).add(400));
    JsonObject result = solve(request);
    assertThat(result.getString("status")).isEqualTo("violations");
    Set<String> found = new HashSet<>();
    for (Object o : result.getJsonArray("violations")) {
      JsonObject v = (JsonObject) o;
      found.add(v.getInteger("step") + " " + v.getString("kind"));
      switch (v.getString("kind")) {
        case "v_max" -> assertThat(v.getDouble("value")).isCloseTo((1 + Math.sqrt(1.10)) / 2, within(1e-6));
        case "current" -> {
          double currentPu = ((1 + Math.sqrt(1.10)) / 2 - 1) / 0.01;
          assertThat(v.getDouble("value")).isCloseTo(currentPu * 1000 / Math.sqrt(3), within(1e-3));
          assertThat(v.getString("branch")).isEqualTo("12");
        }
        case "soc" -> assertThat(v.getDouble("value")).isCloseTo(500, within(1e-6));
        default -> throw new AssertionError("unexpected " + v.encode());
      }
    }
    assertThat(found).containsExactlyInAnyOrder("0 v_max", "0 current", "0 soc");
    assertThat(result.getJsonObject("ac_check").getDouble("max_voltage_violation_pu"))
        .isCloseTo((1 + Math.sqrt(1.10)) / 2 - 1.02, within(1e-6));
  }

  /**
   * 5000 kW of PV that may not be curtailed and a battery of 1000 kW: at best bus 2 exports 4000 kW,
   * V2 = (1 + sqrt(1.16)) / 2 = 1.03852 pu.
   */
  @Test
  void infeasibleLimitsNameTheStepTheBusAndTheVoltage() {
    JsonObject request = twoBus();
    request.getJsonArray("pv").getJsonObject(0).put("profile_kw", new JsonArray().add(5000).add(0));
    request.getJsonArray("batteries").getJsonObject(0).put("max_charge_kw", 1000);
    var problem = type.parse(request).problem();
    assertThatThrownBy(() -> type.solve(problem)).isInstanceOf(InfeasibleException.class)
        .hasMessageContaining("step 0").hasMessageContaining("bus 2")
        .hasMessageContaining(String.format(java.util.Locale.ROOT, "%.4f", (1 + Math.sqrt(1.16)) / 2))
        .satisfies(e -> assertThat(((InfeasibleException) e).binding().get(0).field()).isEqualTo("v_max_pu"));
  }

  @Test
  void curtailmentRelievesTheLimitWhenAllowed() {
    JsonObject request = twoBus();
    request.getJsonArray("pv").getJsonObject(0).put("profile_kw", new JsonArray().add(5000).add(0))
        .put("curtailable", true);
    request.getJsonArray("batteries").getJsonObject(0).put("max_charge_kw", 1000);
    JsonObject result = solve(request);
    // 5000 - 1000 charged - 2040 exported at the limit = 1960 kW curtailed
    assertThat(result.getJsonArray("pv").getJsonObject(0).getJsonArray("curtailment_kw").getDouble(0))
        .isCloseTo(1960, within(0.05));
    assertThat(result.getDouble("curtailed_kwh")).isCloseTo(1960, within(0.05));
    assertThat(result.getJsonArray("violations")).isEmpty();
  }

  /**
   * The network's own configuration is one of the heuristic's candidates, so reconfiguring never costs
   * more than dispatching on it; the configuration chosen is radial and its schedule meets the limits.
   */
  @Test
  void reconfigurationChoosesARadialConfigurationNoWorseThanTheCase() {
    JsonObject request = DispatchInstances.toRequest(DispatchInstances.read("33bw-04-winter-tou-2peaks"));
    double fixed = solve(request).getDouble("cost");
    JsonObject result = solve(request.copy().put("reconfigure", true));
    assertThat(result.getDouble("cost")).isLessThanOrEqualTo(fixed + 1e-6);
    assertThat(result.getJsonArray("open_branches")).hasSize(5); // 37 branches, 33 buses, one substation
    assertThat(result.getJsonArray("violations")).isEmpty();
    assertThat(result.getJsonObject("solver").getString("name")).startsWith("alternating switch search");
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        bad("region", r -> r.remove("region")),
        bad("start", r -> r.remove("start")),
        bad("matpower", r -> r.put("matpower", "function mpc = x")),
        bad("network", r -> r.remove("network")),
        bad("network.branches[0].r_ohm", r -> r.getJsonObject("network").getJsonArray("branches").getJsonObject(0)
            .put("r_ohm", 0)),
        bad("mode", r -> r.put("mode", "simulate")),
        bad("dt_hours", r -> r.put("dt_hours", 0.3)),
        bad("import_price", r -> r.remove("import_price")),
        bad("export_price", r -> r.put("export_price", new JsonArray().add(0.1))),
        bad("export_price[1]", r -> r.put("export_price", new JsonArray().add(0.1).add(0.2))),
        bad("load_profile", r -> r.put("load_profile", new JsonArray().add(1))),
        bad("load_profile[1]", r -> r.put("load_profile", new JsonArray().add(1).add(-1))),
        bad("bus_load_kw.9", r -> r.getJsonObject("bus_load_kw").put("9", new JsonArray().add(1).add(1))),
        bad("bus_load_kw.2", r -> r.getJsonObject("bus_load_kw").put("2", new JsonArray().add(1))),
        bad("pv[0].bus", r -> pv(r).put("bus", "9")),
        bad("pv[0].profile_kw", r -> pv(r).remove("profile_kw")),
        bad("pv[0].profile_kw[0]", r -> pv(r).put("profile_kw", new JsonArray().add(-1).add(0))),
        bad("pv[0].curtailment_kw[0]", r -> pv(r).put("curtailable", true)
            .put("curtailment_kw", new JsonArray().add(4000).add(0))),
        bad("batteries[0].capacity_kwh", r -> battery(r).remove("capacity_kwh")),
        bad("batteries[0].bus", r -> battery(r).remove("bus")),
        bad("batteries[0].initial_soc_kwh", r -> battery(r).put("initial_soc_kwh", 3000)),
        bad("batteries[0].charge_efficiency", r -> battery(r).put("charge_efficiency", 1.5)),
        bad("batteries[0].final_soc_kwh", r -> battery(r).put("final_soc_kwh", 2500)),
        bad("batteries[0].min_soc_kwh", r -> battery(r).put("min_soc_kwh", 100)),
        bad("batteries[0].charge_kw", r -> battery(r).put("charge_kw", new JsonArray().add(1).add(1))
            .put("discharge_kw", new JsonArray().add(0).add(0))),
        bad("batteries[0].charge_kw[0]", r -> battery(r.put("mode", "evaluate"))
            .put("charge_kw", new JsonArray().add(2500).add(0)).put("discharge_kw", new JsonArray().add(0).add(0))),
        bad("batteries[0].discharge_kw", r -> battery(r.put("mode", "evaluate"))
            .put("charge_kw", new JsonArray().add(0).add(0))),
        bad("v_max_pu", r -> r.put("v_min_pu", 1.0).put("v_max_pu", 0.99)),
        bad("slack_voltage_pu", r -> r.put("slack_voltage_pu", 2.0)),
        bad("curtailment_price", r -> r.put("curtailment_price", -1)),
        bad("branch_limits[0].branch", r -> r.put("branch_limits", new JsonArray()
            .add(new JsonObject().put("branch", "99").put("max_current_a", 10)))),
        bad("branch_limits[0].max_current_a", r -> r.put("branch_limits", new JsonArray()
            .add(new JsonObject().put("branch", "12").put("max_current_a", -5)))),
        bad("network", r -> r.getJsonObject("network").getJsonArray("branches").add(new JsonObject().put("id", "12b")
            .put("from", "1").put("to", "2").put("r_ohm", 0.02).put("x_ohm", 0))));
  }

  private static JsonObject pv(JsonObject request) {
    return request.getJsonArray("pv").getJsonObject(0);
  }

  private static JsonObject battery(JsonObject request) {
    return request.getJsonArray("batteries").getJsonObject(0);
  }

  private static Arguments bad(String field, Consumer<JsonObject> change) {
    return Arguments.of(field, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void everyBadFieldIsNamed(String field, Consumer<JsonObject> change) {
    JsonObject request = twoBus();
    change.accept(request);
    assertThatThrownBy(() -> type.parse(request)).isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).errors().stream().map(FieldError::field).toList())
            .contains(field));
  }

  @Test
  void registeredAsTheNetworkDispatchType() {
    assertThat(ProblemTypes.standard().find(RequestType.NETWORK_DISPATCH))
        .containsInstanceOf(NetworkDispatchProblemType.class);
    assertThat(type.parse(twoBus()).forecastDate()).hasToString("2024-06-01");
    assertThat(List.of(type.qnnGoal(type.parse(twoBus()).problem()))).containsExactly("NetworkAwareDispatch");
  }
}
