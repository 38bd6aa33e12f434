package io.gridopt.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.InfeasibleException;
import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.gridopt.solver.grid.Feeders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class GridSwitchProblemTypeTest {
  private final GridSwitchProblemType type = new GridSwitchProblemType();

  private static JsonObject bus(String id, double pKw, double qKvar) {
    return new JsonObject().put("id", id).put("p_kw", pKw).put("q_kvar", qKvar);
  }

  private static JsonObject branch(String id, String from, String to, double r, double x, boolean closed) {
    return new JsonObject().put("id", id).put("from", from).put("to", to).put("r_ohm", r).put("x_ohm", x)
        .put("closed", closed);
  }

  /** A 4-bus loop: s-a-b closed, s-c closed, tie b-c open. */
  private static JsonObject loopNetwork() {
    return new JsonObject().put("base_kv", 10.0).put("slack_bus", "s")
        .put("buses", new JsonArray().add(bus("s", 0, 0)).add(bus("a", 300, 100)).add(bus("b", 500, 200))
            .add(bus("c", 100, 50)))
        .put("branches", new JsonArray().add(branch("sa", "s", "a", 1.0, 0.5, true))
            .add(branch("ab", "a", "b", 1.0, 0.5, true)).add(branch("sc", "s", "c", 1.0, 0.5, true))
            .add(branch("bc", "b", "c", 0.5, 0.3, false)));
  }

  private List<FieldError> errors(JsonObject body) {
    try {
      type.parse(body);
    } catch (ValidationException e) {
      return e.errors();
    }
    throw new AssertionError("expected a validation error");
  }

  @Test
  void matpowerTextOf33BusGivesThePublishedOptimum() {
    JsonObject body = new JsonObject().put("region", "test").put("date", "2024-07-01")
        .put("matpower", Feeders.text("case33bw.m"));
    ParsedRequest<GridSwitchProblemType.Problem> parsed = type.parse(body);
    assertThat(parsed.region()).isEqualTo("test");
    assertThat(parsed.forecastDate()).isEqualTo(LocalDate.of(2024, 7, 1));
    assertThat(type.requestType()).isEqualTo(RequestType.GRID_SWITCH);
    assertThat(type.qnnGoal(parsed.problem())).isEqualTo("MinimumLossRadialConfiguration");
    assertThat(type.pastLoadsKw(parsed.problem())).containsExactly(3715.0);

    SolveOutcome outcome = type.solve(parsed.problem());
    JsonObject result = outcome.result();
    assertThat(result.getJsonArray("open_branches").getList()).containsExactly("7", "9", "14", "32", "37");
    assertThat(result.getDouble("loss_kw_before")).isCloseTo(202.68, within(0.01));
    assertThat(result.getDouble("loss_kw_after")).isCloseTo(139.55, within(0.01));
    assertThat(result.getDouble("loss_reduction_pct")).isCloseTo(31.15, within(0.01));
    assertThat(result.getDouble("v_min_pu_before")).isCloseTo(0.9131, within(0.00005));
    assertThat(result.getString("v_min_bus_before")).isEqualTo("18");
    assertThat(result.getDouble("v_min_pu_after")).isCloseTo(0.9378, within(0.00005));
    assertThat(result.getString("v_min_bus_after")).isEqualTo("32");
    assertThat(result.getBoolean("radial")).isTrue();
    assertThat(result.getJsonObject("bus_voltages_pu").size()).isEqualTo(33);
    assertThat(result.getJsonObject("bus_voltages_pu").getDouble("1")).isEqualTo(1.0);
    assertThat(result.getJsonArray("branch_flows")).hasSize(32);
    JsonObject flow = result.getJsonArray("branch_flows").getJsonObject(0);
    assertThat(flow.fieldNames()).containsExactlyInAnyOrder("id", "p_kw", "q_kvar", "current_a", "loss_kw");
    assertThat(result.getJsonArray("switch_operations")).hasSize(8);
    assertThat(result.getJsonArray("switch_operations").getJsonObject(0))
        .isEqualTo(new JsonObject().put("branch", "7").put("action", "open"));
    JsonObject solver = result.getJsonObject("solver");
    assertThat(solver.getString("name")).isEqualTo(outcome.solverName());
    assertThat(solver.getLong("power_flows_evaluated")).isEqualTo(outcome.iterations()).isPositive();
    assertThat(solver.getDouble("solve_ms")).isPositive();
  }

  @Test
  void networkFormEvaluateAndOptimize() {
    JsonObject body = new JsonObject().put("region", "r").put("mode", "evaluate").put("network", loopNetwork());
    GridSwitchProblemType.Problem problem = type.parse(body).problem();
    assertThat(type.parse(body).forecastDate()).isEqualTo(LocalDate.now(ZoneOffset.UTC));
    assertThat(type.qnnGoal(problem)).isEqualTo("RadialPowerFlow");
    JsonObject evaluated = type.solve(problem).result();
    assertThat(evaluated.getJsonArray("open_branches").getList()).containsExactly("bc");
    assertThat(evaluated.getJsonArray("switch_operations")).isEmpty();
    assertThat(evaluated.getDouble("loss_reduction_pct")).isEqualTo(0.0);

    JsonObject optimized = type.solve(type.parse(body.copy().put("mode", "optimize")).problem()).result();
    // the heavy bus b is better fed from the short side: open ab instead of bc
    assertThat(optimized.getJsonArray("open_branches").getList()).containsExactly("ab");
    assertThat(optimized.getDouble("loss_kw_after")).isLessThan(evaluated.getDouble("loss_kw_after"));
    assertThat(optimized.getJsonObject("solver").getBoolean("proven_optimal")).isTrue();
  }

  @Test
  void unknownBusNamesTheBranchEnd() {
    JsonObject network = loopNetwork();
    network.getJsonArray("branches").getJsonObject(3).put("to", "zz");
    assertThat(errors(new JsonObject().put("region", "r").put("network", network)))
        .containsExactly(new FieldError("network.branches[3].to", "unknown bus 'zz'"));
  }

  @Test
  void duplicateIdsAreNamed() {
    JsonObject network = loopNetwork();
    network.getJsonArray("buses").getJsonObject(2).put("id", "a");
    network.getJsonArray("branches").getJsonObject(1).put("id", "sa");
    List<FieldError> errors = errors(new JsonObject().put("region", "r").put("network", network));
    assertThat(errors).extracting(FieldError::field).contains("network.buses[2].id", "network.branches[1].id");
    assertThat(errors).filteredOn(e -> e.field().equals("network.buses[2].id")).first()
        .extracting(FieldError::problem).asString().contains("duplicate bus id 'a'");
  }

  @Test
  void nonPositiveImpedanceIsRejected() {
    JsonObject network = loopNetwork();
    network.getJsonArray("branches").getJsonObject(0).put("r_ohm", 0.0);
    assertThat(errors(new JsonObject().put("region", "r").put("network", network)))
        .extracting(FieldError::field).containsExactly("network.branches[0].r_ohm");
  }

  @Test
  void busWithoutPathFromTheSlackIsNamed() {
    JsonObject network = loopNetwork();
    network.getJsonArray("buses").add(bus("island", 10, 5));
    assertThat(errors(new JsonObject().put("region", "r").put("network", network)))
        .containsExactly(new FieldError("network.buses[4].id",
            "no path from the slack bus to bus 'island' (even with every switchable branch closed)"));
  }

  @Test
  void missingFieldsAndBadOptionsAreAllListed() {
    List<FieldError> errors = errors(new JsonObject().put("mode", "guess").put("v_min_pu", 2.0)
        .put("load_scale", -1.0).put("max_switch_operations", 1.5));
    assertThat(errors).extracting(FieldError::field)
        .contains("region", "mode", "v_min_pu", "load_scale", "max_switch_operations", "network");
  }

  @Test
  void eitherNetworkOrMatpower() {
    assertThat(errors(new JsonObject().put("region", "r").put("network", loopNetwork()).put("matpower", "x")))
        .extracting(FieldError::field).containsExactly("matpower");
  }

  @Test
  void matpowerErrorsNameTheLine() {
    List<FieldError> errors = errors(new JsonObject().put("region", "r").put("matpower", "mpc.baseMVA = 10;\nfoo(3);\n"));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).field()).isEqualTo("matpower");
    assertThat(errors.get(0).problem()).startsWith("line 2:");
  }

  @Test
  void matpowerBranchWithUnknownBusUsesTheMatpowerPath() {
    String text = Feeders.text("case33bw.m").replace("\t32\t33\t0.3410", "\t32\t99\t0.3410");
    assertThat(errors(new JsonObject().put("region", "r").put("matpower", text)))
        .containsExactly(new FieldError("matpower.branches[31].to", "unknown bus '99'"));
  }

  @Test
  void evaluateNeedsARadialState() {
    JsonObject network = loopNetwork();
    network.getJsonArray("branches").getJsonObject(3).put("closed", true);
    List<FieldError> errors = errors(new JsonObject().put("region", "r").put("mode", "evaluate").put("network", network));
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).field()).isEqualTo("network");
    assertThat(errors.get(0).problem()).contains("closing branch bc makes a loop");
  }

  @Test
  void nonSwitchableBranchesOfAMatpowerCaseStay() {
    JsonObject body = new JsonObject().put("region", "r").put("matpower", Feeders.text("case33bw.m"))
        .put("non_switchable_branches", new JsonArray().add(7).add("9"));
    JsonObject result = type.solve(type.parse(body).problem()).result();
    assertThat(result.getJsonArray("open_branches").getList()).doesNotContain("7", "9");
    assertThat(result.getDouble("loss_kw_after")).isGreaterThan(139.56);
    assertThat(errors(body.copy().put("non_switchable_branches", new JsonArray().add(38))))
        .extracting(FieldError::field).containsExactly("non_switchable_branches[0]");
  }

  @Test
  void unreachableVoltageLimitIsInfeasibleWithTheReason() {
    JsonObject body = new JsonObject().put("region", "r").put("matpower", Feeders.text("case33bw.m"))
        .put("v_min_pu", 0.98);
    GridSwitchProblemType.Problem problem = type.parse(body).problem();
    assertThatThrownBy(() -> type.solve(problem)).isInstanceOf(InfeasibleException.class)
        .hasMessageContaining("below 0.98 pu");
  }

  @Test
  void registeredInTheStandardSet() {
    assertThat(ProblemTypes.standard().find(RequestType.GRID_SWITCH)).containsInstanceOf(GridSwitchProblemType.class);
  }
}
