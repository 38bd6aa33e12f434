package io.gridopt.solver.forecast;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Puts observed temperatures on the steps of a cleaned load history, the way {@link SeriesCleaner}
 * treats load: readings on local wall-clock labels, readings of one label averaged, gaps inside
 * the series linearly interpolated, missing steps at either end set to the nearest reading.
 * Temperatures outside the cleaned history's steps (where load was dropped) are not used.
 */
public final class TemperatureCleaner {
  private TemperatureCleaner() {
  }

  /** Temperatures on every step of a history, and how many steps had none and were filled. */
  public record Filled(double[] values, int filled) {
  }

  /** {@code raw[i]} (NaN when missing) belongs to {@code start + i * interval} of the request. */
  public static Filled regular(LoadSeries series, OffsetDateTime start, double[] raw) {
    long skipped = Duration.between(start.toLocalDateTime(), series.start()).toMinutes() / series.intervalMinutes();
    return fill(Arrays.copyOfRange(raw, (int) skipped, (int) skipped + series.size()));
  }

  /** Readings with timestamps (NaN value when missing); labels off the history's steps are ignored. */
  public static Filled irregular(LoadSeries series, List<HistoryPoint> readings) {
    double[] sum = new double[series.size()];
    int[] count = new int[series.size()];
    for (HistoryPoint p : readings) {
      LocalDateTime label = p.timestamp().toLocalDateTime();
      long minutes = Duration.between(series.start(), label).toMinutes();
      long i = minutes / series.intervalMinutes();
      if (Double.isFinite(p.value()) && minutes >= 0 && minutes % series.intervalMinutes() == 0 && i < sum.length) {
        sum[(int) i] += p.value();
        count[(int) i]++;
      }
    }
    double[] v = new double[sum.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = count[i] > 0 ? sum[i] / count[i] : Double.NaN;
    }
    return fill(v);
  }

  private static Filled fill(double[] v) {
    int valid = (int) Arrays.stream(v).filter(Double::isFinite).count();
    if (valid < SeriesCleaner.MIN_VALID_SHARE * v.length) {
      throw new InvalidHistoryException("has a temperature on only " + valid + " of " + v.length
          + " history steps; at least half are needed");
    }
    int first = 0;
    while (!Double.isFinite(v[first])) {
      first++;
    }
    int last = v.length - 1;
    while (!Double.isFinite(v[last])) {
      last--;
    }
    int filled = first + (v.length - 1 - last);
    Arrays.fill(v, 0, first, v[first]);
    Arrays.fill(v, last + 1, v.length, v[last]);
    filled += SeriesCleaner.interpolateGaps(v);
    return new Filled(v, filled);
  }
}
