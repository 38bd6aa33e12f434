package io.gridopt.solver.forecast;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a history as a utility delivers it into a complete regular series.
 *
 * <ul>
 *   <li>Readings are placed on local wall-clock labels; readings sharing a label (the repeated
 *       autumn DST hour, a resent value) are averaged.</li>
 *   <li>Impossible readings are rejected: negative values (the models forecast consumption, not
 *       net load with export) and values above {@value #SPIKE_FACTOR} times the median of the
 *       series (a unit slip or meter glitch; no real peak is ten times the median load).</li>
 *   <li>Missing and rejected steps inside the series are filled by linear interpolation between
 *       the nearest valid neighbours. Missing steps at either end carry no information and are
 *       dropped, so the forecast starts right after the last real reading.</li>
 * </ul>
 */
public final class SeriesCleaner {
  static final double SPIKE_FACTOR = 10.0;
  /** A series with fewer valid readings than this share is too broken to forecast from. */
  static final double MIN_VALID_SHARE = 0.5;

  private SeriesCleaner() {
  }

  /** A regular series from {@code start}, one value per interval, NaN where a reading is missing. */
  public static CleanHistory regular(OffsetDateTime start, int intervalMinutes, double[] values) {
    return finish(start.toLocalDateTime(), start.getOffset(), intervalMinutes, values.clone(), 0);
  }

  /**
   * An irregular list of readings. The interval is the most common spacing between consecutive
   * labels (15, 30 or 60 minutes); every label must lie on that grid.
   */
  public static CleanHistory irregular(List<HistoryPoint> points) {
    if (points.isEmpty()) {
      throw new InvalidHistoryException("has no readings");
    }
    TreeMap<LocalDateTime, double[]> byLabel = new TreeMap<>(); // label -> {sum of valid, valid count}
    int duplicates = 0;
    for (HistoryPoint p : points) {
      LocalDateTime label = p.timestamp().toLocalDateTime();
      double[] acc = byLabel.get(label);
      if (acc == null) {
        acc = new double[2];
        byLabel.put(label, acc);
      } else {
        duplicates++;
      }
      if (Double.isFinite(p.value())) {
        acc[0] += p.value();
        acc[1]++;
      }
    }
    List<LocalDateTime> labels = new ArrayList<>(byLabel.keySet());
    int interval = commonSpacingMinutes(labels);
    LocalDateTime first = labels.get(0);
    long steps = Duration.between(first, labels.get(labels.size() - 1)).toMinutes() / interval + 1;
    double[] values = new double[Math.toIntExact(steps)];
    Arrays.fill(values, Double.NaN);
    for (Map.Entry<LocalDateTime, double[]> e : byLabel.entrySet()) {
      long minutes = Duration.between(first, e.getKey()).toMinutes();
      if (minutes % interval != 0) {
        throw new InvalidHistoryException("timestamp " + e.getKey() + " is not on the " + interval
            + "-minute grid starting at " + first);
      }
      double[] acc = e.getValue();
      values[(int) (minutes / interval)] = acc[1] > 0 ? acc[0] / acc[1] : Double.NaN;
    }
    ZoneOffset offset = points.stream().max(Comparator.comparing(p -> p.timestamp().toLocalDateTime()))
        .orElseThrow().timestamp().getOffset();
    return finish(first, offset, interval, values, duplicates);
  }

  private static int commonSpacingMinutes(List<LocalDateTime> labels) {
    Map<Long, Integer> counts = new HashMap<>();
    for (int i = 1; i < labels.size(); i++) {
      counts.merge(Duration.between(labels.get(i - 1), labels.get(i)).toMinutes(), 1, Integer::sum);
    }
    long spacing = counts.entrySet().stream()
        .max(Map.Entry.<Long, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey).orElse(0L);
    if (spacing != 15 && spacing != 30 && spacing != 60) {
      throw new InvalidHistoryException("readings must be 15, 30 or 60 minutes apart; the most common spacing is "
          + spacing + " minutes");
    }
    return (int) spacing;
  }

  private static CleanHistory finish(LocalDateTime start, ZoneOffset offset, int interval, double[] values,
      int duplicates) {
    double median = median(values);
    int rejected = 0;
    List<CleaningLog.Rejected> rejections = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i]) && (values[i] < 0 || (median > 0 && values[i] > SPIKE_FACTOR * median))) {
        rejections.add(new CleaningLog.Rejected(i, values[i], values[i] < 0 ? "negative"
            : "above " + SPIKE_FACTOR + " times the series median " + median));
        values[i] = Double.NaN;
        rejected++;
      }
    }
    int first = 0;
    while (first < values.length && !Double.isFinite(values[first])) {
      first++;
    }
    int last = values.length - 1;
    while (last >= first && !Double.isFinite(values[last])) {
      last--;
    }
    if (first > last) {
      throw new InvalidHistoryException("has no valid readings");
    }
    double[] kept = Arrays.copyOfRange(values, first, last + 1);
    int valid = 0;
    BitSet filledSteps = new BitSet(kept.length);
    for (int i = 0; i < kept.length; i++) {
      valid += Double.isFinite(kept[i]) ? 1 : 0;
      filledSteps.set(i, !Double.isFinite(kept[i]));
    }
    if (valid < MIN_VALID_SHARE * kept.length) {
      throw new InvalidHistoryException("only " + valid + " of " + kept.length
          + " steps have a valid reading; at least half are needed");
    }
    int filled = interpolateGaps(kept);
    LocalDateTime keptStart = start.plusMinutes((long) first * interval);
    int shift = first;
    int end = last;
    List<CleaningLog.Rejected> keptRejections = rejections.stream().filter(r -> r.step() >= shift && r.step() <= end)
        .map(r -> new CleaningLog.Rejected(r.step() - shift, r.value(), r.reason())).toList();
    return new CleanHistory(new LoadSeries(keptStart, offset, interval, kept),
        new DataQuality(duplicates, filled, rejected), new CleaningLog(filledSteps, keptRejections));
  }

  /** Fills interior NaN runs linearly between their valid neighbours; returns how many were filled. */
  static int interpolateGaps(double[] v) {
    int filled = 0;
    int i = 0;
    while (i < v.length) {
      if (Double.isFinite(v[i])) {
        i++;
        continue;
      }
      int gapEnd = i;
      while (!Double.isFinite(v[gapEnd])) {
        gapEnd++; // ends are valid, so every gap is closed
      }
      double left = v[i - 1];
      double right = v[gapEnd];
      int span = gapEnd - i + 1;
      for (int k = i; k < gapEnd; k++) {
        v[k] = left + (right - left) * (k - i + 1) / span;
      }
      filled += gapEnd - i;
      i = gapEnd;
    }
    return filled;
  }

  private static double median(double[] values) {
    double[] valid = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    if (valid.length == 0) {
      return Double.NaN;
    }
    int m = valid.length / 2;
    return valid.length % 2 == 1 ? valid[m] : (valid[m - 1] + valid[m]) / 2;
  }
}
