package io.gridopt.bench;

import io.gridopt.solver.forecast.Forecaster;
import io.gridopt.solver.forecast.Holidays;
import io.gridopt.solver.forecast.LoadSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Wall-clock time of one day-ahead forecast (model "auto": every candidate backtested, the best
 * refitted, quantiles calibrated) from 365 days of hourly history: the last year of DAYTON when
 * the shared data is present, else a synthetic year. Prints median and 90th percentile over
 * {@code -Dbench.runs} (default 50) forecasts after 20 warm-up ones, each from a different origin,
 * and the median CPU time of the forecasting thread (what the wall time would be on an idle core;
 * the machine is shared, so wall time includes waiting for it).
 */
public final class ForecastLatencyBench {
  private ForecastLatencyBench() {
  }

  public static void main(String[] args) throws IOException {
    int runs = Integer.getInteger("bench.runs", 50);
    int warmup = 20;
    Path csv = ForecastAccuracyBench.dataDir().resolve("load/DAYTON_hourly.csv");
    LoadSeries all = Files.exists(csv) ? ForecastAccuracyBench.load(csv).series() : synthetic();
    Holidays holidays = Holidays.ofCountry("US", all.dateAt(0), all.dateAt(all.size() - 1).plusDays(8));
    System.out.println("ForecastLatencyBench, " + EnvironmentBench.describe() + ", history 365 days hourly from "
        + (Files.exists(csv) ? csv : "a synthetic series"));
    System.out.printf(Locale.ROOT, "%-10s %8s %10s %10s %14s %6s%n", "model", "horizon", "median ms", "p90 ms",
        "median cpu ms", "runs");
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (String model : new String[] {"auto", "ridge", "ensemble"}) {
      for (int horizon : new int[] {24, 168}) {
        double[] ms = new double[runs];
        double[] cpuMs = new double[runs];
        for (int r = -warmup; r < runs; r++) {
          int end = all.size() - 24 * (1 + Math.floorMod(r, 60));
          LoadSeries history = all.head(end).tail(365 * 24);
          long t0 = System.nanoTime();
          long c0 = threads.getCurrentThreadCpuTime();
          Forecaster.forecast(history, holidays, horizon, new double[] {0.1, 0.5, 0.9}, model);
          if (r >= 0) {
            ms[r] = (System.nanoTime() - t0) / 1e6;
            cpuMs[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
          }
        }
        Arrays.sort(ms);
        Arrays.sort(cpuMs);
        System.out.printf(Locale.ROOT, "%-10s %8d %10.1f %10.1f %14.1f %6d%n", model, horizon, ms[runs / 2],
            ms[(int) (runs * 0.9)], cpuMs[runs / 2], runs);
      }
    }
  }

  private static LoadSeries synthetic() {
    double[] v = new double[3 * 365 * 24];
    java.util.Random rnd = new java.util.Random(1);
    for (int i = 0; i < v.length; i++) {
      v[i] = 2000 + 400 * Math.sin(2 * Math.PI * (i % 24) / 24.0) + 300 * Math.cos(2 * Math.PI * i / 8766.0)
          + 40 * rnd.nextGaussian();
    }
    return new LoadSeries(java.time.LocalDateTime.of(2015, 1, 1, 0, 0), java.time.ZoneOffset.UTC, 60, v);
  }
}
