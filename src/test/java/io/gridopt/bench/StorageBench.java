package io.gridopt.bench;

import io.gridopt.solver.storage.Battery;
import io.gridopt.solver.storage.GridConnection;
import io.gridopt.solver.storage.SiteSeries;
import io.gridopt.solver.storage.StorageProblem;
import io.gridopt.solver.storage.StorageResult;
import io.gridopt.solver.storage.StorageSolver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Battery scheduling times for T = 24 (hourly day), 96 (15-min day), 168 (hourly week) and 8760
 * (hourly year). Load follows the Dayton zone (PJM hourly, scaled to a 0.5 MW site) when
 * {@code ../shared/data} (or {@code -Dgridopt.data=DIR}) is present, else a synthetic daily shape;
 * PV is a seasonal clear-sky curve with random clouds; import prices are time-of-use with noise.
 * Cases: energy only; with demand charge, import limit and curtailment; and with negative midday
 * prices (the MILP path). Times are of the whole {@code solve} call: feasibility pass, optimum and
 * baseline. Prints median and p90 wall time per case, and the median CPU time of the solving thread
 * (the machine is shared; CPU time is less disturbed by other processes). Optional argument: a
 * word that case names must contain, e.g. {@code MILP}.
 */
public final class StorageBench {
  private static final double SITE_MEAN_KW = 500;

  private StorageBench() {
  }

  public static void main(String[] args) throws IOException {
    System.out.println(EnvironmentBench.describe());
    double[] hourlyLoad = dayton();
    System.out.println("load: " + (hourlyLoad == null ? "synthetic" : "Dayton hourly, scaled to " + SITE_MEAN_KW
        + " kW mean"));
    StorageSolver solver = new StorageSolver();
    String only = args.length > 0 ? args[0] : "";
    System.out.printf("%-34s %6s %6s %10s %10s %10s %12s  %s%n", "case", "T", "reps", "median ms", "p90 ms",
        "cpu ms", "cost", "solver");
    int[][] sizes = {{24, 4}, {96, 1}, {168, 4}, {8760, 4}};
    for (int[] size : sizes) {
      int steps = size[0];
      double dt = size[1] == 1 ? 0.25 : 1;
      int reps = steps >= 8760 ? 60 : 2000;
      run(solver, only, "energy only", instance(steps, dt, hourlyLoad, false, false), reps);
      run(solver, only, "demand charge + limits + curtail", instance(steps, dt, hourlyLoad, true, false), reps);
    }
    for (int steps : new int[] {24, 168, 8760}) {
      run(solver, only, "negative midday prices (MILP)", instance(steps, 1, hourlyLoad, false, true),
          steps >= 8760 ? 3 : 50);
    }
  }

  private static void run(StorageSolver solver, String only, String name, StorageProblem p, int reps) {
    if (!name.contains(only)) {
      return;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Function<StorageProblem, StorageResult> call = solver::solve;
    StorageResult r = null;
    int warmup = Math.max(3, reps);
    for (int i = 0; i < warmup; i++) {
      r = call.apply(p);
    }
    double[] ms = new double[reps];
    double[] cpu = new double[reps];
    for (int i = 0; i < reps; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      r = call.apply(p);
      ms[i] = (System.nanoTime() - t0) / 1e6;
      cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
    }
    Arrays.sort(ms);
    Arrays.sort(cpu);
    System.out.printf("%-34s %6d %6d %10.3f %10.3f %10.3f %12.2f  %s%n", name, p.steps(), reps, ms[reps / 2],
        ms[(int) Math.min(reps - 1, Math.ceil(reps * 0.9) - 1)], cpu[reps / 2], r.totalCost(), r.solverName());
  }

  public static StorageProblem instance(int steps, double dt, double[] hourlyLoad, boolean demandAndLimits,
      boolean negativePrices) {
    Random rnd = new Random(42 + steps);
    double[] load = new double[steps];
    double[] pv = new double[steps];
    double[] ip = new double[steps];
    double[] ep = new double[steps];
    double cloud = 1;
    for (int t = 0; t < steps; t++) {
      double hours = t * dt;
      double hourOfDay = hours % 24;
      int day = (int) (hours / 24);
      load[t] = hourlyLoad != null ? interpolate(hourlyLoad, hours)
          : SITE_MEAN_KW * (0.8 + 0.3 * Math.sin((hourOfDay - 8) / 24 * 2 * Math.PI)) * (0.95 + 0.1 * rnd.nextDouble());
      if (hourOfDay == 0) {
        cloud = 0.3 + 0.7 * rnd.nextDouble();
      }
      double season = 0.6 + 0.4 * Math.cos((day % 365 - 172) / 365.0 * 2 * Math.PI);
      pv[t] = Math.max(0, 400 * season * cloud * Math.sin((hourOfDay - 6) / 12 * Math.PI));
      double tou = hourOfDay < 7 ? 0.12 : hourOfDay < 17 ? 0.22 : hourOfDay < 21 ? 0.34 : 0.18;
      ip[t] = tou + 0.02 * rnd.nextDouble();
      ep[t] = 0.05;
      if (negativePrices && hourOfDay >= 11 && hourOfDay < 15 && cloud > 0.7) {
        ip[t] = -0.03 - 0.04 * rnd.nextDouble();
        ep[t] = -0.05;
      }
    }
    Battery battery = new Battery(1000, 250, 250, 0.95, 0.95, 500, 100, 950, 500.0, 0.01);
    GridConnection grid = demandAndLimits ? new GridConnection(900, 300, true, 12.5) : GridConnection.unlimited();
    return new StorageProblem(dt, new SiteSeries(load, pv, ip, ep), battery, grid);
  }

  private static double interpolate(double[] hourly, double hours) {
    int h = (int) Math.floor(hours);
    double f = hours - h;
    return hourly[h % hourly.length] * (1 - f) + hourly[(h + 1) % hourly.length] * f;
  }

  /** Hourly Dayton load of one year, scaled to the site's mean, or null when the data is absent. */
  private static double[] dayton() throws IOException {
    Path file = Path.of(System.getProperty("gridopt.data", "../shared/data"), "load", "DAYTON_hourly.csv");
    if (!Files.isReadable(file)) {
      return null;
    }
    List<Double> values = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("2017-")) {
        values.add(Double.parseDouble(line.substring(line.indexOf(',') + 1)));
      }
    }
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(1);
    return values.stream().mapToDouble(v -> v * SITE_MEAN_KW / mean).toArray();
  }
}
