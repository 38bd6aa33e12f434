package io.gridopt.bench;

import io.gridopt.solver.forecast.CleanHistory;
import io.gridopt.solver.forecast.ForecastResult;
import io.gridopt.solver.forecast.Forecaster;
import io.gridopt.solver.forecast.HistoryPoint;
import io.gridopt.solver.forecast.Holidays;
import io.gridopt.solver.forecast.LoadSeries;
import io.gridopt.solver.forecast.SeriesCleaner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Day-ahead accuracy on the PJM hourly load files, the protocol of docs/forecast.md: timestamps as printed,
 * duplicate labels averaged and missing hours interpolated (by {@link SeriesCleaner}); the test
 * period is the last 365 full days; for each test day D the forecaster receives only the N*24
 * values before D 00:00 (N = 28 and 365) and forecasts D 00:00..23:00, refitting every day.
 *
 * <p>Leakage guard: the forecaster is handed {@code series.head(indexOf(D 00:00)).tail(N*24)}, a
 * copy of the values before D, so nothing at or after D 00:00 exists in what it receives; each
 * run also checks that the first forecast step is D 00:00.
 *
 * <p>Data folder: system property {@code gridopt.data} or env {@code GRIDOPT_DATA}, default
 * {@code ../shared/data} (relative to the repository root). Options: {@code -Dbench.models=auto,ridge}
 * (comma list of model names, default auto), {@code -Dbench.days=365}, {@code -Dbench.zones=DAYTON,DUQ},
 * {@code -Dbench.history=28,365}, {@code -Dbench.every=7} (every 7th test day),
 * {@code -Dbench.scan=true} (see {@link BandScan}), and {@code -Dbench.validation=true}: the 365 days before the test
 * period instead (where settings are chosen, so that the test year never informs them).
 */
public final class ForecastAccuracyBench {
  private static final DateTimeFormatter PRINTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private ForecastAccuracyBench() {
  }

  public static void main(String[] args) throws IOException {
    Path data = dataDir();
    String[] zones = System.getProperty("bench.zones", "DAYTON,DUQ").split(",");
    String[] models = System.getProperty("bench.models", "auto").split(",");
    int testDays = Integer.getInteger("bench.days", 365);
    int every = Integer.getInteger("bench.every", 1);
    int[] historyDays = Arrays.stream(System.getProperty("bench.history", "28,365").split(","))
        .mapToInt(Integer::parseInt).toArray();
    boolean validation = Boolean.getBoolean("bench.validation");
    System.out.println("ForecastAccuracyBench, " + EnvironmentBench.describe() + ", data " + data.toAbsolutePath().normalize());
    System.out.printf(Locale.ROOT, "%-7s %4s %-22s %7s %7s %7s %9s  %s%n", "zone", "N", "model", "MAPE%", "MASE",
        "cov80", "ms/fcst", "models chosen");
    for (String zone : zones) {
      Zone z = zone(zone, testDays, validation);
      LoadSeries series = z.clean().series();
      int first = z.first();
      Holidays holidays = z.holidays();
      System.out.printf(Locale.ROOT, "# %s: %d hours from %s, %s; test %s .. %s%n", zone, series.size(),
          series.start(), z.clean().quality(), series.dateAt(first), series.dateAt(first + testDays * 24 - 1));
      Reference ref = reference(series, first, testDays);
      System.out.printf(Locale.ROOT, "%-7s %4s %-22s %7.3f %7.3f %7s%n", zone, "-", "yesterday_profile",
          ref.yesterdayMape, ref.yesterdayMae / ref.weeklyMae, "-");
      System.out.printf(Locale.ROOT, "%-7s %4s %-22s %7.3f %7.3f %7s%n", zone, "-", "weekly_naive",
          ref.weeklyMape, 1.0, "-");
      for (int n : historyDays) {
        for (String model : models) {
          run(zone, series, holidays, first, testDays, every, n, model, ref);
        }
      }
    }
  }

  private static void run(String zone, LoadSeries series, Holidays holidays, int first, int testDays, int every,
      int historyDays, String model, Reference ref) {
    double apeSum = 0;
    double aeSum = 0;
    int inside = 0;
    int count = 0;
    java.util.Map<String, Integer> chosen = new java.util.TreeMap<>();
    long nanos = 0;
    BandScan scan = new BandScan();
    int runs = 0;
    for (int d = 0; d < testDays; d += every) {
      runs++;
      int origin = first + d * 24;
      LoadSeries visible = series.head(origin).tail(historyDays * 24);
      long t0 = System.nanoTime();
      ForecastResult r = Forecaster.forecast(visible, holidays, 24, new double[] {0.1, 0.5, 0.9}, model);
      nanos += System.nanoTime() - t0;
      if (!r.start().equals(series.timeAt(origin)) || r.start().toLocalTime() != LocalTime.MIDNIGHT) {
        throw new IllegalStateException("forecast for " + series.timeAt(origin) + " starts at " + r.start());
      }
      chosen.merge(r.model(), 1, Integer::sum);
      double[] lo = r.quantiles().get(0.1);
      double[] hi = r.quantiles().get(0.9);
      for (int j = 0; j < 24; j++) {
        double y = series.values()[origin + j];
        apeSum += Math.abs(y - r.point()[j]) / y;
        aeSum += Math.abs(y - r.point()[j]);
        inside += y >= lo[j] && y <= hi[j] ? 1 : 0;
        scan.add(y, r.point()[j], lo[j], hi[j]);
        count++;
      }
    }
    // MASE against the weekly naive over every test day: comparable across runs only with every = 1
    System.out.printf(Locale.ROOT, "%-7s %4d %-22s %7.3f %7.3f %7.3f %9.1f  %s%s%n", zone, historyDays, model,
        100 * apeSum / count, every == 1 ? aeSum / ref.weeklyMae : Double.NaN, (double) inside / count,
        nanos / 1e6 / runs, chosen, scan.line());
  }

  /** Yesterday's profile and the weekly seasonal naive over the test hours (MAE is the MASE scale). */
  private record Reference(double yesterdayMape, double yesterdayMae, double weeklyMape, double weeklyMae) {
  }

  private static Reference reference(LoadSeries s, int first, int testDays) {
    double[] v = s.values();
    double yApe = 0;
    double yAe = 0;
    double wApe = 0;
    double wAe = 0;
    for (int i = first; i < first + testDays * 24; i++) {
      yApe += Math.abs(v[i] - v[i - 24]) / v[i];
      yAe += Math.abs(v[i] - v[i - 24]);
      wApe += Math.abs(v[i] - v[i - 168]) / v[i];
      wAe += Math.abs(v[i] - v[i - 168]);
    }
    return new Reference(100 * yApe / (testDays * 24), yAe, 100 * wApe / (testDays * 24), wAe);
  }

  /**
   * A zone's cleaned series, its US holidays, and the index of 00:00 of the first evaluated day: of
   * the last {@code days} full days, or with {@code validation} of the {@code days} before those.
   */
  record Zone(CleanHistory clean, Holidays holidays, int first) {
  }

  static Zone zone(String name, int days, boolean validation) throws IOException {
    CleanHistory clean = load(dataDir().resolve("load").resolve(name + "_hourly.csv"));
    LoadSeries series = clean.series();
    Holidays holidays = Holidays.ofCountry("US", series.dateAt(0), series.dateAt(series.size() - 1).plusDays(1));
    return new Zone(clean, holidays, firstTestIndex(series, days) - (validation ? days * 24 : 0));
  }

  /** Index of 00:00 of the first of the last {@code testDays} full days. */
  private static int firstTestIndex(LoadSeries s, int testDays) {
    int lastMidnight = s.size() - 24;
    while (s.timeAt(lastMidnight).toLocalTime() != LocalTime.MIDNIGHT) {
      lastMidnight--;
    }
    return lastMidnight - (testDays - 1) * 24;
  }

  static CleanHistory load(Path csv) throws IOException {
    List<HistoryPoint> points = new ArrayList<>();
    try (var lines = Files.lines(csv)) {
      lines.skip(1).filter(l -> !l.isBlank()).forEach(line -> {
        int comma = line.indexOf(',');
        LocalDateTime label = LocalDateTime.parse(line.substring(0, comma).trim(), PRINTED);
        points.add(new HistoryPoint(label.atOffset(ZoneOffset.UTC), Double.parseDouble(line.substring(comma + 1).trim())));
      });
    }
    return SeriesCleaner.irregular(points);
  }

  static Path dataDir() {
    String dir = System.getProperty("gridopt.data", System.getenv().getOrDefault("GRIDOPT_DATA", "../shared/data"));
    return Path.of(dir);
  }
}
