package io.gridopt.problem;

import io.gridopt.anomaly.Anomaly;
import io.gridopt.anomaly.StorageAnomalyDetector;
import io.gridopt.bus.ErrorBody;
import io.gridopt.domain.RequestType;
import io.gridopt.solver.storage.Battery;
import io.gridopt.solver.storage.GridConnection;
import io.gridopt.solver.storage.SiteSeries;
import io.gridopt.solver.storage.StorageProblem;
import io.gridopt.solver.storage.StorageResult;
import io.gridopt.solver.storage.StorageSchedule;
import io.gridopt.solver.storage.StorageSolver;
import io.gridopt.problem.RunSummary.Series;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import static io.gridopt.problem.RunSummary.fmt;

/**
 * POST /storage-optimize: a site's load, PV and prices and a battery in, the cost-optimal schedule
 * out. Field names, units and defaults are those of the issue (see docs/storage.md). The HTTP
 * pipeline resolves {@code forecast_run_id} into {@code load_kw} before calling {@link #parse}.
 */
public final class StorageProblemType implements ProblemType<StorageProblem> {
  public static final int MAX_STEPS = 35_040;
  static final List<Double> DT_HOURS = List.of(0.25, 0.5, 1.0);
  private static final double ROUND = 1e6;

  private final StorageSolver solver = new StorageSolver();

  @Override
  public RequestType requestType() {
    return RequestType.STORAGE;
  }

  @Override
  public ParsedRequest<StorageProblem> parse(JsonObject body) {
    RequestReader r = new RequestReader(body);
    String region = r.requiredString("region");
    OffsetDateTime start = r.timestamp("start", true);
    r.optionalString("forecast_run_id", null);
    Double dt = dtHours(r);
    double[] load = nonNegativeSeries(r, "load_kw");
    if (!r.has("load_kw")) {
      r.add("load_kw", "is required unless forecast_run_id names a completed forecast run");
    }
    double[] pv = nonNegativeSeries(r, "pv_kw");
    double[] importPrice = r.numbers("import_price", true, 1, MAX_STEPS, false);
    double[] exportPrice = r.numbers("export_price", false, 1, MAX_STEPS, false);
    int steps = load != null ? load.length : -1;
    if (steps > 0) {
      pv = sameLength(r, "pv_kw", pv, steps, 0);
      importPrice = sameLength(r, "import_price", importPrice, steps, Double.NaN);
      exportPrice = sameLength(r, "export_price", exportPrice, steps, 0);
    }
    Battery battery = battery(r);
    Double importLimit = r.nonNegative("grid_import_limit_kw", false);
    Double exportLimit = r.nonNegative("grid_export_limit_kw", false);
    boolean curtail = r.bool("allow_pv_curtailment", false);
    Double demandCharge = r.nonNegative("demand_charge_per_kw", false);
    r.throwIfInvalid();
    GridConnection grid = new GridConnection(importLimit == null ? Double.POSITIVE_INFINITY : importLimit,
        exportLimit == null ? Double.POSITIVE_INFINITY : exportLimit, curtail, demandCharge == null ? 0 : demandCharge);
    StorageProblem problem = new StorageProblem(dt, new SiteSeries(load, pv, importPrice, exportPrice), battery, grid);
    return new ParsedRequest<>(region, start.toLocalDate(), problem, RequestFacts.of(body));
  }

  /** {@code dt_hours}: one of 0.25, 0.5 or 1, default 1; null (with the error) when invalid. */
  static Double dtHours(RequestReader r) {
    Double dt = r.number("dt_hours", false);
    if (dt == null && !r.has("dt_hours")) {
      return 1.0;
    }
    if (dt != null && !DT_HOURS.contains(dt)) {
      r.add("dt_hours", "must be one of 0.25, 0.5, 1");
      return null;
    }
    return dt;
  }

  /** An optional series of finite numbers >= 0 with 1..MAX_STEPS elements; null when absent or bad. */
  private static double[] nonNegativeSeries(RequestReader r, String field) {
    double[] values = r.numbers(field, false, 1, MAX_STEPS, false);
    if (values == null) {
      return null;
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] < 0) {
        r.add(field + "[" + i + "]", "must be >= 0");
        return null;
      }
    }
    return values;
  }

  /** The series, or a constant one when absent; an error when its length differs from load_kw's. */
  private static double[] sameLength(RequestReader r, String field, double[] values, int steps, double absent) {
    if (values == null) {
      if (r.has(field) || Double.isNaN(absent)) {
        return null;
      }
      double[] filled = new double[steps];
      Arrays.fill(filled, absent);
      return filled;
    }
    if (values.length != steps) {
      r.add(field, "must have " + steps + " elements like load_kw, has " + values.length);
      return null;
    }
    return values;
  }

  private static Battery battery(RequestReader parent) {
    RequestReader r = parent.object("battery", true);
    if (r == null) {
      return null;
    }
    Double capacity = r.nonNegative("capacity_kwh", true);
    Double maxCharge = r.nonNegative("max_charge_kw", true);
    Double maxDischarge = r.nonNegative("max_discharge_kw", true);
    Double etaC = efficiency(r, "charge_efficiency");
    Double etaD = efficiency(r, "discharge_efficiency");
    Double initial = r.nonNegative("initial_soc_kwh", true);
    Double minSoc = r.nonNegative("min_soc_kwh", false);
    Double maxSoc = r.nonNegative("max_soc_kwh", false);
    Double finalSoc = r.nonNegative("final_soc_kwh", false);
    Double degradation = r.nonNegative("degradation_cost_per_kwh", false);
    if (capacity == null) {
      return null;
    }
    double min = minSoc != null ? minSoc : 0;
    double max = maxSoc != null ? maxSoc : capacity;
    boolean ok = r.check(maxSoc == null || maxSoc <= capacity, "max_soc_kwh", "must be <= capacity_kwh " + num(capacity));
    ok &= r.check(minSoc == null || min <= max, "min_soc_kwh", "must be <= max_soc_kwh " + num(max));
    ok &= r.check(initial == null || initial <= capacity, "initial_soc_kwh", "must be <= capacity_kwh " + num(capacity));
    ok &= r.check(finalSoc == null || finalSoc <= max, "final_soc_kwh", "must be <= max_soc_kwh " + num(max));
    if (!ok || maxCharge == null || maxDischarge == null || etaC == null || etaD == null || initial == null
        || r.hasErrors()) {
      return null;
    }
    return new Battery(capacity, maxCharge, maxDischarge, etaC, etaD, initial, min, max, finalSoc,
        degradation == null ? 0 : degradation);
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static Double efficiency(RequestReader r, String field) {
    Double eta = r.number(field, true);
    if (eta != null && (eta <= 0 || eta > 1)) {
      r.add(field, "must be in (0, 1]");
      return null;
    }
    return eta;
  }

  @Override
  public SolveOutcome solve(StorageProblem problem) {
    StorageResult result = solver.solve(problem);
    return new SolveOutcome(toJson(result), result.solverName(), result.iterations());
  }

  /** The run's {@code result} object as documented in docs/storage.md. */
  public static JsonObject toJson(StorageResult r) {
    StorageSchedule s = r.schedule();
    JsonObject schedule = new JsonObject()
        .put("charge_kw", array(s.chargeKw()))
        .put("discharge_kw", array(s.dischargeKw()))
        .put("soc_kwh", array(s.socKwh()))
        .put("grid_import_kw", array(s.gridImportKw()))
        .put("grid_export_kw", array(s.gridExportKw()))
        .put("curtailment_kw", array(s.curtailmentKw()));
    return new JsonObject()
        .put("status", "optimal")
        .put("total_cost", round(r.totalCost()))
        .put("baseline_cost", r.baselineCost() == null ? null : round(r.baselineCost()))
        .put("savings", r.savings() == null ? null : round(r.savings()))
        .put("savings_pct", r.savingsPct() == null ? null : round(r.savingsPct()))
        .put("peak_import_kw", round(r.peakImportKw()))
        .put("schedule", schedule)
        .put("solver", new JsonObject().put("name", r.solverName()).put("solve_ms", round(r.solveMs())))
        .put("warnings", new JsonArray(List.copyOf(r.warnings())));
  }

  private static JsonArray array(double[] values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(round(v));
    }
    return a;
  }

  /** Six decimals: micro-units of kW, kWh and money, free of solver round-off noise. */
  private static double round(double v) {
    double rounded = Math.round(v * ROUND) / ROUND;
    return rounded == 0 ? 0.0 : rounded;
  }

  @Override
  public RunSummary.Facts summary(StorageProblem problem, RequestFacts request, JsonObject result) {
    RunSummary.Facts facts = RunSummary.Facts.empty();
    List<String> in = facts.input();
    SiteSeries site = problem.site();
    in.add(RunSummary.steps(problem.steps(), problem.dtHours()));
    in.add("load peak " + fmt(Series.of(site.loadKw()).max()) + " kW");
    Series pv = Series.of(site.pvKw());
    if (pv.max() > 0) {
      in.add("solar PV up to " + fmt(pv.max()) + " kW");
    }
    Series importPrice = Series.of(site.importPrice());
    in.add(RunSummary.priceRange(importPrice) + (importPrice.negatives() == 0 ? ""
        : ", negative prices in " + importPrice.negatives() + " of " + importPrice.count() + " steps"));
    Series exportPrice = Series.of(site.exportPrice());
    if (exportPrice.max() != 0) {
      in.add("export price up to " + RunSummary.money(exportPrice.max()));
    }
    Battery b = problem.battery();
    in.add("battery " + fmt(b.capacityKwh()) + " kWh, charge " + fmt(b.maxChargeKw()) + " kW, discharge "
        + fmt(b.maxDischargeKw()) + " kW" + (b.finalSocKwh() == null ? "" : ", final charge at least "
        + fmt(b.finalSocKwh()) + " kWh"));
    GridConnection grid = problem.grid();
    if (Double.isFinite(grid.importLimitKw())) {
      in.add("grid import limit " + fmt(grid.importLimitKw()) + " kW");
    }
    if (Double.isFinite(grid.exportLimitKw())) {
      in.add("grid export limit " + fmt(grid.exportLimitKw()) + " kW");
    }
    if (request.given("demand_charge_per_kw")) {
      in.add("demand charge " + fmt(grid.demandChargePerKw()) + " per kW of peak import");
    }
    resultFacts(result == null ? new JsonObject() : result, facts.result());
    return facts;
  }

  private static void resultFacts(JsonObject out, List<String> facts) {
    String status = RunSummary.string(out, "status");
    if (status != null) {
      facts.add(status + " schedule");
    }
    Double cost = RunSummary.number(out, "total_cost");
    Double baseline = RunSummary.number(out, "baseline_cost");
    if (cost != null) {
      facts.add("cost " + fmt(cost) + (baseline == null ? "" : " against " + fmt(baseline) + " without the battery"));
    }
    Double savings = RunSummary.number(out, "savings");
    Double savingsPct = RunSummary.number(out, "savings_pct");
    if (savings != null) {
      facts.add("savings " + fmt(savings) + (savingsPct == null ? "" : " (" + fmt(savingsPct) + "%)"));
    }
    RunSummary.addIf(facts, RunSummary.number(out, "peak_import_kw"), v -> "peak grid import " + fmt(v) + " kW");
    JsonObject schedule = RunSummary.object(out, "schedule");
    if (schedule != null) {
      Series curtailment = Series.of(RunSummary.array(schedule, "curtailment_kw"));
      if (curtailment.positives() > 0) {
        facts.add("PV curtailed in " + curtailment.positives() + " steps");
      }
    }
    JsonArray warnings = RunSummary.array(out, "warnings");
    if (warnings != null && !warnings.isEmpty() && warnings.getValue(0) instanceof String w) {
      facts.add("warning: " + RunSummary.abbreviate(w, RunSummary.MAX_ERROR_CHARS));
    }
  }

  /** Findings of docs/anomalies.md: infeasible (with the binding constraint), binding limits, SoC, prices. */
  @Override
  public List<Anomaly> anomalies(StorageProblem problem, JsonObject body, JsonObject result, ErrorBody failure) {
    OffsetDateTime start = OffsetDateTime.parse(body.getString("start"));
    double[] imports = null;
    if (result != null && result.getValue("schedule") instanceof JsonObject schedule
        && schedule.getValue("grid_import_kw") instanceof JsonArray values && values.size() == problem.steps()) {
      imports = new double[values.size()];
      for (int t = 0; t < imports.length; t++) {
        imports[t] = values.getDouble(t);
      }
    }
    boolean infeasible = failure != null && failure.status() == 422;
    return StorageAnomalyDetector.detect(problem, start, imports, infeasible ? failure.message() : null,
        infeasible ? failure.details() : List.of());
  }

  @Override
  public double[] pastLoadsKw(StorageProblem problem) {
    double[] load = problem.site().loadKw();
    return Arrays.copyOf(load, Math.min(24, load.length));
  }

  @Override
  public String qnnGoal(StorageProblem problem) {
    return "CostOptimalStorageSchedule";
  }
}
