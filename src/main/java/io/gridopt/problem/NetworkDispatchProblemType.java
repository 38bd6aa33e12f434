package io.gridopt.problem;

import io.gridopt.domain.FieldError;
import io.gridopt.problem.RunSummary.Series;
import io.gridopt.domain.RequestType;
import io.gridopt.solver.dispatch.DispatchProblem;
import io.gridopt.solver.dispatch.DispatchResult;
import io.gridopt.solver.dispatch.DispatchSolver;
import io.gridopt.solver.dispatch.Evaluation;
import io.gridopt.solver.dispatch.FeederBattery;
import io.gridopt.solver.dispatch.PvSite;
import io.gridopt.solver.dispatch.StepState;
import io.gridopt.solver.dispatch.Violation;
import io.gridopt.solver.grid.Branch;
import io.gridopt.solver.grid.Bus;
import io.gridopt.solver.grid.Network;
import io.gridopt.solver.grid.Reconfiguration;
import io.gridopt.solver.matpower.MatpowerCase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.gridopt.problem.RunSummary.fmt;

/**
 * POST /network-dispatch: batteries and PV on a radial feeder, scheduled over the horizon against the
 * AC power flow (or, with {@code mode=evaluate}, the given schedules checked step by step). The feeder
 * comes as {@code /grid-switch-optimize} takes it; see docs/dispatch.md for fields and units. The HTTP
 * pipeline resolves {@code forecast_run_id} into {@code load_profile} before calling {@link #parse}.
 */
public final class NetworkDispatchProblemType implements ProblemType<DispatchProblem> {
  /** A week of quarter-hours: one LP over the horizon stays within seconds. */
  public static final int MAX_STEPS = 672;
  public static final int MAX_DEVICES = 100;

  private final DispatchSolver solver = new DispatchSolver();

  @Override
  public RequestType requestType() {
    return RequestType.NETWORK_DISPATCH;
  }

  @Override
  public ParsedRequest<DispatchProblem> parse(JsonObject body) {
    RequestReader r = new RequestReader(body);
    String region = r.requiredString("region");
    OffsetDateTime start = r.timestamp("start", true);
    r.optionalString("forecast_run_id", null);
    String mode = r.choice("mode", "optimize", List.of("optimize", "evaluate"));
    Double dt = StorageProblemType.dtHours(r);
    String[] caseName = new String[1];
    Network network = network(r, body, caseName);
    double[] importPrice = r.numbers("import_price", true, 1, MAX_STEPS, false);
    int steps = importPrice == null ? -1 : importPrice.length;
    double[] exportPrice = series(r, "export_price", steps, false);
    if (exportPrice == null && importPrice != null && !r.has("export_price")) {
      exportPrice = importPrice.clone();
    }
    for (int t = 0; exportPrice != null && importPrice != null && t < steps; t++) {
      if (exportPrice[t] > importPrice[t]) {
        r.add("export_price[" + t + "]", "must be <= import_price[" + t + "] (" + importPrice[t]
            + "): buying to sell back at the substation is not modelled");
        break;
      }
    }
    Double curtailmentPrice = r.nonNegative("curtailment_price", false);
    Double vMin = r.numberInRange("v_min_pu", false, 0.5, 1.2);
    Double vMax = r.numberInRange("v_max_pu", false, 0.8, 1.5);
    double vMinPu = vMin == null ? 0.95 : vMin;
    double vMaxPu = vMax == null ? 1.05 : vMax;
    r.check(vMin == null || vMax == null || vMin < vMax, "v_max_pu", "must be > v_min_pu");
    Double slack = r.numberInRange("slack_voltage_pu", false, 0.8, 1.2);
    boolean reconfigure = r.bool("reconfigure", false);
    boolean optimize = "optimize".equals(mode);
    Map<String, Integer> busIndex = new HashMap<>();
    if (network != null) {
      for (int i = 0; i < network.buses().size(); i++) {
        busIndex.put(network.buses().get(i).id(), i);
      }
      network = branchLimits(r, network);
      if (slack != null) {
        network = new Network(network.baseKv(), network.slackBusIds(), slack, network.buses(), network.branches());
      }
    }
    double[][][] loads = network == null || steps < 0 ? null : loads(r, body, network, busIndex, steps);
    List<PvSite> pv = pv(r, busIndex, steps, network != null);
    List<FeederBattery> batteries = batteries(r, busIndex, steps, network != null, optimize);
    if (network != null && !r.hasErrors() && !reconfigure) {
      String field = r.has("matpower") ? "matpower" : "network";
      Reconfiguration.radialityProblem(network).ifPresent(problem -> r.add(field,
          "the closed branches must form a radial network fed from the substation(s) (or set reconfigure): "
              + problem));
    }
    r.throwIfInvalid();
    DispatchProblem problem = new DispatchProblem(network, dt, loads[0], loads[1], pv, batteries, importPrice,
        exportPrice, curtailmentPrice == null ? 0 : curtailmentPrice, vMinPu, vMaxPu, optimize, reconfigure);
    return new ParsedRequest<>(region, start.toLocalDate(), problem,
        RequestFacts.of(body).withMatpowerCaseName(caseName[0]));
  }

  /** The feeder as sent, in either form; {@code caseName} is the MATPOWER case's name (null without one). */
  private static Network network(RequestReader r, JsonObject body, String[] caseName) {
    boolean hasNetwork = r.has("network");
    boolean hasMatpower = r.has("matpower");
    Network network;
    if (hasNetwork && hasMatpower) {
      r.add("matpower", "give either network or matpower, not both");
      return null;
    } else if (hasMatpower) {
      MatpowerCase matpowerCase = GridSwitchProblemType.readMatpower(r);
      network = matpowerCase == null ? null : matpowerCase.network();
      caseName[0] = matpowerCase == null ? null : matpowerCase.name();
    } else {
      network = GridSwitchProblemType.readNetwork(r, body == null ? null : body.getValue("network"));
    }
    if (network == null) {
      return null;
    }
    List<FieldError> problems = network.validate(hasMatpower ? "matpower" : "network");
    problems.forEach(e -> r.add(e.field(), e.problem()));
    return problems.isEmpty() ? network : null;
  }

  @Override
  public RunSummary.Facts summary(DispatchProblem problem, RequestFacts request, JsonObject result) {
    RunSummary.Facts facts = RunSummary.Facts.empty();
    List<String> in = facts.input();
    in.add(RunSummary.steps(problem.steps(), problem.dtHours()));
    int buses = problem.network().buses().size();
    if (request.given("matpower")) {
      in.add("MATPOWER feeder" + (request.matpowerCaseName() == null ? "" : " " + request.matpowerCaseName())
          + " with " + buses + " buses");
    } else {
      in.add("feeder with " + buses + " buses");
    }
    if (!problem.batteries().isEmpty()) {
      double kwh = problem.batteries().stream().mapToDouble(FeederBattery::capacityKwh).sum();
      in.add(problem.batteries().size() + " batteries with " + fmt(kwh) + " kWh in all");
    }
    if (!problem.pv().isEmpty()) {
      in.add(problem.pv().size() + " PV sites");
    }
    if (request.forecastRunId() != null && !request.given("bus_load_kw")) {
      in.add("load profile taken from forecast run " + request.forecastRunId());
    }
    in.add(RunSummary.priceRange(Series.of(problem.importPrice())));
    in.add("voltage limits " + fmt(problem.vMinPu()) + " to " + fmt(problem.vMaxPu()) + " pu");
    if (!problem.optimize()) {
      in.add("evaluation of the given schedules by AC power flow");
    }
    if (problem.reconfigure()) {
      in.add("switch reconfiguration allowed");
    }
    resultFacts(result == null ? new JsonObject() : result, facts.result());
    return facts;
  }

  private static void resultFacts(JsonObject out, List<String> facts) {
    Double cost = RunSummary.number(out, "cost");
    Double baseline = RunSummary.number(out, "baseline_cost");
    Double blind = RunSummary.number(out, "network_blind_cost");
    if (cost != null) {
      facts.add("cost " + fmt(cost) + (baseline == null ? "" : " against " + fmt(baseline) + " with idle batteries"));
    }
    JsonArray blindViolations = RunSummary.array(out, "network_blind_violations");
    if (blind != null) {
      facts.add("network-blind schedule " + fmt(blind) + (blindViolations == null || blindViolations.isEmpty() ? ""
          : " breaking " + blindViolations.size() + " limits"));
    }
    JsonArray violations = RunSummary.array(out, "violations");
    if (violations != null && !violations.isEmpty()) {
      facts.add(violations.size() + " limit violations");
    }
    RunSummary.addIf(facts, RunSummary.number(out, "losses_kwh"), v -> "losses " + fmt(v) + " kWh");
    Double curtailed = RunSummary.number(out, "curtailed_kwh");
    if (curtailed != null && curtailed > 0) {
      facts.add("PV curtailed " + fmt(curtailed) + " kWh");
    }
    JsonArray open = RunSummary.array(out, "open_branches");
    if (open != null) {
      facts.add("open branches " + RunSummary.idList(open));
    }
  }

  /** An optional series of finite numbers with exactly {@code steps} elements; null when absent or bad. */
  private static double[] series(RequestReader r, String field, int steps, boolean nonNegative) {
    double[] values = r.numbers(field, false, 1, MAX_STEPS, false);
    if (values == null) {
      return null;
    }
    if (steps > 0 && values.length != steps) {
      r.add(field, "must have " + steps + " elements like import_price, has " + values.length);
      return null;
    }
    for (int i = 0; nonNegative && i < values.length; i++) {
      if (values[i] < 0) {
        r.add(field + "[" + i + "]", "must be >= 0");
        return null;
      }
    }
    return values;
  }

  /** Bus ids are strings; a MATPOWER bus number may come as a JSON number. */
  private static String id(Object value) {
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return Long.toString(n.longValue());
    }
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  private static Integer bus(RequestReader r, Object raw, Map<String, Integer> busIndex, boolean known) {
    String id = id(raw);
    if (raw == null) {
      r.add("bus", "is required");
      return null;
    }
    if (id == null) {
      r.add("bus", "must be a bus id (string or integer)");
      return null;
    }
    Integer at = busIndex.get(id);
    if (at == null && known) {
      r.add("bus", "unknown bus '" + id + "'");
    }
    return at;
  }

  private static Network branchLimits(RequestReader r, Network network) {
    JsonArray limits = r.array("branch_limits", false, 0, Network.MAX_BRANCHES);
    if (limits == null) {
      return network;
    }
    Map<String, Double> byId = new HashMap<>();
    for (int i = 0; i < limits.size(); i++) {
      RequestReader e = r.element("branch_limits", i, limits.getValue(i));
      if (e == null) {
        continue;
      }
      Object raw = limits.getJsonObject(i).getValue("branch");
      String branch = id(raw);
      Double maxCurrent = e.number("max_current_a", true);
      e.check(maxCurrent == null || maxCurrent > 0, "max_current_a", "must be > 0");
      if (branch == null) {
        e.add("branch", raw == null ? "is required" : "must be a branch id (string or integer)");
      } else if (network.branches().stream().noneMatch(b -> b.id().equals(branch))) {
        e.add("branch", "unknown branch '" + branch + "'");
      } else if (maxCurrent != null && maxCurrent > 0) {
        byId.put(branch, maxCurrent);
      }
    }
    List<Branch> branches = network.branches().stream().map(b -> byId.containsKey(b.id())
        ? new Branch(b.id(), b.fromBusId(), b.toBusId(), b.rOhm(), b.xOhm(), b.closed(), b.switchable(), byId.get(b.id()))
        : b).toList();
    return network.withBranches(branches);
  }

  /**
   * Real and reactive loads per step and bus: {@code bus_load_kw} where given (reactive power kept in
   * the bus's own ratio), else the bus's load times {@code load_profile} (1 when absent).
   */
  private static double[][][] loads(RequestReader r, JsonObject body, Network network, Map<String, Integer> busIndex,
                                    int steps) {
    double[] profile = series(r, "load_profile", steps, true);
    int n = network.buses().size();
    double[][] p = new double[steps][n];
    double[][] q = new double[steps][n];
    for (int j = 0; j < n; j++) {
      Bus bus = network.buses().get(j);
      for (int t = 0; t < steps; t++) {
        double m = profile == null ? 1 : profile[t];
        p[t][j] = bus.pKw() * m;
        q[t][j] = bus.qKvar() * m;
      }
    }
    RequestReader perBus = r.object("bus_load_kw", false);
    if (perBus != null) {
      JsonObject raw = body.getJsonObject("bus_load_kw");
      for (String id : raw.fieldNames()) {
        Integer j = busIndex.get(id);
        if (j == null) {
          perBus.add(id, "unknown bus '" + id + "'");
          continue;
        }
        double[] values = series(perBus, id, steps, false);
        if (values == null) {
          perBus.check(perBus.has(id) && raw.getValue(id) instanceof JsonArray, id, "must be an array of numbers");
          continue;
        }
        Bus bus = network.buses().get(j);
        for (int t = 0; t < steps; t++) {
          p[t][j] = values[t];
          q[t][j] = bus.pKw() != 0 ? bus.qKvar() * values[t] / bus.pKw() : 0;
        }
      }
    }
    return new double[][][] {p, q};
  }

  private static List<PvSite> pv(RequestReader r, Map<String, Integer> busIndex, int steps, boolean known) {
    List<PvSite> out = new ArrayList<>();
    JsonArray array = r.array("pv", false, 0, MAX_DEVICES);
    for (int i = 0; array != null && i < array.size(); i++) {
      RequestReader e = r.element("pv", i, array.getValue(i));
      if (e == null) {
        continue;
      }
      String id = e.optionalString("id", "pv" + (i + 1));
      Integer bus = bus(e, array.getJsonObject(i).getValue("bus"), busIndex, known);
      double[] profile = series(e, "profile_kw", steps, true);
      e.check(e.has("profile_kw"), "profile_kw", "is required");
      boolean curtailable = e.bool("curtailable", true);
      double[] curtailment = series(e, "curtailment_kw", steps, true);
      if (curtailment != null && profile != null) {
        for (int t = 0; t < steps; t++) {
          if (curtailment[t] > profile[t] + 1e-9) {
            e.add("curtailment_kw[" + t + "]", "must be <= profile_kw[" + t + "] " + profile[t]);
            break;
          }
        }
        e.check(curtailable || Arrays.stream(curtailment).allMatch(c -> c == 0), "curtailment_kw",
            "must be 0 where curtailable is false");
      }
      if (bus != null && profile != null && id != null) {
        out.add(new PvSite(id, bus, profile, curtailable, curtailment));
      }
    }
    return out;
  }

  private static List<FeederBattery> batteries(RequestReader r, Map<String, Integer> busIndex, int steps,
                                               boolean known, boolean optimize) {
    List<FeederBattery> out = new ArrayList<>();
    JsonArray array = r.array("batteries", false, 0, MAX_DEVICES);
    for (int i = 0; array != null && i < array.size(); i++) {
      RequestReader e = r.element("batteries", i, array.getValue(i));
      if (e == null) {
        continue;
      }
      String id = e.optionalString("id", "battery" + (i + 1));
      Integer bus = bus(e, array.getJsonObject(i).getValue("bus"), busIndex, known);
      Double capacity = e.nonNegative("capacity_kwh", true);
      Double maxCharge = e.nonNegative("max_charge_kw", true);
      Double maxDischarge = e.nonNegative("max_discharge_kw", true);
      Double etaC = efficiency(e, "charge_efficiency");
      Double etaD = efficiency(e, "discharge_efficiency");
      Double initial = e.nonNegative("initial_soc_kwh", true);
      Double minSoc = e.nonNegative("min_soc_kwh", false);
      Double finalSoc = e.nonNegative("final_soc_kwh", false);
      double[] charge = series(e, "charge_kw", steps, true);
      double[] discharge = series(e, "discharge_kw", steps, true);
      e.check(optimize || (e.has("charge_kw") == e.has("discharge_kw")), e.has("charge_kw") ? "discharge_kw"
          : "charge_kw", "give both charge_kw and discharge_kw, or neither (idle)");
      e.check(!optimize || !e.has("charge_kw") && !e.has("discharge_kw"), e.has("charge_kw") ? "charge_kw"
          : "discharge_kw", "a given schedule needs mode=evaluate");
      if (capacity == null || initial == null) {
        continue;
      }
      double min = minSoc == null ? 0 : minSoc;
      double end = finalSoc == null ? initial : finalSoc;
      boolean ok = e.check(initial <= capacity, "initial_soc_kwh", "must be <= capacity_kwh " + capacity);
      ok &= e.check(min <= Math.min(initial, capacity), "min_soc_kwh", "must be <= initial_soc_kwh and capacity_kwh");
      ok &= e.check(end <= capacity, "final_soc_kwh", "must be <= capacity_kwh " + capacity);
      ok &= limits(e, "charge_kw", charge, maxCharge) & limits(e, "discharge_kw", discharge, maxDischarge);
      if (ok && bus != null && id != null && maxCharge != null && maxDischarge != null && etaC != null && etaD != null) {
        out.add(new FeederBattery(id, bus, capacity, maxCharge, maxDischarge, etaC, etaD, initial, min, end, charge,
            discharge));
      }
    }
    return out;
  }

  private static boolean limits(RequestReader e, String field, double[] values, Double max) {
    for (int t = 0; values != null && max != null && t < values.length; t++) {
      if (values[t] > max + 1e-9) {
        e.add(field + "[" + t + "]", "must be <= max_" + field.replace("_kw", "") + "_kw " + max);
        return false;
      }
    }
    return true;
  }

  private static Double efficiency(RequestReader r, String field) {
    Double eta = r.number(field, false);
    if (eta == null) {
      return r.has(field) ? null : 1.0;
    }
    return r.check(eta > 0 && eta <= 1, field, "must be in (0, 1]") ? eta : null;
  }

  @Override
  public SolveOutcome solve(DispatchProblem problem) {
    DispatchResult result = solver.solve(problem);
    return new SolveOutcome(toJson(problem, result), result.solverName(), result.iterations());
  }

  /** The run's {@code result} object as documented in docs/dispatch.md. */
  public static JsonObject toJson(DispatchProblem problem, DispatchResult result) {
    Evaluation e = result.result();
    JsonArray batteries = new JsonArray();
    for (int b = 0; b < problem.batteries().size(); b++) {
      FeederBattery battery = problem.batteries().get(b);
      batteries.add(new JsonObject().put("id", battery.id()).put("bus", busId(problem, battery.bus()))
          .put("charge_kw", exact(e.schedule().chargeKw()[b]))
          .put("discharge_kw", exact(e.schedule().dischargeKw()[b]))
          .put("soc_kwh", rounded(e.schedule().socKwh(problem, b), 6)));
    }
    JsonArray pv = new JsonArray();
    for (int k = 0; k < problem.pv().size(); k++) {
      PvSite site = problem.pv().get(k);
      pv.add(new JsonObject().put("id", site.id()).put("bus", busId(problem, site.bus()))
          .put("curtailment_kw", exact(e.schedule().curtailmentKw()[k])));
    }
    JsonArray steps = new JsonArray();
    for (int t = 0; t < e.steps().size(); t++) {
      StepState s = e.steps().get(t);
      steps.add(new JsonObject().put("step", t).put("substation_kw", round(s.substationKw(), 6))
          .put("loss_kw", round(s.lossKw(), 6))
          .put("v_min_pu", round(s.vMinPu(), 6)).put("v_min_bus", s.vMinBus())
          .put("v_max_pu", round(s.vMaxPu(), 6)).put("v_max_bus", s.vMaxBus())
          .put("max_loading_pct", s.maxLoadingPct() == null ? null : round(s.maxLoadingPct(), 4))
          .put("max_loading_branch", s.maxLoadingBranch()));
    }
    JsonObject json = new JsonObject()
        .put("status", problem.optimize() ? "optimal" : e.violations().isEmpty() ? "feasible" : "violations")
        .put("mode", problem.optimize() ? "optimize" : "evaluate")
        .put("cost", round(e.cost(), 6))
        .put("baseline_cost", round(result.baseline().cost(), 6))
        .put("network_blind_cost", round(result.networkBlind().cost(), 6))
        .put("network_blind_violations", violations(result.networkBlind().violations()))
        .put("losses_kwh", round(e.lossesKwh(), 6))
        .put("curtailed_kwh", round(e.curtailedKwh(), 6))
        .put("batteries", batteries)
        .put("pv", pv)
        .put("steps", steps)
        .put("violations", violations(e.violations()))
        .put("ac_check", new JsonObject()
            .put("max_voltage_violation_pu", e.maxVoltageViolationPu())
            .put("max_current_violation_a", e.maxCurrentViolationA())
            .put("max_power_mismatch_kw", e.maxPowerMismatchKw()))
        .put("solver", new JsonObject()
            .put("name", result.solverName())
            .put("iterations", result.iterations())
            .put("solve_ms", round(result.solveMs(), 3))
            // a local method: no bound is proved (docs/dispatch.md)
            .putNull("lower_bound")
            .putNull("gap_pct"));
    if (result.reconfigured()) {
      json.put("open_branches", new JsonArray(result.openBranches()));
    }
    return json;
  }

  private static String busId(DispatchProblem problem, int bus) {
    return problem.network().buses().get(bus).id();
  }

  private static JsonArray violations(List<Violation> list) {
    JsonArray out = new JsonArray();
    for (Violation v : list) {
      String element = switch (v.kind()) {
        case "current" -> "branch";
        case "soc", "final_soc" -> "battery";
        default -> "bus";
      };
      out.add(new JsonObject().put("step", v.step()).put("kind", v.kind()).put(element, v.element())
          .put("value", round(v.value(), 6)).put("limit", round(v.limit(), 6)));
    }
    return out;
  }

  /** Set points at full precision: the SoC a client recomputes from them must match. */
  private static JsonArray exact(double[] values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(v);
    }
    return a;
  }

  private static JsonArray rounded(double[] values, int decimals) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(round(v, decimals));
    }
    return a;
  }

  private static double round(double v, int decimals) {
    double scale = Math.pow(10, decimals);
    double r = Math.round(v * scale) / scale;
    return r == 0 ? 0.0 : r;
  }

  @Override
  public double[] pastLoadsKw(DispatchProblem problem) {
    int steps = Math.min(24, problem.steps());
    double[] total = new double[steps];
    for (int t = 0; t < steps; t++) {
      total[t] = Arrays.stream(problem.loadKw()[t]).sum();
    }
    return total;
  }

  @Override
  public String qnnGoal(DispatchProblem problem) {
    return problem.optimize() ? "NetworkAwareDispatch" : "QuasiStaticPowerFlow";
  }
}
