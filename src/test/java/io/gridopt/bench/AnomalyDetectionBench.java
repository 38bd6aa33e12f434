package io.gridopt.bench;

import io.gridopt.anomaly.Anomaly;
import io.gridopt.anomaly.LoadAnomalyDetector;
import io.gridopt.solver.forecast.CleanHistory;
import io.gridopt.solver.forecast.Holidays;
import io.gridopt.solver.forecast.LoadSeries;
import io.gridopt.solver.forecast.SeriesCleaner;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Event-level recall and precision of the load-history anomaly detectors on real load with labelled,
 * injected anomalies, and the alarms they raise on the same load without injections.
 *
 * <p>The series are the hourly PJM zones DAYTON and DUQ ({@code <data>/load/*_hourly.csv}, cleaned
 * as the service cleans a history). Each is cut into consecutive windows of 28 to 365 days (seeded
 * random lengths); every window is one forecast request. A seeded generator places events inside the
 * windows, at least 3 days apart and 2 days from a window's edges: spikes (x(1 +- 20..80 %) for 1-2
 * h), dropouts (0..2 % of the reading for 1-12 h), stuck values (the last good reading held for
 * 4-48 h) and level shifts (x(1 +- 10..25 %) for 3-10 days).
 *
 * <p>Scoring, per kind: an event is found when an alarm of its kind overlaps it (one hour of
 * tolerance at either end; spikes and drops are one kind). An alarm is a true positive when it
 * overlaps an event of its kind, a real event when it overlaps an alarm of the same kind raised on
 * the series without injections (the data has its own anomalies, listed by the clean run), else a
 * false positive; precision = TP / (TP + FP). The clean run counts every alarm of medium or higher
 * severity per 1,000 days of history.
 *
 * <p>Arguments: {@code [seed] [direct|service]}; {@code service} (default) sends every window
 * through {@code POST /forecast} of an in-process service (embedded engine, hashing embedder, the
 * test database), {@code direct} calls the detector alone (the same code the service runs).
 */
public final class AnomalyDetectionBench {
  enum Kind { SPIKE, DROPOUT, STUCK, LEVEL_SHIFT }

  record Event(Kind kind, int from, int to, double factor) {
  }

  record Window(int from, int to) {
  }

  /** An alarm on zone-series indices [from, to). */
  record Alarm(String type, String severity, int from, int to, String description) {
    Kind kind() {
      return switch (type) {
        case LoadAnomalyDetector.SPIKE, LoadAnomalyDetector.DROP -> Kind.SPIKE;
        case LoadAnomalyDetector.DROPOUT -> Kind.DROPOUT;
        case LoadAnomalyDetector.STUCK -> Kind.STUCK;
        case LoadAnomalyDetector.LEVEL_SHIFT -> Kind.LEVEL_SHIFT;
        default -> null;
      };
    }

    boolean mediumOrHigher() {
      return !severity.equals("low");
    }
  }

  /** Runs the detectors on one window of a zone: values in MW, hourly, from the window's first label. */
  interface Detector extends AutoCloseable {
    List<Anomaly> detect(String zone, OffsetDateTime start, double[] values) throws Exception;

    @Override
    default void close() throws Exception {
    }
  }

  static final int TOLERANCE_STEPS = 1;
  static final double MIN_SHIFT_OVERLAP = 0.5;
  static final String[] ZONES = {"DAYTON", "DUQ"};

  private AnomalyDetectionBench() {
  }

  public static void main(String[] args) throws Exception {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 13;
    String mode = args.length > 1 ? args[1] : "service";
    System.out.println("AnomalyDetectionBench, seed " + seed + ", mode " + mode + ", " + EnvironmentBench.describe());
    Map<Kind, int[]> totals = new EnumMap<>(Kind.class); // events, found, tp alarms, fp alarms, real alarms
    for (Kind k : Kind.values()) {
      totals.put(k, new int[5]);
    }
    int cleanMediumPlus = 0;
    int cleanAll = 0;
    double days = 0;
    List<String> realEvents = new ArrayList<>();
    long started = System.nanoTime();
    try (Detector detector = mode.equals("direct") ? direct() : ServiceDetector.start()) {
      for (int z = 0; z < ZONES.length; z++) {
        String zone = ZONES[z];
        LoadSeries series = ForecastAccuracyBench.load(ForecastAccuracyBench.dataDir().resolve("load")
            .resolve(zone + "_hourly.csv")).series();
        Random rnd = new Random(seed * 31 + z);
        List<Window> windows = windows(series, rnd);
        double[] injected = series.values().clone();
        List<Event> events = inject(injected, windows, rnd);
        List<Alarm> clean = run(detector, zone, series, series.values(), windows);
        List<Alarm> dirty = run(detector, zone, series, injected, windows);
        days += (windows.get(windows.size() - 1).to() - windows.get(0).from()) / 24.0;
        for (Alarm a : clean) {
          cleanAll++;
          if (a.mediumOrHigher()) {
            cleanMediumPlus++;
            realEvents.add(zone + " " + a.severity() + " " + a.type() + ": " + a.description());
          }
        }
        score(events, dirty, clean, totals);
        System.out.printf(Locale.ROOT, "%s: %d windows (%d..%d days), %d events, %d alarms with injections,"
                + " %d without%n", zone, windows.size(),
            windows.stream().mapToInt(w -> (w.to() - w.from()) / 24).min().orElse(0),
            windows.stream().mapToInt(w -> (w.to() - w.from()) / 24).max().orElse(0), events.size(), dirty.size(),
            clean.size());
      }
    }
    System.out.printf(Locale.ROOT, "%n%-12s %7s %6s %7s %9s %4s %4s %5s%n", "kind", "events", "found", "recall",
        "precision", "TP", "FP", "real");
    for (Kind k : Kind.values()) {
      int[] t = totals.get(k);
      System.out.printf(Locale.ROOT, "%-12s %7d %6d %7.3f %9.3f %4d %4d %5d%n", k.name().toLowerCase(Locale.ROOT),
          t[0], t[1], (double) t[1] / t[0], t[2] + t[3] == 0 ? Double.NaN : (double) t[2] / (t[2] + t[3]), t[2], t[3],
          t[4]);
    }
    System.out.printf(Locale.ROOT, "%nwithout injections: %.0f days, %d alarms (all severities), %d medium or higher"
        + " = %.2f per 1,000 days%n", days, cleanAll, cleanMediumPlus, 1000 * cleanMediumPlus / days);
    realEvents.forEach(e -> System.out.println("  " + e));
    System.out.printf(Locale.ROOT, "wall time %.1f s, load average %.2f%n", (System.nanoTime() - started) / 1e9,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Consecutive windows of 28 to 365 days from the first midnight to the end of the series. */
  static List<Window> windows(LoadSeries s, Random rnd) {
    int from = 0;
    while (s.timeAt(from).getHour() != 0) {
      from++;
    }
    List<Window> windows = new ArrayList<>();
    while (from + 28 * 24 <= s.size()) {
      int days = 28 + rnd.nextInt(365 - 28 + 1);
      int to = Math.min(s.size(), from + days * 24);
      windows.add(new Window(from, to));
      from = to;
    }
    return windows;
  }

  /** Places events inside the windows, changes {@code v} and returns the labels. */
  static List<Event> inject(double[] v, List<Window> windows, Random rnd) {
    List<Event> events = new ArrayList<>();
    Kind[] kinds = Kind.values();
    for (Window w : windows) {
      int t = w.from() + 48 + rnd.nextInt(48);
      while (true) {
        Kind kind = kinds[rnd.nextInt(kinds.length)];
        int hours = switch (kind) {
          case SPIKE -> 1 + rnd.nextInt(2);
          case DROPOUT -> 1 + rnd.nextInt(12);
          case STUCK -> 4 + rnd.nextInt(45);
          case LEVEL_SHIFT -> 72 + rnd.nextInt(7 * 24 + 1);
        };
        if (t + hours + 48 > w.to()) {
          break;
        }
        double factor = 1;
        switch (kind) {
          case SPIKE -> {
            factor = 1 + (rnd.nextBoolean() ? 1 : -1) * (0.2 + 0.6 * rnd.nextDouble());
            for (int i = t; i < t + hours; i++) {
              v[i] *= factor;
            }
          }
          case DROPOUT -> {
            for (int i = t; i < t + hours; i++) {
              v[i] *= 0.02 * rnd.nextDouble();
            }
          }
          case STUCK -> {
            for (int i = t; i < t + hours; i++) {
              v[i] = v[t - 1];
            }
          }
          case LEVEL_SHIFT -> {
            factor = 1 + (rnd.nextBoolean() ? 1 : -1) * (0.10 + 0.15 * rnd.nextDouble());
            for (int i = t; i < t + hours; i++) {
              v[i] *= factor;
            }
          }
        }
        events.add(new Event(kind, t, t + hours, factor));
        t += hours + 72 + rnd.nextInt(6 * 24);
      }
    }
    return events;
  }

  private static List<Alarm> run(Detector detector, String zone, LoadSeries s, double[] values, List<Window> windows)
      throws Exception {
    List<Alarm> alarms = new ArrayList<>();
    for (Window w : windows) {
      OffsetDateTime start = s.timeAt(w.from()).atOffset(s.offset());
      double[] part = java.util.Arrays.copyOfRange(values, w.from(), w.to());
      for (Anomaly a : detector.detect(zone, start, part)) {
        if (a.start() == null) {
          continue;
        }
        int from = w.from() + (int) Duration.between(start, a.start()).toHours();
        int to = w.from() + (int) Duration.between(start, a.end()).toHours();
        alarms.add(new Alarm(a.type(), a.severity().wireName(), from, to, a.description()));
      }
    }
    return alarms;
  }

  private static boolean overlaps(int aFrom, int aTo, int bFrom, int bTo) {
    return aFrom < bTo + TOLERANCE_STEPS && bFrom < aTo + TOLERANCE_STEPS;
  }

  /**
   * Whether an alarm matches an event or another alarm of its kind: any overlap (one step of
   * tolerance) for the short kinds; for level shifts, which last days, the overlap must be at least
   * half of the union, so that one alarm spanning several events does not count as finding them.
   */
  private static boolean matches(Kind kind, int aFrom, int aTo, int bFrom, int bTo) {
    if (kind != Kind.LEVEL_SHIFT) {
      return overlaps(aFrom, aTo, bFrom, bTo);
    }
    int overlap = Math.min(aTo, bTo) - Math.max(aFrom, bFrom);
    int union = Math.max(aTo, bTo) - Math.min(aFrom, bFrom);
    return overlap >= MIN_SHIFT_OVERLAP * union;
  }

  /** Per kind: events, events found, true-positive alarms, false-positive alarms, alarms at real events. */
  private static void score(List<Event> events, List<Alarm> dirty, List<Alarm> clean, Map<Kind, int[]> totals) {
    Map<Kind, Map<String, Integer>> missedAs = new LinkedHashMap<>();
    for (Event e : events) {
      int[] t = totals.get(e.kind());
      t[0]++;
      boolean found = dirty.stream()
          .anyMatch(a -> a.kind() == e.kind() && matches(e.kind(), a.from(), a.to(), e.from(), e.to()));
      if (found) {
        t[1]++;
      } else {
        String instead = dirty.stream().filter(a -> overlaps(a.from(), a.to(), e.from(), e.to())).map(Alarm::type)
            .findFirst().orElse("nothing");
        if (Boolean.getBoolean("bench.verbose")) {
          dirty.stream().filter(a -> overlaps(a.from(), a.to(), e.from(), e.to()))
              .forEach(a -> System.out.println("    overlapping " + a.type() + " " + a.from() + ".." + a.to()));
        }
        missedAs.computeIfAbsent(e.kind(), k -> new LinkedHashMap<>()).merge(instead, 1, Integer::sum);
        if (Boolean.getBoolean("bench.verbose")) {
          System.out.printf(Locale.ROOT, "  missed %s at %d..%d factor %.3f (%s)%n", e.kind(), e.from(), e.to(),
              e.factor(), instead);
        }
      }
    }
    for (Alarm a : dirty) {
      Kind kind = a.kind();
      if (kind == null) {
        continue;
      }
      int[] t = totals.get(kind);
      if (events.stream().anyMatch(e -> e.kind() == kind && matches(kind, a.from(), a.to(), e.from(), e.to()))) {
        t[2]++;
        if (Boolean.getBoolean("bench.verbose") && kind == Kind.LEVEL_SHIFT) {
          System.out.println("  tp " + a.from() + ".." + a.to() + " events " + events.stream()
              .filter(e -> matches(kind, a.from(), a.to(), e.from(), e.to())).map(e -> e.kind() + " " + e.from() + ".." + e.to())
              .toList());
        }
      } else if (clean.stream().anyMatch(c -> c.kind() == kind && matches(kind, a.from(), a.to(), c.from(), c.to()))) {
        t[4]++;
      } else {
        t[3]++;
        if (Boolean.getBoolean("bench.verbose")) {
          System.out.println("  false " + a);
        }
      }
    }
    missedAs.forEach((k, m) -> System.out.println("  missed " + k + " events, alarm raised instead: " + m));
  }

  /** The detector alone: the history cleaned as the service cleans it, US public holidays. */
  private static Detector direct() {
    return (zone, start, values) -> {
      CleanHistory clean = SeriesCleaner.regular(start, 60, values);
      LoadSeries s = clean.series();
      Holidays holidays = Holidays.ofCountry("US", s.dateAt(0), s.dateAt(s.size() - 1).plusDays(1));
      return LoadAnomalyDetector.detect(s, clean.log(), holidays, "MW");
    };
  }
}
