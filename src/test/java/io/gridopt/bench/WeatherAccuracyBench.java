package io.gridopt.bench;

import io.gridopt.solver.forecast.ForecastResult;
import io.gridopt.solver.forecast.Forecaster;
import io.gridopt.solver.forecast.Holidays;
import io.gridopt.solver.forecast.LoadSeries;
import io.gridopt.solver.forecast.Weather;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Day-ahead accuracy with temperature on {@code weather/} of the shared data (GEFCom2014-E and four
 * ISO New England zones). Protocol: test days D = every day of 2014 (GEFCOM2014E) and of 2019
 * (ISONE_*); for each D the forecaster gets the N*24 hourly loads and temperatures strictly before
 * D 00:00 (N = 365 and 730) and the 24 temperatures of D, and forecasts D 00:00..23:00, refitting
 * every day. Variants for D's temperatures: {@code actual} (observed; forecast error sd 0) and
 * {@code noisy} (observed + the day's row of {@code temperature_forecast_error_f.csv}; sd 2.5 F,
 * the error's documented standard deviation). Each zone x N is also run without weather (load-only
 * {@code auto}) on the same days. Reported: MAPE, MASE against the weekly seasonal naive on the
 * same hours, 80 % coverage (share of outcomes inside the 0.1..0.9 band), the reference hybrid ridge's figures
 * hybrid ridge and the ratio to it. US public holidays.
 *
 * <p>Leakage guard: the forecaster is handed {@code series.head(indexOf(D 00:00)).tail(N*24)} and a
 * copy of the N*24 temperatures before D, plus D's 24 (variant) temperatures; the bench checks that
 * the history ends at D-1 23:00 and the forecast starts at D 00:00. Nothing at or after D 00:00
 * except D's temperatures is in what the forecaster receives.
 *
 * <p>Options: {@code -Dbench.zones=GEFCOM2014E,ISONE_ME,...}, {@code -Dbench.history=365,730},
 * {@code -Dbench.variants=actual,noisy} (empty: load-only rows alone), {@code -Dbench.every=7} (every 7th test day, for
 * development), {@code -Dbench.models=auto} (forced models to compare), {@code -Dbench.loadOnly=false},
 * {@code -Dbench.validation=true} (the year before the test year: where settings are chosen),
 * {@code -Dbench.threads=2} (zones in parallel), {@code -Dbench.perDay=FILE} (append every test day's
 * hourly relative errors, with the model chosen, to FILE); as arguments of {@code bin/gridopt bench WeatherAccuracy}
 * without the prefix ({@code every=7 zones=ISONE_CT}). Data folder as {@link ForecastAccuracyBench#dataDir()}.
 */
public final class WeatherAccuracyBench {
  private static final DateTimeFormatter PRINTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  static final List<String> ZONES = List.of("GEFCOM2014E", "ISONE_ME", "ISONE_NH", "ISONE_CT", "ISONE_NEMA");
  /** The reference hybrid ridge (an independent implementation), MAPE %: {N, variant} -> per zone in {@link #ZONES} order. */
  private static final Map<String, double[]> REFERENCE = Map.of(
      "365 actual", new double[] {1.50, 1.97, 1.81, 2.52, 2.34},
      "365 noisy", new double[] {1.69, 2.10, 2.05, 2.80, 2.57},
      "730 actual", new double[] {1.44, 1.88, 1.75, 2.44, 2.28},
      "730 noisy", new double[] {1.66, 2.02, 1.99, 2.71, 2.53},
      "365 load_only", new double[] {2.26, 2.67, 2.98, 4.08, 3.49});
  private static final double NOISY_SD_F = 2.5;

  private WeatherAccuracyBench() {
  }

  /** A zone's hourly load (MW) and observed temperature (F), from 00:00 of its first day. */
  record ZoneData(String name, LoadSeries load, double[] temperatureF) {
  }

  public static void main(String[] args) throws Exception {
    for (String a : args) { // bin/gridopt bench WeatherAccuracy every=7 zones=ISONE_CT
      int eq = a.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("arguments are key=value (e.g. every=7), got " + a);
      }
      System.setProperty("bench." + a.substring(0, eq).replaceFirst("^-D", "").replaceFirst("^bench\\.", ""),
          a.substring(eq + 1));
    }
    Path dir = ForecastAccuracyBench.dataDir().resolve("weather");
    String[] zones = System.getProperty("bench.zones", String.join(",", ZONES)).split(",");
    int[] historyDays = Arrays.stream(System.getProperty("bench.history", "365,730").split(","))
        .mapToInt(Integer::parseInt).toArray();
    String[] variants = Arrays.stream(System.getProperty("bench.variants", "actual,noisy").split(","))
        .filter(v -> !v.isBlank()).toArray(String[]::new);
    String[] models = System.getProperty("bench.models", "auto").split(",");
    int every = Integer.getInteger("bench.every", 1);
    boolean loadOnly = Boolean.parseBoolean(System.getProperty("bench.loadOnly", "true"));
    boolean validation = Boolean.getBoolean("bench.validation");
    int threads = Integer.getInteger("bench.threads", 1);
    Map<LocalDate, double[]> errors = errors(dir.resolve("temperature_forecast_error_f.csv"));
    System.out.println("WeatherAccuracyBench, " + EnvironmentBench.describe() + ", data " + dir.toAbsolutePath().normalize()
        + (validation ? ", VALIDATION year (the year before the test year)" : "") + ", every " + every + ". test day");
    System.out.printf(Locale.ROOT, "%-11s %4s %-7s %-16s %7s %7s %7s %6s %6s %8s  %s%n", "zone", "N", "variant",
        "model", "MAPE%", "MASE", "cov80", "ref%", "ratio", "ms/fcst", "models chosen");
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread t = new Thread(task);
      t.setDaemon(true); // a zone that fails ends the run instead of leaving the others' threads behind
      return t;
    });
    List<Future<String>> out = new ArrayList<>();
    for (String zone : zones) {
      out.add(pool.submit(() -> zone(dir, zone, historyDays, variants, models, every, loadOnly, validation, errors)));
    }
    for (Future<String> f : out) {
      System.out.print(f.get());
      System.out.flush();
    }
    pool.shutdown();
  }

  private static String zone(Path dir, String zone, int[] historyDays, String[] variants, String[] models, int every,
      boolean loadOnly, boolean validation, Map<LocalDate, double[]> errors) throws IOException {
    ZoneData z = load(dir.resolve(zone + ".csv"), zone);
    int testYear = (zone.startsWith("GEFCOM") ? 2014 : 2019) - (validation ? 1 : 0);
    LoadSeries s = z.load();
    Holidays holidays = Holidays.ofCountry("US", s.dateAt(0), s.dateAt(s.size() - 1).plusDays(1));
    List<Integer> origins = new ArrayList<>();
    for (LocalDate d = LocalDate.of(testYear, 1, 1); d.getYear() == testYear; d = d.plusDays(every)) {
      origins.add(indexOf(s, d.atStartOfDay()));
    }
    StringBuilder report = new StringBuilder();
    double weeklyMae = 0;
    for (int o : origins) {
      for (int j = 0; j < 24; j++) {
        weeklyMae += Math.abs(s.values()[o + j] - s.values()[o + j - 168]);
      }
    }
    for (int n : historyDays) {
      if (loadOnly) {
        report.append(run(z, holidays, origins, n, null, "auto", errors, weeklyMae));
      }
      for (String variant : variants) {
        for (String model : models) {
          report.append(run(z, holidays, origins, n, variant, model, errors, weeklyMae));
        }
      }
    }
    return report.toString();
  }

  private static String run(ZoneData z, Holidays holidays, List<Integer> origins, int n, String variant, String model,
      Map<LocalDate, double[]> errors, double weeklyMae) {
    LoadSeries s = z.load();
    double apeSum = 0;
    double aeSum = 0;
    int inside = 0;
    int count = 0;
    Map<String, Integer> chosen = new TreeMap<>();
    long nanos = 0;
    BandScan scan = new BandScan();
    List<String> perDay = System.getProperty("bench.perDay") == null ? null : new ArrayList<>();
    for (int origin : origins) {
      LocalDateTime d = s.timeAt(origin);
      LoadSeries visible = s.head(origin).tail(n * 24);
      Weather weather = null;
      if (variant != null) {
        double[] forecast = Arrays.copyOfRange(z.temperatureF(), origin, origin + 24);
        if (variant.equals("noisy")) {
          double[] e = errors.computeIfAbsent(d.toLocalDate(), WeatherAccuracyBench::syntheticError);
          for (int j = 0; j < 24; j++) {
            forecast[j] += e[j];
          }
        }
        weather = new Weather(Arrays.copyOfRange(z.temperatureF(), origin - n * 24, origin), forecast,
            variant.equals("noisy") ? NOISY_SD_F : 0);
      }
      if (visible.size() != n * 24 || !visible.timeAt(visible.size() - 1).equals(d.minusHours(1))) {
        throw new IllegalStateException("history for " + d + " does not end at the hour before it");
      }
      long t0 = System.nanoTime();
      ForecastResult r = Forecaster.forecast(visible, weather, holidays, 24, new double[] {0.1, 0.5, 0.9}, model);
      nanos += System.nanoTime() - t0;
      if (!r.start().equals(d) || r.start().toLocalTime() != LocalTime.MIDNIGHT) {
        throw new IllegalStateException("forecast for " + d + " starts at " + r.start());
      }
      chosen.merge(r.model(), 1, Integer::sum);
      if (perDay != null) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s %d %s %s %s %s", z.name(), n,
            variant == null ? "load_only" : variant, model, d.toLocalDate(), r.model()));
        for (int j = 0; j < 24; j++) {
          double y = s.values()[origin + j];
          line.append(String.format(Locale.ROOT, " %.5f", (y - r.point()[j]) / y));
        }
        perDay.add(line.toString());
      }
      double[] lo = r.quantiles().get(0.1);
      double[] hi = r.quantiles().get(0.9);
      for (int j = 0; j < 24; j++) {
        double y = s.values()[origin + j];
        scan.add(y, r.point()[j], lo[j], hi[j]);
        apeSum += Math.abs(y - r.point()[j]) / y;
        aeSum += Math.abs(y - r.point()[j]);
        inside += y >= lo[j] && y <= hi[j] ? 1 : 0;
        count++;
      }
    }
    if (perDay != null) {
      writePerDay(perDay);
    }
    String v = variant == null ? "load_only" : variant;
    double mape = 100 * apeSum / count;
    double[] ref = REFERENCE.get(n + " " + v);
    double refMape = ref == null ? Double.NaN : ref[ZONES.indexOf(z.name())];
    return String.format(Locale.ROOT, "%-11s %4d %-7s %-16s %7.3f %7.3f %7.3f %6.2f %6.3f %8.1f  %s%s%n", z.name(), n, v,
        model, mape, aeSum / weeklyMae, (double) inside / count, refMape, mape / refMape, nanos / 1e6 / origins.size(),
        chosen, scan.line());
  }

  /** Appends each test day's relative errors (y - f) / y by hour to the file {@code bench.perDay}. */
  private static synchronized void writePerDay(List<String> lines) {
    try {
      Files.write(Path.of(System.getProperty("bench.perDay")), lines, java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int indexOf(LoadSeries s, LocalDateTime t) {
    long hours = java.time.Duration.between(s.start(), t).toHours();
    if (hours < 0 || hours >= s.size() || !s.timeAt((int) hours).equals(t)) {
      throw new IllegalStateException(t + " is not in the series");
    }
    return (int) hours;
  }

  static ZoneData load(Path csv, String name) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    double[] load = new double[lines.size() - 1];
    double[] temp = new double[lines.size() - 1];
    LocalDateTime start = null;
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      LocalDateTime t = LocalDateTime.parse(f[0], PRINTED);
      if (start == null) {
        start = t;
      } else if (!t.equals(start.plusHours(i - 1))) {
        throw new IllegalStateException(csv + ": row " + i + " is not the next hour: " + t);
      }
      load[i - 1] = Double.parseDouble(f[1]);
      temp[i - 1] = Double.parseDouble(f[2]);
    }
    return new ZoneData(name, new LoadSeries(start, ZoneOffset.UTC, 60, load), temp);
  }

  /**
   * For validation-year days, which the error file does not cover: the same AR(1) process (sd 2.5 F,
   * hour-to-hour 0.8), from Java's generator seeded with the date.
   */
  private static double[] syntheticError(LocalDate date) {
    java.util.Random rnd = new java.util.Random(date.toEpochDay());
    double[] e = new double[24];
    e[0] = NOISY_SD_F * rnd.nextGaussian();
    for (int k = 1; k < 24; k++) {
      e[k] = 0.8 * e[k - 1] + 1.5 * rnd.nextGaussian();
    }
    return e;
  }

  static Map<LocalDate, double[]> errors(Path csv) throws IOException {
    Map<LocalDate, double[]> out = new java.util.concurrent.ConcurrentHashMap<>();
    for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
      String[] f = line.split(",");
      out.put(LocalDate.parse(f[0]), Arrays.stream(f, 1, 25).mapToDouble(Double::parseDouble).toArray());
    }
    return out;
  }
}
