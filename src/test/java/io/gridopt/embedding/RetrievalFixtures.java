package io.gridopt.embedding;

import io.gridopt.domain.RequestType;
import io.gridopt.problem.ParsedRequest;
import io.gridopt.problem.ProblemTypes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A labelled set of 38 runs (storage, grid switching, forecast, simulation; four regions; completed,
 * infeasible and failed) written as the API would store them, and 15 operator questions, each with
 * the ids of the runs that answer it, labelled by hand from the runs' facts. Input arrays are
 * generated from daily shapes so that the runs are full-size requests, not stubs; result figures are
 * hand-set realistic values (the 33-bus figures are the published ones).
 */
public final class RetrievalFixtures {

  public record LabelledRun(String id, RequestType type, String region, LocalDate date, String status,
      String error, JsonObject input, JsonObject result) {
    public String summary() {
      return summarize(type, region, date, status, error, input, result);
    }
  }

  private static final ProblemTypes PROBLEMS = ProblemTypes.standard();

  /**
   * A run's summary as the service writes it: the input parsed as the run pipeline parses it, then
   * summarised by its problem type, under the run's own region and date.
   */
  public static String summarize(RequestType type, String region, LocalDate date, String status, String error,
      JsonObject input, JsonObject result) {
    ParsedRequest<?> parsed = PROBLEMS.parse(type, input).as(region, date);
    return PROBLEMS.summary(type, parsed, input, status, error, result, null);
  }

  public record Query(String text, Set<String> relevant) {
  }

  private RetrievalFixtures() {
  }

  public static List<Query> queries() {
    return List.of(
        new Query("battery schedules in Dayton with negative prices", Set.of("s01", "s02", "s12")),
        new Query("feeder reconfiguration that cut losses by a third", Set.of("g01", "g04")),
        new Query("failed forecast", Set.of("f06", "f07", "f11")),
        new Query("battery optimizations that were infeasible", Set.of("s08", "s09")),
        new Query("week-ahead load forecast", Set.of("f03")),
        new Query("runs that failed because the QNN timed out", Set.of("s10", "f06")),
        new Query("peak shaving with demand charges", Set.of("s05", "s06")),
        new Query("inaccurate forecasts from only a few days of history", Set.of("f04", "f05")),
        new Query("switching optimization on large networks with more than 100 buses", Set.of("g04", "g06")),
        new Query("DUQ load forecasts", Set.of("f02", "f04", "f07")),
        new Query("forecast where readings were missing or duplicated", Set.of("f08")),
        new Query("power flow check of the current switch positions without optimizing", Set.of("g02", "g11")),
        new Query("grid reconfiguration that halved the losses", Set.of("g10")),
        new Query("battery with rooftop solar in Columbus", Set.of("s04", "s13")),
        new Query("feeder where voltage limits could not be met", Set.of("g07")));
  }

  public static List<LabelledRun> runs() {
    List<LabelledRun> runs = new ArrayList<>();
    runs.addAll(storageRuns());
    runs.addAll(gridRuns());
    runs.addAll(forecastRuns());
    runs.add(new LabelledRun("m01", RequestType.SIMULATION, "Dayton", LocalDate.parse("2024-06-03"), "completed", null,
        new JsonObject().put("region", "Dayton").put("scenario", "heat wave").put("load_scale", 1.25).put("days", 3),
        new JsonObject().put("peak_load_kw", 5120.0).put("energy_kwh", 298400.0)));
    runs.add(new LabelledRun("m02", RequestType.SIMULATION, "Toledo", LocalDate.parse("2024-11-20"), "completed", null,
        new JsonObject().put("region", "Toledo").put("scenario", "ev charging growth").put("ev_count", 400),
        new JsonObject().put("peak_load_kw", 3310.0).put("energy_kwh", 61200.0)));
    return runs;
  }

  // ---- storage ----

  private static List<LabelledRun> storageRuns() {
    List<LabelledRun> runs = new ArrayList<>();
    runs.add(storage("s01", "Dayton", "2024-04-14", 24, 1, 420, 180, 0.02, 0.31, 3,
        battery(500, 250, 250, 0.95, 0.95, 100, null), 29.8));
    runs.add(storage("s02", "Dayton", "2024-05-05", 96, 0.25, 260, 0, 0.03, 0.27, 8,
        battery(200, 100, 100, 0.96, 0.96, 50, null), 21.4));
    runs.add(storage("s03", "Dayton", "2024-07-22", 24, 1, 610, 240, 0.06, 0.42, 0,
        battery(400, 200, 200, 0.95, 0.95, 80, null), 17.9));
    runs.add(storage("s04", "Columbus", "2024-04-21", 24, 1, 380, 220, 0.01, 0.29, 4,
        battery(300, 150, 150, 0.95, 0.95, 60, null), 33.5));
    JsonObject s05 = storageInput("2024-01-16", 24, 1, 950, 0, 0.08, 0.19, 0, battery(1000, 400, 400, 0.94, 0.94, 500, null));
    s05.put("demand_charge_per_kw", 15.0);
    runs.add(storageRun("s05", "Columbus", "2024-01-16", s05, 22.1, 640).build());
    JsonObject s06 = storageInput("2024-08-09", 24, 1, 720, 310, 0.07, 0.24, 0, battery(600, 300, 300, 0.95, 0.95, 200, null));
    s06.put("demand_charge_per_kw", 12.5);
    runs.add(storageRun("s06", "Toledo", "2024-08-09", s06, 25.6, 515).build());
    runs.add(storage("s07", "DUQ", "2024-10-07", 168, 1, 540, 0, 0.05, 0.22, 0,
        battery(250, 125, 125, 0.95, 0.95, 125, null), 3.1));
    runs.add(failedStorage("s08", "Dayton", "2024-03-02",
        storageInput("2024-03-02", 24, 1, 300, 90, 0.04, 0.26, 0, battery(400, 100, 100, 0.95, 0.95, 20, 380.0)),
        "final_soc_kwh: 380 kWh unreachable: at most 248.5 kWh can be stored by the last step", "infeasible"));
    JsonObject s09 = storageInput("2024-02-12", 24, 1, 480, 0, 0.05, 0.23, 0, battery(200, 80, 80, 0.95, 0.95, 100, null));
    s09.put("grid_import_limit_kw", 120.0);
    runs.add(failedStorage("s09", "Columbus", "2024-02-12", s09,
        "grid_import_limit_kw: import limit 120 kW below net load 151.2 kW at step 17", "infeasible"));
    runs.add(failedStorage("s10", "Toledo", "2024-06-18",
        storageInput("2024-06-18", 24, 1, 350, 150, 0.05, 0.28, 0, battery(300, 150, 150, 0.95, 0.95, 50, null)),
        "QNN timeout: the QNN service did not answer within 5000 ms", null));
    runs.add(storage("s11", "DUQ", "2024-09-03", 24, 1, 1800, 650, 0.03, 0.55, 0,
        battery(2000, 800, 800, 0.96, 0.96, 400, null), 41.2));
    runs.add(storage("s12", "Dayton", "2024-01-01", 8760, 1, 480, 200, 0.02, 0.35, 310,
        battery(500, 250, 250, 0.95, 0.95, 250, null), 24.3));
    // The result (hand-set like every fixture result) keeps the warning of the first version of this run, whose
    // initial charge of 270 kWh the parser now refuses; the summary does not state the initial charge, so its
    // text is unchanged, and the warning is what sets this run apart for retrieval.
    JsonObject s13 = storageInput("2024-05-19", 24, 1, 330, 210, 0.04, 0.3, 0, battery(250, 125, 125, 0.95, 0.95, 240, null));
    runs.add(storageRun("s13", "Columbus", "2024-05-19", s13, 19.7, null)
        .withWarning("initial_soc_kwh 270 is above max_soc_kwh 250: discharged to 250 kWh by step 1"));
    JsonObject s14 = storageInput("2024-06-30", 24, 1, 210, 420, 0.05, 0.21, 0, battery(150, 75, 75, 0.95, 0.95, 30, null));
    s14.put("export_price", new JsonArray(IntStream.range(0, 24).mapToObj(t -> 0.04).toList()))
        .put("grid_export_limit_kw", 100.0).put("allow_pv_curtailment", true);
    runs.add(storageRun("s14", "Toledo", "2024-06-30", s14, 36.8, null).withCurtailment());
    return runs;
  }

  private static JsonObject battery(double capacityKwh, double chargeKw, double dischargeKw, double etaC, double etaD,
      double initialSocKwh, Double finalSocKwh) {
    JsonObject battery = new JsonObject().put("capacity_kwh", capacityKwh).put("max_charge_kw", chargeKw)
        .put("max_discharge_kw", dischargeKw).put("charge_efficiency", etaC).put("discharge_efficiency", etaD)
        .put("initial_soc_kwh", initialSocKwh);
    if (finalSocKwh != null) {
      battery.put("final_soc_kwh", finalSocKwh);
    }
    return battery;
  }

  private static LabelledRun storage(String id, String region, String date, int steps, double dtHours, double loadPeakKw,
      double pvPeakKw, double priceLow, double priceHigh, int negativeSteps, JsonObject battery, double savingsPct) {
    JsonObject input = storageInput(date, steps, dtHours, loadPeakKw, pvPeakKw, priceLow, priceHigh, negativeSteps, battery);
    return storageRun(id, region, date, input, savingsPct, null).build();
  }

  /** Evening-peaked load, midday PV, price following the load; the negative prices fall on the sunniest steps. */
  static JsonObject storageInput(String date, int steps, double dtHours, double loadPeakKw, double pvPeakKw,
      double priceLow, double priceHigh, int negativeSteps, JsonObject battery) {
    double[] load = new double[steps];
    double[] pv = new double[steps];
    double[] price = new double[steps];
    for (int t = 0; t < steps; t++) {
      double hour = (t * dtHours) % 24;
      int day = (int) (t * dtHours / 24);
      double evening = Math.exp(-Math.pow((hour - 18.5) / 3.5, 2));
      load[t] = round(loadPeakKw * (0.5 + 0.5 * evening) * (1 - 0.04 * (day % 7 >= 5 ? 1 : 0)), 1);
      pv[t] = round(pvPeakKw * Math.max(0, Math.sin(Math.PI * (hour - 6) / 14)), 1);
      price[t] = round(priceLow + (priceHigh - priceLow) * evening, 4);
    }
    Integer[] byNoon = IntStream.range(0, steps).boxed()
        .sorted(Comparator.comparingDouble((Integer t) -> Math.abs((t * dtHours) % 24 - 13)).thenComparing(t -> t))
        .toArray(Integer[]::new);
    for (int k = 0; k < negativeSteps; k++) {
      price[byNoon[k]] = -round(0.005 + 0.01 * (k % 5), 4);
    }
    JsonObject input = new JsonObject().put("start", date + "T00:00:00-05:00").put("dt_hours", dtHours)
        .put("load_kw", array(load)).put("import_price", array(price)).put("battery", battery);
    if (pvPeakKw > 0) {
      input.put("pv_kw", array(pv));
    }
    return input;
  }

  private static StorageRun storageRun(String id, String region, String date, JsonObject input, double savingsPct,
      Integer peakImportKw) {
    input.put("region", region);
    double dt = input.getDouble("dt_hours");
    JsonArray load = input.getJsonArray("load_kw");
    JsonArray pv = input.getJsonArray("pv_kw");
    JsonArray price = input.getJsonArray("import_price");
    JsonObject battery = input.getJsonObject("battery");
    int steps = load.size();
    double baseline = 0;
    double peak = 0;
    for (int t = 0; t < steps; t++) {
      double net = Math.max(0, load.getDouble(t) - (pv == null ? 0 : pv.getDouble(t)));
      baseline += price.getDouble(t) * net * dt;
      peak = Math.max(peak, net);
    }
    // Charge on the cheapest sixth of the steps, discharge on the dearest sixth.
    Integer[] byPrice = IntStream.range(0, steps).boxed()
        .sorted(Comparator.comparingDouble((Integer t) -> price.getDouble(t)).thenComparing(t -> t)).toArray(Integer[]::new);
    double[] charge = new double[steps];
    double[] discharge = new double[steps];
    for (int k = 0; k < Math.max(1, steps / 6); k++) {
      charge[byPrice[k]] = battery.getDouble("max_charge_kw");
      discharge[byPrice[steps - 1 - k]] = battery.getDouble("max_discharge_kw");
    }
    double[] soc = new double[steps];
    double level = battery.getDouble("initial_soc_kwh");
    for (int t = 0; t < steps; t++) {
      level = Math.min(battery.getDouble("capacity_kwh"), Math.max(0, level + (0.95 * charge[t] - discharge[t] / 0.95) * dt));
      soc[t] = round(level, 2);
    }
    double total = round(baseline * (1 - savingsPct / 100), 2);
    JsonObject result = new JsonObject().put("status", "optimal").put("total_cost", total)
        .put("baseline_cost", round(baseline, 2)).put("savings", round(baseline - total, 2)).put("savings_pct", savingsPct)
        .put("peak_import_kw", peakImportKw == null ? round(peak, 1) : peakImportKw.doubleValue())
        .put("schedule", new JsonObject().put("charge_kw", array(charge)).put("discharge_kw", array(discharge))
            .put("soc_kwh", array(soc)))
        .put("solver", new JsonObject().put("name", "highs").put("solve_ms", 3.2));
    return new StorageRun(id, region, date, input, result);
  }

  private static LabelledRun failedStorage(String id, String region, String date, JsonObject input, String error,
      String resultStatus) {
    input.put("region", region);
    JsonObject result = resultStatus == null ? null : new JsonObject().put("status", resultStatus);
    return new LabelledRun(id, RequestType.STORAGE, region, LocalDate.parse(date), "failed", error, input, result);
  }

  /** A completed storage run under construction, with the few result variants the set needs. */
  private static final class StorageRun {
    private final String id;
    private final String region;
    private final String date;
    private final JsonObject input;
    private final JsonObject result;

    StorageRun(String id, String region, String date, JsonObject input, JsonObject result) {
      this.id = id;
      this.region = region;
      this.date = date;
      this.input = input;
      this.result = result;
    }

    LabelledRun withWarning(String warning) {
      result.put("warnings", new JsonArray().add(warning));
      return build();
    }

    LabelledRun withCurtailment() {
      JsonArray pv = input.getJsonArray("pv_kw");
      double limit = input.getDouble("grid_export_limit_kw");
      JsonArray curtailment = new JsonArray();
      for (int t = 0; t < pv.size(); t++) {
        curtailment.add(round(Math.max(0, pv.getDouble(t) - input.getJsonArray("load_kw").getDouble(t) - limit - 75), 1));
      }
      result.getJsonObject("schedule").put("curtailment_kw", curtailment);
      return build();
    }

    LabelledRun build() {
      return new LabelledRun(id, RequestType.STORAGE, region, LocalDate.parse(date), "completed", null, input, result);
    }
  }

  // ---- grid switching ----

  private static List<LabelledRun> gridRuns() {
    List<LabelledRun> runs = new ArrayList<>();
    String case33 = resource("/grids/case33bw.m");
    runs.add(grid("g01", "Dayton", "2024-03-11", new JsonObject().put("matpower", case33),
        gridResult(202.68, 139.55, List.of(7, 9, 14, 32, 37), 4, 0.9131, "18", 0.9378, "32")));
    runs.add(grid("g02", "Columbus", "2024-03-12", new JsonObject().put("matpower", case33).put("mode", "evaluate"),
        gridResult(202.68, 202.68, List.of(33, 34, 35, 36, 37), 0, 0.9131, "18", 0.9131, "18")));
    runs.add(grid("g03", "Toledo", "2024-04-02", new JsonObject().put("network", network(70, 4, 12.66)),
        gridResult(225.0, 200.3, List.of(14, 57, 61, 69), 6, 0.9092, "64", 0.9182, "62")));
    runs.add(grid("g04", "DUQ", "2024-04-15", new JsonObject().put("network", network(118, 15, 11.0)),
        gridResult(1298.1, 865.4, List.of(42, 25, 23, 51, 122, 58, 39, 95, 71, 74, 97, 129, 130, 109, 34), 22, 0.8688,
            "77", 0.9323, "111")));
    runs.add(grid("g05", "Dayton", "2024-05-06", new JsonObject().put("network", network(6, 2, 4.16)),
        gridResult(12.5, 10.1, List.of(3, 6), 2, 0.962, "5", 0.971, "4")));
    runs.add(grid("g06", "Columbus", "2024-05-20", new JsonObject().put("network", network(136, 21, 13.8)),
        gridResult(320.4, 280.2, List.of(7, 35, 51, 90, 96, 106, 118, 126, 135, 137, 138, 141, 142, 144, 145, 146, 147,
            148, 150, 151, 155), 16, 0.9307, "117", 0.9589, "106")));
    runs.add(failedGrid("g07", "Toledo", "2024-07-15",
        new JsonObject().put("matpower", case33).put("load_scale", 1.6).put("v_min_pu", 0.9),
        "v_min_pu: no radial configuration keeps every voltage above 0.9 pu, the best reaches 0.8843 pu at bus 32", "infeasible"));
    runs.add(failedGrid("g08", "Dayton", "2024-08-01", new JsonObject().put("network", network(33, 5, 12.66)),
        "QNN answered HTTP 500: internal error", null));
    runs.add(grid("g09", "DUQ", "2024-08-19",
        new JsonObject().put("matpower", case33).put("max_switch_operations", 2),
        gridResult(202.68, 146.81, List.of(7, 33, 34, 35, 37), 2, 0.9131, "18", 0.9336, "32")));
    runs.add(grid("g10", "Dayton", "2024-09-09", new JsonObject().put("network", network(69, 5, 12.66)),
        gridResult(224.9, 98.6, List.of(14, 58, 61, 69, 70), 6, 0.9092, "65", 0.9495, "61")));
    runs.add(grid("g11", "Toledo", "2024-10-14",
        new JsonObject().put("network", network(12, 2, 4.16)).put("mode", "evaluate"),
        gridResult(18.4, 18.4, List.of(12, 13), 0, 0.951, "9", 0.951, "9")));
    return runs;
  }

  /** A feeder of {@code buses} buses: a radial tree (a main line with laterals) plus {@code ties} open tie branches. */
  static JsonObject network(int buses, int ties, double baseKv) {
    JsonArray busList = new JsonArray();
    JsonArray branches = new JsonArray();
    for (int b = 1; b <= buses; b++) {
      busList.add(new JsonObject().put("id", String.valueOf(b)).put("p_kw", b == 1 ? 0.0 : 40.0 + (b * 37) % 160)
          .put("q_kvar", b == 1 ? 0.0 : 20.0 + (b * 23) % 90));
      if (b > 1) {
        int parent = b % 4 == 0 ? Math.max(1, b - 3) : b - 1;
        branches.add(branch(branches.size() + 1, parent, b, true));
      }
    }
    for (int k = 0; k < ties; k++) {
      int from = 2 + (k * 7) % (buses - 1);
      int to = 1 + (from + buses / 2) % buses;
      branches.add(branch(branches.size() + 1, from, to == from ? 1 : to, false));
    }
    return new JsonObject().put("base_kv", baseKv).put("slack_bus", "1").put("buses", busList).put("branches", branches);
  }

  private static JsonObject branch(int id, int from, int to, boolean closed) {
    return new JsonObject().put("id", String.valueOf(id)).put("from", String.valueOf(from)).put("to", String.valueOf(to))
        .put("r_ohm", 0.1 + (id % 9) * 0.05).put("x_ohm", 0.08 + (id % 7) * 0.04).put("closed", closed);
  }

  private static JsonObject gridResult(double lossBeforeKw, double lossAfterKw, List<Integer> open, int operations,
      double vMinBefore, String busBefore, double vMinAfter, String busAfter) {
    JsonArray ops = new JsonArray();
    for (int k = 0; k < operations; k++) {
      ops.add(new JsonObject().put("branch", String.valueOf(open.get(k % open.size()))).put("action", k % 2 == 0 ? "open" : "close"));
    }
    return new JsonObject()
        .put("open_branches", new JsonArray(open.stream().map(String::valueOf).toList()))
        .put("switch_operations", ops)
        .put("loss_kw_before", lossBeforeKw).put("loss_kw_after", lossAfterKw)
        .put("loss_reduction_pct", round(100 * (lossBeforeKw - lossAfterKw) / lossBeforeKw, 2))
        .put("v_min_pu_before", vMinBefore).put("v_min_bus_before", busBefore)
        .put("v_min_pu_after", vMinAfter).put("v_min_bus_after", busAfter)
        .put("radial", true)
        .put("solver", new JsonObject().put("name", "branch-exchange").put("solve_ms", 21.0).put("power_flows_evaluated", 412));
  }

  private static LabelledRun grid(String id, String region, String date, JsonObject input, JsonObject result) {
    input.put("region", region).put("date", date);
    return new LabelledRun(id, RequestType.GRID_SWITCH, region, LocalDate.parse(date), "completed", null, input, result);
  }

  private static LabelledRun failedGrid(String id, String region, String date, JsonObject input, String error,
      String resultStatus) {
    input.put("region", region).put("date", date);
    JsonObject result = resultStatus == null ? null : new JsonObject().put("status", resultStatus);
    return new LabelledRun(id, RequestType.GRID_SWITCH, region, LocalDate.parse(date), "failed", error, input, result);
  }

  // ---- forecast ----

  private static List<LabelledRun> forecastRuns() {
    List<LabelledRun> runs = new ArrayList<>();
    runs.add(forecast("f01", "Dayton", "2024-02-05", 28, 60, 24, 2100, "MW", 0,
        forecastResult("ridge_per_hour", 3.4, 0.61, 0.80, 2152.0, "2024-02-05T18:00:00-05:00", 0, 0)).run());
    runs.add(forecast("f02", "DUQ", "2024-02-06", 365, 60, 24, 1900, "MW", 0,
        forecastResult("ridge_per_hour", 3.1, 0.55, 0.81, 1893.0, "2024-02-06T19:00:00-05:00", 0, 0)).run());
    runs.add(forecast("f03", "Dayton", "2024-03-04", 365, 60, 168, 2050, "MW", 0,
        forecastResult("ridge_per_hour", 4.9, 0.72, 0.79, 2210.0, "2024-03-06T08:00:00-05:00", 0, 0)).run());
    runs.add(forecast("f04", "DUQ", "2024-03-18", 7, 15, 24, 1750, "MW", 0,
        forecastResult("seasonal_naive_daily", 9.8, 1.31, 0.66, 1802.0, "2024-03-18T19:15:00-04:00", 0, 0)).run());
    runs.add(forecast("f05", "Columbus", "2024-04-08", 2, 60, 24, 3900, "MW", 0,
        forecastResult("seasonal_naive_daily", 12.4, 1.52, 0.61, 3650.0, "2024-04-08T17:00:00-04:00", 0, 0)).run());
    runs.add(failedForecast("f06", "Dayton", "2024-04-22", 28, 60, 24, 2000,
        "QNN timeout: the QNN service did not answer within 5000 ms"));
    runs.add(failedForecast("f07", "DUQ", "2024-05-13", 28, 60, 24, 1700, "QNN answered HTTP 502: upstream error"));
    runs.add(forecast("f08", "Toledo", "2024-05-27", 120, 60, 24, 1450, "MW", 25,
        forecastResult("ridge_per_hour", 4.2, 0.66, 0.80, 1498.0, "2024-05-27T16:00:00-04:00", 4, 25))
        .withHolidays("US"));
    runs.add(forecast("f09", "Columbus", "2024-06-10", 90, 30, 48, 4100, "MW", 0,
        forecastResult("ridge_per_hour", 3.9, 0.64, 0.82, 4406.0, "2024-06-11T17:30:00-04:00", 0, 0)).run());
    runs.add(forecast("f10", "Dayton", "2024-07-01", 28, 60, 24, 420, "kW", 0,
        forecastResult("ridge_per_hour", 6.1, 0.83, 0.78, 433.0, "2024-07-01T15:00:00-04:00", 0, 0)).run());
    runs.add(failedForecast("f11", "Toledo", "2024-07-29", 56, 60, 24, 1500,
        "QNN engine answered 501: the forecast solver is not available yet"));
    return runs;
  }

  /** Hourly-shaped load history with a weekly dip; {@code missing} readings set to null. */
  static JsonObject history(String firstForecastDay, int days, int intervalMinutes, double peak, int missing) {
    int perDay = 1440 / intervalMinutes;
    JsonArray values = new JsonArray();
    for (int i = 0; i < days * perDay; i++) {
      double hour = (i % perDay) * intervalMinutes / 60.0;
      int day = i / perDay;
      boolean gap = missing > 0 && i % (days * perDay / missing) == 7 && values.size() > 0;
      double value = peak * (0.62 + 0.38 * Math.exp(-Math.pow((hour - 18) / 4.5, 2))) * (day % 7 >= 5 ? 0.9 : 1);
      values.add(gap ? null : round(value, 1));
    }
    return new JsonObject().put("start", LocalDate.parse(firstForecastDay).minusDays(days) + "T00:00:00-05:00")
        .put("interval_minutes", intervalMinutes).put("values", values);
  }

  private static JsonObject forecastResult(String model, double mapePct, double mase, double coverage, double peakValue,
      String peakAt, int duplicates, int gaps) {
    return new JsonObject()
        .put("model", new JsonObject().put("name", model).put("backtest_mape_pct", mapePct))
        .put("backtest", new JsonObject().put("mape_pct", mapePct).put("mase_vs_weekly_naive", mase).put("coverage_80", coverage))
        .put("peak", new JsonObject().put("timestamp", peakAt).put("value", peakValue))
        .put("data_quality", new JsonObject().put("duplicates_averaged", duplicates).put("gaps_filled", gaps)
            .put("values_rejected", 0));
  }

  private static ForecastRun forecast(String id, String region, String date, int days, int intervalMinutes, int horizonHours,
      double peak, String unit, int missing, JsonObject result) {
    JsonObject input = new JsonObject().put("region", region).put("history", history(date, days, intervalMinutes, peak, missing))
        .put("unit", unit).put("horizon_hours", horizonHours);
    int steps = horizonHours * 60 / intervalMinutes;
    result.put("start", date + "T00:00:00-05:00").put("interval_minutes", intervalMinutes).put("unit", unit)
        .put("point", new JsonArray(IntStream.range(0, steps).mapToObj(t -> round(peak * 0.8, 1)).toList()));
    return new ForecastRun(new LabelledRun(id, RequestType.FORECAST, region, LocalDate.parse(date), "completed", null, input, result));
  }

  private static LabelledRun failedForecast(String id, String region, String date, int days, int intervalMinutes,
      int horizonHours, double peak, String error) {
    JsonObject input = new JsonObject().put("region", region).put("history", history(date, days, intervalMinutes, peak, 0))
        .put("horizon_hours", horizonHours);
    return new LabelledRun(id, RequestType.FORECAST, region, LocalDate.parse(date), "failed", error, input, null);
  }

  /** Lets a forecast fixture take the optional holiday calendar before it is added. */
  private record ForecastRun(LabelledRun run) {
    LabelledRun withHolidays(String country) {
      run.input().put("holidays", new JsonObject().put("country", country));
      return run;
    }
  }

  // ---- helpers ----

  private static JsonArray array(double[] values) {
    JsonArray array = new JsonArray();
    for (double v : values) {
      array.add(v);
    }
    return array;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  public static String resource(String path) {
    try (InputStream in = RetrievalFixtures.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
