package io.gridopt.problem;

import io.gridopt.anomaly.Anomaly;
import io.gridopt.anomaly.GridAnomalyDetector;
import io.gridopt.bus.ErrorBody;
import io.gridopt.domain.FieldError;
import io.gridopt.domain.InfeasibleException;
import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.gridopt.solver.grid.Branch;
import io.gridopt.solver.grid.BranchFlow;
import io.gridopt.solver.grid.Bus;
import io.gridopt.solver.grid.Network;
import io.gridopt.solver.grid.PowerFlowResult;
import io.gridopt.solver.grid.Reconfiguration;
import io.gridopt.solver.grid.ReconfigurationOptions;
import io.gridopt.solver.grid.ReconfigurationResult;
import io.gridopt.solver.grid.SwitchOperation;
import io.gridopt.solver.matpower.MatpowerCase;
import io.gridopt.solver.matpower.MatpowerCaseParser;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.gridopt.problem.RunSummary.fmt;

/**
 * POST /grid-switch-optimize: minimum-loss radial reconfiguration (or, with {@code mode=evaluate},
 * the power flow of the given switch states). The network comes either as a {@code network} object
 * or as the text of a MATPOWER case ({@code matpower}); see docs/grid.md for fields and units.
 */
public final class GridSwitchProblemType implements ProblemType<GridSwitchProblemType.Problem> {
  /** Default lower voltage limit when neither the request nor the MATPOWER case gives one. */
  public static final double DEFAULT_V_MIN_PU = 0.9;
  public static final double MAX_LOAD_SCALE = 10.0;

  /** A validated request: the network, the limits and whether to optimize or only evaluate. */
  public record Problem(Network network, ReconfigurationOptions options, boolean optimize) {
  }

  @Override
  public RequestType requestType() {
    return RequestType.GRID_SWITCH;
  }

  @Override
  public ParsedRequest<Problem> parse(JsonObject body) {
    RequestReader r = new RequestReader(body);
    String region = r.requiredString("region");
    LocalDate date = r.has("date") ? r.date("date", false) : LocalDate.now(ZoneOffset.UTC);
    String mode = r.choice("mode", "optimize", List.of("optimize", "evaluate"));
    Double vMin = r.numberInRange("v_min_pu", false, 0.5, 1.1);
    Integer maxOps = r.integer("max_switch_operations", false, 0, 2 * Network.MAX_BRANCHES);
    Double loadScale = r.numberInRange("load_scale", false, 0, MAX_LOAD_SCALE);
    r.check(loadScale == null || loadScale > 0, "load_scale", "must be > 0");
    boolean hasNetwork = r.has("network");
    boolean hasMatpower = r.has("matpower");
    Network network = null;
    Double caseVMin = null;
    String caseName = null;
    String networkField = hasMatpower ? "matpower" : "network";
    if (hasNetwork && hasMatpower) {
      r.add("matpower", "give either network or matpower, not both");
    } else if (hasMatpower) {
      MatpowerCase matpowerCase = readMatpower(r);
      if (matpowerCase != null) {
        network = matpowerCase.network();
        caseVMin = matpowerCase.vMinPu();
        caseName = matpowerCase.name();
      }
    } else {
      r.check(!r.has("non_switchable_branches"), "non_switchable_branches",
          "applies to the matpower form only; mark branches with switchable=false");
      network = readNetwork(r, body == null ? null : body.getValue("network"));
    }
    if (network != null) {
      for (FieldError e : network.validate(networkField)) {
        r.add(e.field(), e.problem());
      }
      if (!r.hasErrors() && "evaluate".equals(mode)) {
        Network checked = network;
        Reconfiguration.radialityProblem(checked).ifPresent(problem -> r.add(networkField,
            "mode=evaluate needs a radial network fed from the substation(s): " + problem));
      }
    }
    r.throwIfInvalid();
    double vMinPu = vMin != null ? vMin : caseVMin != null ? caseVMin : DEFAULT_V_MIN_PU;
    ReconfigurationOptions options = new ReconfigurationOptions(vMinPu, maxOps, loadScale == null ? 1.0 : loadScale);
    return new ParsedRequest<>(region, date, new Problem(network, options, "optimize".equals(mode)),
        RequestFacts.of(body).withMatpowerCaseName(caseName));
  }

  static MatpowerCase readMatpower(RequestReader r) {
    String text = r.string("matpower", true, MatpowerCaseParser.MAX_TEXT_LENGTH);
    if (text == null) {
      return null;
    }
    MatpowerCase parsed;
    try {
      parsed = MatpowerCaseParser.parse(text);
    } catch (ValidationException e) {
      e.errors().forEach(fe -> r.add(fe.field(), fe.problem()));
      return null;
    }
    JsonArray fixed = r.array("non_switchable_branches", false, 0, Network.MAX_BRANCHES);
    if (fixed == null) {
      return parsed;
    }
    Set<String> ids = new HashSet<>();
    Set<String> known = new HashSet<>();
    parsed.network().branches().forEach(b -> known.add(b.id()));
    for (int i = 0; i < fixed.size(); i++) {
      Object v = fixed.getValue(i);
      String id = v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
          ? Long.toString(n.longValue()) : v instanceof String s ? s : null;
      if (id == null || !known.contains(id)) {
        r.add("non_switchable_branches[" + i + "]", "unknown branch " + v + " (ids are 1-based mpc.branch rows)");
      } else {
        ids.add(id);
      }
    }
    List<Branch> branches = parsed.network().branches().stream()
        .map(b -> ids.contains(b.id()) ? b.withSwitchable(false) : b).toList();
    return new MatpowerCase(parsed.network().withBranches(branches), parsed.vMinPu(), parsed.name());
  }

  static Network readNetwork(RequestReader r, Object rawNetwork) {
    RequestReader n = r.object("network", true);
    if (n == null) {
      return null;
    }
    Double baseKv = n.number("base_kv", true);
    // slack_bus: one bus id, or an array of ids for a feeder with several substations
    List<String> slack = new ArrayList<>();
    if (rawNetwork instanceof JsonObject raw && raw.getValue("slack_bus") instanceof JsonArray) {
      JsonArray ids = n.array("slack_bus", true, 1, Network.MAX_BUSES);
      for (int i = 0; ids != null && i < ids.size(); i++) {
        if (ids.getValue(i) instanceof String id && !id.isBlank()) {
          slack.add(id);
        } else {
          n.add("slack_bus[" + i + "]", "must be a bus id (string)");
        }
      }
    } else {
      String single = n.requiredString("slack_bus");
      if (single != null) {
        slack.add(single);
      }
    }
    double slackVoltage = n.number("slack_voltage_pu", 1.0);
    List<Bus> buses = new ArrayList<>();
    JsonArray busArray = n.array("buses", true, 1, Network.MAX_BUSES);
    if (busArray != null) {
      for (int i = 0; i < busArray.size(); i++) {
        RequestReader b = n.element("buses", i, busArray.getValue(i));
        if (b != null) {
          String id = b.requiredString("id");
          Double p = b.number("p_kw", true);
          double q = b.number("q_kvar", 0.0);
          if (id != null && p != null) {
            buses.add(new Bus(id, p, q));
          }
        }
      }
    }
    List<Branch> branches = new ArrayList<>();
    JsonArray branchArray = n.array("branches", true, 0, Network.MAX_BRANCHES);
    if (branchArray != null) {
      for (int i = 0; i < branchArray.size(); i++) {
        RequestReader b = n.element("branches", i, branchArray.getValue(i));
        if (b != null) {
          String id = b.requiredString("id");
          String from = b.requiredString("from");
          String to = b.requiredString("to");
          Double rOhm = b.number("r_ohm", true);
          Double xOhm = b.number("x_ohm", true);
          boolean closed = b.bool("closed", true);
          boolean switchable = b.bool("switchable", true);
          Double maxCurrent = b.number("max_current_a", false);
          if (id != null && from != null && to != null && rOhm != null && xOhm != null) {
            branches.add(new Branch(id, from, to, rOhm, xOhm, closed, switchable, maxCurrent));
          }
        }
      }
    }
    if (r.hasErrors() || baseKv == null) {
      return null;
    }
    return new Network(baseKv, slack, slackVoltage, buses, branches);
  }

  @Override
  public SolveOutcome solve(Problem problem) {
    ReconfigurationResult result = problem.optimize()
        ? Reconfiguration.optimize(problem.network(), problem.options())
        : Reconfiguration.evaluate(problem.network(), problem.options());
    PowerFlowResult before = result.before();
    PowerFlowResult after = result.after();
    JsonObject json = new JsonObject()
        .put("open_branches", new JsonArray(after.openBranchIds()))
        .put("switch_operations", new JsonArray(result.operations().stream()
            .map(op -> new JsonObject().put("branch", op.branchId()).put("action", op.action().wireName()))
            .toList()))
        .put("loss_kw_before", before == null ? null : round(before.lossKw(), 4))
        .put("loss_kw_after", round(after.lossKw(), 4))
        .put("loss_reduction_pct", before == null ? null
            : round(100 * (before.lossKw() - after.lossKw()) / before.lossKw(), 4))
        .put("v_min_pu_before", before == null ? null : round(before.vMinPu(), 6))
        .put("v_min_bus_before", before == null ? null : before.vMinBusId())
        .put("v_min_pu_after", round(after.vMinPu(), 6))
        .put("v_min_bus_after", after.vMinBusId())
        .put("radial", true)
        .put("bus_voltages_pu", voltages(after.busVoltagesPu()))
        .put("branch_flows", new JsonArray(after.branchFlows().stream().map(GridSwitchProblemType::flow).toList()))
        .put("solver", new JsonObject()
            .put("name", result.solverName())
            .put("solve_ms", round(result.solveMs(), 3))
            .put("power_flows_evaluated", result.powerFlowsEvaluated())
            .put("proven_optimal", result.provenOptimal()));
    return new SolveOutcome(json, result.solverName(), result.powerFlowsEvaluated());
  }

  @Override
  public RunSummary.Facts summary(Problem problem, RequestFacts request, JsonObject result) {
    RunSummary.Facts facts = RunSummary.Facts.empty();
    List<String> in = facts.input();
    Network network = problem.network();
    long open = network.branches().stream().filter(b -> !b.closed()).count();
    String size = network.buses().size() + " buses and " + network.branches().size() + " branches, " + open
        + " open at the start";
    if (request.given("matpower")) {
      in.add("MATPOWER case" + (request.matpowerCaseName() == null ? "" : " " + request.matpowerCaseName()) + " with "
          + size);
    } else {
      in.add("network " + size);
      in.add("base voltage " + fmt(network.baseKv()) + " kV");
    }
    in.add(problem.optimize() ? "loss minimisation over radial configurations"
        : "power flow evaluation of the given switch states");
    ReconfigurationOptions options = problem.options();
    if (request.given("v_min_pu")) {
      in.add("voltage limit " + fmt(options.vMinPu()) + " pu");
    }
    RunSummary.addIf(in, options.maxSwitchOperations(), v -> "at most " + fmt(v) + " switch operations");
    if (options.loadScale() != 1) {
      in.add("loads scaled by " + fmt(options.loadScale()));
    }
    resultFacts(result == null ? new JsonObject() : result, facts.result());
    return facts;
  }

  private static void resultFacts(JsonObject out, List<String> facts) {
    Double before = RunSummary.number(out, "loss_kw_before");
    Double after = RunSummary.number(out, "loss_kw_after");
    if (before != null && after != null) {
      Double pct = RunSummary.number(out, "loss_reduction_pct");
      facts.add("losses " + fmt(before) + " kW before and " + fmt(after) + " kW after"
          + (pct == null ? "" : ", a " + fmt(pct) + "% reduction"));
    } else {
      RunSummary.addIf(facts, before, v -> "losses " + fmt(v) + " kW");
    }
    JsonArray open = RunSummary.array(out, "open_branches");
    if (open != null) {
      facts.add(open.isEmpty() ? "no branch open" : "open branches " + RunSummary.idList(open));
    }
    JsonArray operations = RunSummary.array(out, "switch_operations");
    if (operations != null) {
      facts.add(operations.size() + " switch operations");
    }
    String vBefore = minimumVoltage(out, "before");
    String vAfter = minimumVoltage(out, "after");
    if (vBefore != null || vAfter != null) {
      facts.add("minimum voltage " + (vBefore == null ? "" : vBefore + " before")
          + (vBefore != null && vAfter != null ? " and " : "") + (vAfter == null ? "" : vAfter + " after"));
    }
  }

  /**
   * {@code v_min_pu_<when>} with the bus beside it ({@code v_min_bus_<when>}), or as an object with
   * the value and the bus, the form a remote QNN may answer with.
   */
  private static String minimumVoltage(JsonObject out, String when) {
    Object v = out.getValue("v_min_pu_" + when);
    Double value = RunSummary.number(out, "v_min_pu_" + when);
    Object bus = out.getValue("v_min_bus_" + when);
    if (v instanceof JsonObject o) {
      value = RunSummary.number(o, "value") != null ? RunSummary.number(o, "value") : RunSummary.number(o, "pu");
      bus = o.getValue("bus") != null ? o.getValue("bus") : bus;
    }
    if (value == null) {
      return null;
    }
    return fmt(value) + " pu" + (bus instanceof String || bus instanceof Number ? " at bus " + RunSummary.plain(bus) : "");
  }

  private static JsonObject voltages(Map<String, Double> byBus) {
    JsonObject out = new JsonObject();
    byBus.forEach((id, v) -> out.put(id, round(v, 6)));
    return out;
  }

  private static JsonObject flow(BranchFlow f) {
    return new JsonObject().put("id", f.id()).put("p_kw", round(f.pKw(), 4)).put("q_kvar", round(f.qKvar(), 4))
        .put("current_a", round(f.currentA(), 4)).put("loss_kw", round(f.lossKw(), 4));
  }

  private static double round(double v, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(v * scale) / scale;
  }

  /**
   * Voltages and overloads before and after switching (the power flows recomputed from the network
   * and the result's open branches), a configuration that is not radial or collapses, and for a
   * failed optimization the limits that no configuration meets.
   */
  @Override
  public List<Anomaly> anomalies(Problem problem, JsonObject body, JsonObject result, ErrorBody failure) {
    Network network = problem.network();
    ReconfigurationOptions options = problem.options();
    List<Anomaly> found = new ArrayList<>();
    List<SwitchOperation> operations = new ArrayList<>();
    Network chosen = null;
    PowerFlowResult after = null;
    if (result != null && result.getValue("open_branches") instanceof JsonArray open) {
      if (result.getValue("switch_operations") instanceof JsonArray ops) {
        for (int i = 0; i < ops.size(); i++) {
          JsonObject op = ops.getJsonObject(i);
          operations.add(new SwitchOperation(op.getString("branch"), "open".equals(op.getString("action"))
              ? SwitchOperation.Action.OPEN : SwitchOperation.Action.CLOSE));
        }
      }
      Set<String> openIds = new HashSet<>(open.getList().stream().map(String::valueOf).toList());
      chosen = network.withBranches(network.branches().stream().map(b -> b.withClosed(!openIds.contains(b.id())))
          .toList());
      after = flow(chosen, options);
    }
    boolean collapsed = false;
    var radiality = Reconfiguration.radialityProblem(network);
    boolean infeasible = failure != null && failure.status() == 422;
    List<String> bindingFields = infeasible ? failure.details().stream().map(FieldError::field).toList() : List.of();
    if (radiality.isPresent()) {
      if (!bindingFields.contains("network.branches")) {
        found.add(GridAnomalyDetector.notRadial(radiality.get(), false, operations));
      }
    } else {
      try {
        PowerFlowResult before = Reconfiguration.evaluate(network, options).after();
        found.addAll(GridAnomalyDetector.inFlow(network, options.vMinPu(), before,
            problem.optimize() ? GridAnomalyDetector.State.BEFORE : GridAnomalyDetector.State.CURRENT, operations,
            after));
      } catch (InfeasibleException e) {
        collapsed = true;
        found.add(GridAnomalyDetector.collapse("the given configuration has no power-flow solution",
            options.loadScale(), network.totalLoadKw()));
      }
    }
    if (problem.optimize() && after != null) {
      found.addAll(GridAnomalyDetector.inFlow(chosen, options.vMinPu(), after, GridAnomalyDetector.State.AFTER,
          List.of(), null));
    }
    if (infeasible && bindingFields.contains("network.branches")) {
      found.add(GridAnomalyDetector.notRadial(failure.message(), true, List.of()));
    } else if (infeasible && bindingFields.contains("load_scale")) {
      if (!collapsed) {
        found.add(GridAnomalyDetector.collapse(failure.message(), options.loadScale(), network.totalLoadKw()));
      }
    } else if (infeasible) {
      found.add(GridAnomalyDetector.noFeasibleConfiguration(failure.message(), failure.details()));
    }
    return found;
  }

  /** The power flow of a configuration, or null when it is not radial or collapses. */
  private static PowerFlowResult flow(Network network, ReconfigurationOptions options) {
    if (Reconfiguration.radialityProblem(network).isPresent()) {
      return null;
    }
    try {
      return Reconfiguration.evaluate(network, options).after();
    } catch (InfeasibleException e) {
      return null;
    }
  }

  /** The total load the network must serve (kW), the one figure a QNN forecast context can use. */
  @Override
  public double[] pastLoadsKw(Problem problem) {
    return new double[] {problem.network().totalLoadKw() * problem.options().loadScale()};
  }

  @Override
  public String qnnGoal(Problem problem) {
    return problem.optimize() ? "MinimumLossRadialConfiguration" : "RadialPowerFlow";
  }
}
