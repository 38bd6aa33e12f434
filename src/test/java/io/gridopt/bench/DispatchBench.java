package io.gridopt.bench;

import io.gridopt.problem.NetworkDispatchProblemType;
import io.gridopt.solver.dispatch.DispatchInstances;
import io.gridopt.solver.dispatch.DispatchProblem;
import io.gridopt.solver.grid.Feeders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Network-aware dispatch: for each reference instance (IEEE 33-bus, src/test/resources/dispatch) the
 * cost against the reference (the global optimum), the network-blind schedule's cost and its worst
 * violation, and the solve time; then the speed cases (33-bus, 24 h, 3 batteries and 5 PV; 136-bus,
 * 24 h; 33-bus, 96 quarter-hours). Times are medians of wall and solving-thread CPU time over
 * {@code REPETITIONS} solves after {@code WARM_UP} unmeasured ones, each with the ratio to the baseline
 * run in the same process: the same request in mode evaluate (the AC power flow of every step of the
 * idle and the network-blind schedules). Run: {@code bin/gridopt bench Dispatch}.
 */
public final class DispatchBench {
  private static final int WARM_UP = 2;
  private static final int REPETITIONS = 7;
  private static final NetworkDispatchProblemType TYPE = new NetworkDispatchProblemType();

  private DispatchBench() {
  }

  public static void main(String[] args) {
    System.out.println(EnvironmentBench.describe());
    System.out.printf(Locale.ROOT, "%-30s %11s %11s %9s %11s %-44s %5s %9s %9s%n", "instance", "cost", "reference",
        "gap %", "blind cost", "blind worst violation", "iter", "wall ms", "cpu ms");
    for (DispatchInstances.Instance instance : DispatchInstances.all()) {
      Timing t = time(instance.request());
      JsonObject r = t.result;
      double cost = r.getDouble("cost");
      System.out.printf(Locale.ROOT, "%-30s %11.4f %11.4f %9.5f %11.2f %-44s %5d %9.1f %9.1f%n", instance.name(), cost,
          instance.referenceCost(), 100 * (cost - instance.referenceCost()) / instance.referenceCost(),
          r.getDouble("network_blind_cost"), worst(r.getJsonArray("network_blind_violations")),
          r.getJsonObject("solver").getInteger("iterations"), t.wallMs, t.cpuMs);
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "%-44s %5s %9s %9s %12s %9s %s%n", "speed case", "iter", "wall ms", "cpu ms",
        "evaluate ms", "ratio", "target");
    speed("33-bus x 24 h, 3 batteries, 5 PV", threeBatteriesFivePv(), "<= 200 ms median");
    speed("136-bus x 24 h, 3 batteries, 5 PV", feeder136(), "<= 2 s");
    speed("33-bus x 96 quarter-hours, 3 batteries, 5 PV", quarterHours(threeBatteriesFivePv()), "<= 1 s");
    System.out.println("load average after: " + String.format(Locale.ROOT, "%.2f",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
  }

  private record Timing(JsonObject result, double wallMs, double cpuMs) {
  }

  private static Timing time(JsonObject request) {
    DispatchProblem problem = TYPE.parse(request).problem();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    JsonObject result = null;
    for (int i = 0; i < WARM_UP; i++) {
      result = TYPE.solve(problem).result();
    }
    double[] wall = new double[REPETITIONS];
    double[] cpu = new double[REPETITIONS];
    for (int i = 0; i < REPETITIONS; i++) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      result = TYPE.solve(problem).result();
      wall[i] = (System.nanoTime() - wall0) / 1e6;
      cpu[i] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
    }
    return new Timing(result, median(wall), median(cpu));
  }

  private static void speed(String name, JsonObject request, String target) {
    Timing optimize = time(request);
    Timing evaluate = time(request.copy().put("mode", "evaluate"));
    System.out.printf(Locale.ROOT, "%-44s %5d %9.1f %9.1f %12.1f %9.1f %s (cost %.2f, blind %.2f, %d violations left)%n",
        name, optimize.result.getJsonObject("solver").getInteger("iterations"), optimize.wallMs, optimize.cpuMs,
        evaluate.wallMs, optimize.wallMs / evaluate.wallMs, target, optimize.result.getDouble("cost"),
        optimize.result.getDouble("network_blind_cost"), optimize.result.getJsonArray("violations").size());
  }

  private static String worst(JsonArray violations) {
    JsonObject worst = null;
    double amount = 0;
    for (Object o : violations) {
      JsonObject v = (JsonObject) o;
      double a = Math.abs(v.getDouble("value") - v.getDouble("limit")) / Math.abs(v.getDouble("limit"));
      if (a > amount) {
        amount = a;
        worst = v;
      }
    }
    if (worst == null) {
      return "none";
    }
    String where = worst.containsKey("bus") ? "bus " + worst.getString("bus") : "branch " + worst.getString("branch");
    return String.format(Locale.ROOT, "%s %s %.4f (limit %.4f) step %d, %d in all", worst.getString("kind"), where,
        worst.getDouble("value"), worst.getDouble("limit"), worst.getInteger("step"), violations.size());
  }

  /** Instance 6 (three batteries, PV on four buses) with a fifth, curtailable PV site at bus 10. */
  static JsonObject threeBatteriesFivePv() {
    JsonObject request = DispatchInstances.toRequest(DispatchInstances.read("33bw-06-autumn-da-3bat"));
    JsonArray profile = request.getJsonArray("pv").getJsonObject(0).getJsonArray("profile_kw");
    request.getJsonArray("pv").add(new JsonObject().put("id", "pv5").put("bus", 10).put("profile_kw", profile)
        .put("curtailable", true));
    return request;
  }

  /** The same day in quarter-hours: every hourly value held for four steps. */
  static JsonObject quarterHours(JsonObject hourly) {
    JsonObject request = hourly.copy().put("dt_hours", 0.25);
    request.put("load_profile", repeat(hourly.getJsonArray("load_profile")));
    request.put("import_price", repeat(hourly.getJsonArray("import_price")));
    for (Object site : request.getJsonArray("pv")) {
      JsonObject pv = (JsonObject) site;
      pv.put("profile_kw", repeat(pv.getJsonArray("profile_kw")));
    }
    return request;
  }

  private static JsonArray repeat(JsonArray hourly) {
    JsonArray out = new JsonArray();
    for (Object v : hourly) {
      for (int q = 0; q < 4; q++) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * MATPOWER's case136ma (135 branches, 21 ties) with instance 2's load profile and prices, three
   * batteries and five PV sites on laterals.
   */
  static JsonObject feeder136() {
    JsonObject day = DispatchInstances.toRequest(DispatchInstances.read("33bw-02-summer-da-headlimit"));
    JsonArray profile = day.getJsonArray("pv").getJsonObject(0).getJsonArray("profile_kw");
    JsonObject request = new JsonObject().put("region", "BENCH").put("start", day.getString("start"))
        .put("matpower", Feeders.text("case136ma.m")).put("load_profile", day.getJsonArray("load_profile"))
        .put("import_price", day.getJsonArray("import_price")).put("v_min_pu", 0.93).put("v_max_pu", 1.05)
        .put("slack_voltage_pu", 1.02);
    JsonArray pv = new JsonArray();
    int[] pvBuses = {20, 45, 75, 100, 120};
    for (int i = 0; i < pvBuses.length; i++) {
      pv.add(new JsonObject().put("id", "pv" + (i + 1)).put("bus", pvBuses[i]).put("profile_kw", scale(profile, 2))
          .put("curtailable", true));
    }
    JsonArray batteries = new JsonArray();
    int[] batteryBuses = {30, 60, 90};
    for (int i = 0; i < batteryBuses.length; i++) {
      batteries.add(new JsonObject().put("id", "battery" + (i + 1)).put("bus", batteryBuses[i])
          .put("capacity_kwh", 2000).put("max_charge_kw", 600).put("max_discharge_kw", 600)
          .put("charge_efficiency", 0.95).put("discharge_efficiency", 0.95).put("initial_soc_kwh", 500));
    }
    return request.put("pv", pv).put("batteries", batteries);
  }

  private static JsonArray scale(JsonArray values, double factor) {
    JsonArray out = new JsonArray();
    for (Object v : values) {
      out.add(((Number) v).doubleValue() * factor);
    }
    return out;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
