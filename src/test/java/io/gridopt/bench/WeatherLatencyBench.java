package io.gridopt.bench;

import io.gridopt.solver.forecast.Forecaster;
import io.gridopt.solver.forecast.Holidays;
import io.gridopt.solver.forecast.LoadSeries;
import io.gridopt.solver.forecast.Weather;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Wall-clock and CPU time of one day-ahead forecast with weather ({@code auto}: every weather
 * candidate backtested, the best refitted, quantiles widened for a 2.5 F forecast error) from 730
 * days of hourly history and temperatures of GEFCom2014-E, next to load-only {@code auto} on the
 * same histories (the baseline). Median and 90th percentile over {@code -Dbench.runs} (default 30)
 * forecasts after 5 warm-up ones, each from a different origin, with the load average.
 */
public final class WeatherLatencyBench {
  private WeatherLatencyBench() {
  }

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("bench.runs", 30);
    int warmup = 5;
    int days = Integer.getInteger("bench.history", 730);
    Path csv = ForecastAccuracyBench.dataDir().resolve("weather/GEFCOM2014E.csv");
    WeatherAccuracyBench.ZoneData z = WeatherAccuracyBench.load(csv, "GEFCOM2014E");
    LoadSeries all = z.load();
    Holidays holidays = Holidays.ofCountry("US", all.dateAt(0), all.dateAt(all.size() - 1).plusDays(1));
    System.out.println("WeatherLatencyBench, " + EnvironmentBench.describe() + ", " + days
        + " days of hourly history from " + csv + ", load average " + Files.readString(Path.of("/proc/loadavg")).trim());
    System.out.printf(Locale.ROOT, "%-22s %10s %10s %14s %6s%n", "case", "median ms", "p90 ms", "median cpu ms", "runs");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (boolean withWeather : new boolean[] {false, true}) {
      double[] ms = new double[runs];
      double[] cpuMs = new double[runs];
      for (int r = -warmup; r < runs; r++) {
        int end = all.size() - 24 * (1 + Math.floorMod(r, 60));
        LoadSeries history = all.head(end).tail(days * 24);
        Weather weather = withWeather ? new Weather(Arrays.copyOfRange(z.temperatureF(), end - days * 24, end),
            Arrays.copyOfRange(z.temperatureF(), end, end + 24), Weather.DEFAULT_FORECAST_SD_F) : null;
        long t0 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        Forecaster.forecast(history, weather, holidays, 24, new double[] {0.1, 0.5, 0.9}, "auto");
        if (r >= 0) {
          ms[r] = (System.nanoTime() - t0) / 1e6;
          cpuMs[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6;
        }
      }
      Arrays.sort(ms);
      Arrays.sort(cpuMs);
      System.out.printf(Locale.ROOT, "%-22s %10.1f %10.1f %14.1f %6d%n", withWeather ? "auto with weather" : "auto, load only",
          ms[runs / 2], ms[(int) (runs * 0.9)], cpuMs[runs / 2], runs);
    }
    System.out.println("load average after: " + Files.readString(Path.of("/proc/loadavg")).trim());
  }
}
