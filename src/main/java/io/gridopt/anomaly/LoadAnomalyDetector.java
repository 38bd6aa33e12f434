package io.gridopt.anomaly;

import io.gridopt.solver.forecast.CleaningLog;
import io.gridopt.solver.forecast.Holidays;
import io.gridopt.solver.forecast.LoadSeries;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds what is wrong in a load history, in this order (each step masks what it found, so that a
 * dropout is not also a drop and a level shift not also a row of spikes):
 *
 * <ol>
 *   <li><b>Dropouts</b>: readings at most {@value #DROPOUT_FRACTION} times the series median.</li>
 *   <li><b>Stuck meter</b>: the same reading repeated for at least {@value #STUCK_MIN_HOURS} hours.</li>
 *   <li><b>Level shifts</b>: on the residuals against the expected profile (median of the same
 *       clock time on the nearest days of the same weekday), abrupt steps of at least
 *       {@value #STEP_MIN_LOG} in log in the hourly change that hold and move the level (median of
 *       the {@value #STEP_WINDOW_HOURS} hours after minus the median of the hours before); steps
 *       that mirror each other {@value #SHIFT_MIN_HOURS} h to {@value #SHIFT_MAX_DAYS} days apart
 *       make a shift, the non-overlapping set with the most evidence chosen exactly by dynamic
 *       programming; a step without its reverse is a shift to the end when the new level persists.</li>
 *   <li><b>Spikes and drops</b>: residual minus its running median over +-{@value #STEP_WINDOW_HOURS}
 *       hours, scaled by the MAD; a step is flagged at a robust z of at least {@value #SPIKE_Z} and a
 *       deviation of at least {@value #SPIKE_MIN_FRACTION} of the expected value.</li>
 *   <li><b>Rejected readings</b> and <b>missing readings</b>, from the cleaner's log.</li>
 * </ol>
 *
 * Why abrupt steps: weather moves the daily level of a zone by 10-20 % within days, gradually; a
 * meter constant change, a feeder transfer or a lost large customer moves it within an hour. The
 * thresholds were set on the detection benchmark ({@code AnomalyDetectionBench}, docs/anomalies.md).
 */
public final class LoadAnomalyDetector {
  public static final String SPIKE = "load_spike";
  public static final String DROP = "load_drop";
  public static final String DROPOUT = "load_dropout";
  public static final String STUCK = "load_stuck";
  public static final String LEVEL_SHIFT = "load_level_shift";
  public static final String REJECTED = "load_values_rejected";
  public static final String MISSING = "load_readings_missing";
  public static final String FORECAST_PEAK = "forecast_peak_above_history";

  static final double DROPOUT_FRACTION = 0.05;
  static final int STUCK_MIN_HOURS = 4;
  static final int STEP_WINDOW_HOURS = 6;
  static final double STEP_MIN_LOG = 0.07;
  /** The end of a shift reverses its start within this share of the larger step. */
  static final double PAIR_TOLERANCE = 0.4;
  static final int SHIFT_MIN_HOURS = 48;
  static final int OPEN_SHIFT_MIN_HOURS = 72;
  /** Days after a step without a reverse step that are checked for the new level. */
  static final int OPEN_SHIFT_CHECK_DAYS = 14;
  static final double PERSISTENT_DAY_SHARE = 0.8;
  /**
   * The level of the residual over the {@value #STEP_WINDOW_HOURS} hours after a step minus the
   * level over the hours before must be at least this share of the step: the recovery of a spike
   * or a dropout is an hourly jump that holds, but the level it returns to is the level before.
   */
  static final double STEP_LEVEL_SHARE = 0.3;
  /** A reverse step further away than this is another event, not the end of this shift. */
  static final int SHIFT_MAX_DAYS = 28;
  static final double SPIKE_Z = 5.0;
  static final double SPIKE_MIN_FRACTION = 0.15;
  /** A longer excursion is weather or a shift, not a spike. */
  static final int SPIKE_MAX_HOURS = 3;
  /** The change into and out of a spike must be at least this share of its deviation. */
  static final double SPIKE_ABRUPT_SHARE = 0.5;
  /**
   * The expected value at a clock time is the median over this many nearest days of the same weekday
   * (holidays count as Sundays): Monday mornings follow a weekend and Friday evenings precede one, so
   * pooling weekdays would put a false step at every weekend's edges.
   */
  static final int PROFILE_DAYS = 6;
  static final int PROFILE_MAX_DISTANCE_DAYS = 70;

  private final LoadSeries series;
  private final CleaningLog log;
  private final Holidays holidays;
  private final String unit;
  private final int n;
  private final int sph;
  private final double[] y;
  /** Steps already explained by a finding (dropout, stuck) or not readings at all (filled). */
  private final boolean[] masked;
  private final List<Anomaly> found = new ArrayList<>();

  private LoadAnomalyDetector(LoadSeries series, CleaningLog log, Holidays holidays, String unit) {
    this.series = series;
    this.log = log;
    this.holidays = holidays;
    this.unit = unit;
    this.n = series.size();
    this.sph = series.stepsPerHour();
    this.y = series.values();
    this.masked = new boolean[n];
  }

  /** The findings in a cleaned history whose readings are in {@code unit} (kW or MW), in time order. */
  public static List<Anomaly> detect(LoadSeries series, CleaningLog log, Holidays holidays, String unit) {
    LoadAnomalyDetector d = new LoadAnomalyDetector(series, log, holidays, unit);
    d.run();
    d.found.sort(Comparator.comparing((Anomaly a) -> a.start() == null ? OffsetDateTime.MIN : a.start()));
    return List.copyOf(d.found);
  }

  /**
   * The forecast's peak against the history's: a peak above every reading is either real growth
   * (heat, new load) or the model extrapolating; either way the operator plans for it.
   */
  public static List<Anomaly> forecastPeak(LoadSeries history, double peakValue, OffsetDateTime peakAt, String unit) {
    int maxAt = 0;
    for (int i = 1; i < history.size(); i++) {
      maxAt = history.values()[i] > history.values()[maxAt] ? i : maxAt;
    }
    double historyPeak = history.values()[maxAt];
    if (!(peakValue > historyPeak) || historyPeak <= 0) {
      return List.of();
    }
    double excess = peakValue / historyPeak - 1;
    Severity severity = Severity.byThresholds(excess, 0.05, 0.15);
    OffsetDateTime historyPeakAt = history.timeAt(maxAt).atOffset(history.offset());
    String text = "Forecast peak " + Figures.num(peakValue) + " " + unit + " at " + peakAt + " is "
        + Figures.pct(excess) + " above the highest reading of the history, " + Figures.num(historyPeak) + " " + unit
        + " at " + historyPeakAt + ".";
    List<String> actions = List.of(
        "Check that capacity and import limits cover " + Figures.num(peakValue) + " " + unit + " around " + peakAt
            + ".",
        "Compare with the weather forecast for that hour: a peak beyond the history is credible in a heat or cold"
            + " spell the history does not contain; otherwise send a longer history (a full year covers the"
            + " seasonal peak).");
    return List.of(Anomaly.inSeries(FORECAST_PEAK, severity, text, actions, peakAt,
        peakAt.plusMinutes(history.intervalMinutes()), Figures.of().put("forecast_peak", peakValue)
            .put("history_peak", historyPeak).put("excess_pct", 100 * excess).map()));
  }

  private void run() {
    for (int i = 0; i < n; i++) {
      masked[i] = log.filled(i);
    }
    dropouts();
    stuck();
    Residuals residuals = residuals();
    levelShifts(residuals.level(), residuals.change());
    spikes(residuals.level(), residuals.change());
    rejected();
    missing();
  }

  // ---- dropouts and stuck meters: runs of readings -------------------------------------------------

  private void dropouts() {
    double median = Robust.median(y);
    double limit = DROPOUT_FRACTION * median;
    int i = 0;
    while (i < n) {
      if (!(y[i] <= limit)) {
        i++;
        continue;
      }
      int end = i;
      while (end < n && y[end] <= limit) {
        end++;
      }
      for (int k = i; k < end; k++) {
        masked[k] = true;
      }
      double hours = hours(end - i);
      double missingEnergy = Math.max(0, median - mean(i, end)) * hours;
      Severity severity = Severity.byThresholds(hours, 2, 6);
      String text = "Readings near zero (at most " + Figures.num(limit) + " " + unit + ", " + Figures.pct(DROPOUT_FRACTION)
          + " of the median "
          + Figures.num(median) + " " + unit + ") for " + Figures.num(hours) + " h from " + at(i) + " to " + at(end)
          + ": about " + Figures.num(missingEnergy) + " " + unit + "h of consumption unrecorded.";
      found.add(Anomaly.inSeries(DROPOUT, severity, text, List.of(
              "Check the meter and its communication for " + at(i) + " to " + at(end)
                  + ": a dropout to zero is a lost signal or an outage, rarely real consumption.",
              "If the supply was on, replace these " + (end - i) + " readings by the meter's stored interval data or"
                  + " an estimate before billing or forecasting from them.",
              "If it was an outage, record it in the outage log so that it is not mistaken for demand response."),
          at(i), at(end), Figures.of().put("duration_h", hours).put("min_value", min(i, end))
              .put("expected_value", median).put("missing_energy", missingEnergy).map()));
      i = end;
    }
  }

  private void stuck() {
    int minSteps = STUCK_MIN_HOURS * sph;
    int i = 0;
    while (i < n) {
      int end = i + 1;
      while (end < n && !masked[end] && !masked[i] && y[end] == y[i]) {
        end++;
      }
      if (!masked[i] && end - i >= minSteps) {
        for (int k = i; k < end; k++) {
          masked[k] = true;
        }
        double hours = hours(end - i);
        Severity severity = Severity.byThresholds(hours, 8, 24);
        String text = "The same reading " + Figures.num(y[i]) + " " + unit + " repeats " + (end - i) + " times ("
            + Figures.num(hours) + " h) from " + at(i) + " to " + at(end) + ": a meter or data link stuck on its last"
            + " value.";
        found.add(Anomaly.inSeries(STUCK, severity, text, List.of(
                "Check the meter or the data concentrator that reported " + Figures.num(y[i]) + " " + unit
                    + " from " + at(i) + " to " + at(end) + " (a frozen register or a gateway repeating its last value).",
                "Replace the " + (end - i) + " repeated readings by the meter's stored interval data; until then treat"
                    + " them as missing, not as flat load."),
            at(i), at(end), Figures.of().put("duration_h", hours).put("value", y[i])
                .put("repeats", end - i).map()));
      }
      i = end;
    }
  }

  // ---- the expected profile and the residual ---------------------------------------------------------

  /**
   * Log reading minus log expected value ({@code level}), and the hour-to-hour change of the log
   * reading minus the expected change ({@code change}), both against the same neighbour days, so
   * that the change across midnight is compared with the change across the same midnight of those
   * days. NaN where masked.
   */
  private record Residuals(double[] level, double[] change) {
  }

  private Residuals residuals() {
    int spd = series.stepsPerDay();
    LocalDate firstDay = series.dateAt(0);
    int firstSlot = (series.start().getHour() * 60 + series.start().getMinute()) / series.intervalMinutes();
    int days = (firstSlot + n + spd - 1) / spd;
    double[] grid = new double[days * spd];
    java.util.Arrays.fill(grid, Double.NaN);
    for (int i = 0; i < n; i++) {
      if (!masked[i] && y[i] > 0) {
        grid[firstSlot + i] = Math.log(y[i]);
      }
    }
    int[] kind = new int[days];
    for (int d = 0; d < days; d++) {
      LocalDate date = firstDay.plusDays(d);
      kind[d] = holidays.contains(date) ? DayOfWeek.SUNDAY.ordinal() : date.getDayOfWeek().ordinal();
    }
    double[] level = new double[n];
    double[] change = new double[n];
    double[] values = new double[PROFILE_DAYS];
    double[] changes = new double[PROFILE_DAYS];
    for (int i = 0; i < n; i++) {
      int cell = firstSlot + i;
      level[i] = Double.NaN;
      change[i] = Double.NaN;
      if (Double.isNaN(grid[cell])) {
        continue;
      }
      int d = cell / spd;
      int slot = cell % spd;
      int count = 0;
      int changeCount = 0;
      for (int dist = 1; dist <= PROFILE_MAX_DISTANCE_DAYS && count < PROFILE_DAYS; dist++) {
        for (int other : new int[] {d - dist, d + dist}) {
          int otherCell = other * spd + slot;
          if (other >= 0 && other < days && count < PROFILE_DAYS && kind[other] == kind[d]
              && !Double.isNaN(grid[otherCell])) {
            values[count++] = grid[otherCell];
            if (otherCell > 0 && !Double.isNaN(grid[otherCell - 1])) {
              changes[changeCount++] = grid[otherCell] - grid[otherCell - 1];
            }
          }
        }
      }
      if (count > 0) {
        level[i] = grid[cell] - Robust.medianInPlace(values, count);
      }
      if (changeCount > 0 && cell > 0 && !Double.isNaN(grid[cell - 1])) {
        change[i] = grid[cell] - grid[cell - 1] - Robust.medianInPlace(changes, changeCount);
      }
    }
    return new Residuals(level, change);
  }

  // ---- level shifts ------------------------------------------------------------------------------------

  private record Step(int at, double size) {
  }

  private void levelShifts(double[] e, double[] change) {
    int k = STEP_WINDOW_HOURS * sph;
    List<Step> candidates = new ArrayList<>();
    for (int t = k; t < n - k; t++) {
      if (Math.abs(change[t]) >= STEP_MIN_LOG && isLocalMax(change, t, k) && holds(change, t, k)
          && movesLevel(e, t, k, change[t])) {
        candidates.add(new Step(t, change[t]));
      }
    }
    List<int[]> shifts = pairs(e, candidates);
    int lastEnd = shifts.stream().mapToInt(span -> span[1]).max().orElse(-1);
    for (Step c : candidates) {
      boolean free = shifts.stream().noneMatch(span -> c.at() >= span[0] && c.at() <= span[1]);
      if (free && c.at() > lastEnd && n - c.at() >= OPEN_SHIFT_MIN_HOURS * sph && persists(e, c.at(), c.size())) {
        shifts.add(new int[] {c.at(), n, candidates.indexOf(c), -1});
        break; // it lasts to the end of the series
      }
    }
    shifts.sort(Comparator.comparingInt(span -> span[0]));
    for (int[] span : shifts) {
      double startSize = candidates.get(span[2]).size();
      double shift = span[3] < 0 ? startSize : (startSize - candidates.get(span[3]).size()) / 2;
      for (int t = span[0]; t < span[1]; t++) {
        e[t] -= shift; // the spike test then sees the shifted span at its normal level
      }
      reportShift(span[0], span[1], shift);
    }
  }

  /**
   * The level shifts among the candidate steps: the set of non-overlapping (start, end) pairs with
   * the most evidence. A pair is admissible when its steps mirror each other (opposite signs, sizes
   * within {@value #PAIR_TOLERANCE} of the larger), lie {@value #SHIFT_MIN_HOURS} h to
   * {@value #SHIFT_MAX_DAYS} days apart and no step between them goes back by half the start step.
   * Its evidence is the step magnitude one shift explains (twice the smaller step) plus the median
   * residual between the steps in the shift's direction (the level against the expected profile);
   * pairs with no positive evidence are dropped. The best set is found exactly by dynamic
   * programming over the pairs ordered by their end (optimal partitioning / weighted interval
   * scheduling): two shifts a few days apart explain four steps and sit off the profile, while the
   * normal days between them, read as one opposite shift, explain two and sit on it. Each span is
   * {from, to, start candidate, end candidate}.
   */
  private List<int[]> pairs(double[] e, List<Step> candidates) {
    List<int[]> options = new ArrayList<>(); // {a, b}, candidate indices
    List<Double> evidence = new ArrayList<>();
    for (int a = 0; a < candidates.size(); a++) {
      Step start = candidates.get(a);
      for (int b = a + 1; b < candidates.size(); b++) {
        Step end = candidates.get(b);
        int span = end.at() - start.at();
        if (span > SHIFT_MAX_DAYS * 24 * sph) {
          break;
        }
        double mismatch = Math.abs(end.size() + start.size()) / Math.max(Math.abs(end.size()), Math.abs(start.size()));
        if (span >= SHIFT_MIN_HOURS * sph && Math.signum(end.size()) != Math.signum(start.size())
            && mismatch <= PAIR_TOLERANCE && !stepsBackBetween(candidates, a, b)) {
          double inside = Robust.median(e, start.at(), end.at(), 1, new double[span]);
          double score = 2 * Math.min(Math.abs(start.size()), Math.abs(end.size()))
              + Math.signum(start.size()) * inside;
          if (score > 0) {
            options.add(new int[] {a, b});
            evidence.add(score);
          }
        }
      }
    }
    // options are generated by start; the recursion needs them by end (ties: any order)
    Integer[] order = new Integer[options.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparingInt(i -> options.get(i)[1]));
    int m = order.length;
    double[] best = new double[m + 1]; // best[j]: the most evidence from the first j options by end
    int[] previous = new int[m]; // the last option (by end) that ends before option j starts, or -1
    for (int j = 0; j < m; j++) {
      int p = j - 1;
      while (p >= 0 && options.get(order[p])[1] >= options.get(order[j])[0]) {
        p--;
      }
      previous[j] = p;
      best[j + 1] = Math.max(best[j], evidence.get(order[j]) + best[p + 1]);
    }
    List<int[]> chosen = new ArrayList<>();
    for (int j = m - 1; j >= 0; ) {
      int[] o = options.get(order[j]);
      if (evidence.get(order[j]) + best[previous[j] + 1] >= best[j + 1]) {
        chosen.add(new int[] {candidates.get(o[0]).at(), candidates.get(o[1]).at(), o[0], o[1]});
        j = previous[j];
      } else {
        j--;
      }
    }
    return chosen;
  }

  /**
   * Whether the level moves with the jump at {@code t}: the median residual over the {@code k} steps
   * after it minus the median over the {@code k} steps before keeps {@value #STEP_LEVEL_SHARE} of it.
   */
  private static boolean movesLevel(double[] e, int t, int k, double size) {
    double before = Robust.median(e, t - k, t, k / 2, new double[k]);
    double after = Robust.median(e, t, t + k, k / 2, new double[k]);
    return !Double.isNaN(before) && !Double.isNaN(after)
        && (after - before) * Math.signum(size) >= STEP_LEVEL_SHARE * Math.abs(size);
  }

  private static boolean isLocalMax(double[] step, int t, int k) {
    double m = Math.abs(step[t]);
    for (int j = Math.max(0, t - k); j <= Math.min(step.length - 1, t + k); j++) {
      double other = Double.isNaN(step[j]) ? 0 : Math.abs(step[j]);
      if (other > m || (other == m && j < t)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a step between candidates a and b goes back by half of a's step or more: then a and b
   * are the start of one shift and the end of another, with normal load between them.
   */
  private static boolean stepsBackBetween(List<Step> candidates, int a, int b) {
    double size = candidates.get(a).size();
    for (int c = a + 1; c < b; c++) {
      double other = candidates.get(c).size();
      if (Math.signum(other) != Math.signum(size) && Math.abs(other) >= 0.5 * Math.abs(size)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the jump at {@code t} is still there over the next {@code k} steps: the median of the
   * cumulative changes from t on keeps at least half of it. A spike gives its jump back within an
   * hour or two; weather drifts by a few percent over {@code k} hours, rarely by half a step.
   */
  private static boolean holds(double[] change, int t, int k) {
    double[] cumulative = new double[k];
    double sum = 0;
    int m = 0;
    for (int j = t; j < t + k; j++) {
      if (!Double.isNaN(change[j])) {
        sum += change[j];
        cumulative[m++] = sum;
      }
    }
    return m > k / 2 && Robust.medianInPlace(cumulative, m) * Math.signum(change[t]) >= 0.5 * Math.abs(change[t]);
  }

  /** Whether enough of the days in [from, to) have a median residual half a step or more off {@code reference}. */
  private boolean shiftedDays(double[] e, int from, int to, double reference, double size, double share) {
    int day = 24 * sph;
    int days = Math.max(1, (to - from) / day);
    int shifted = 0;
    for (int j = 0; j < days; j++) {
      int dayEnd = j == days - 1 ? to : from + (j + 1) * day;
      double level = Robust.median(e, from + j * day, dayEnd, 1, new double[dayEnd - from - j * day]);
      shifted += (level - reference) * Math.signum(size) >= 0.5 * Math.abs(size) ? 1 : 0;
    }
    return shifted >= share * days;
  }

  /**
   * Whether a step without a reverse step lasts to the end of the series: on at least
   * {@value #PERSISTENT_DAY_SHARE} of the days after it (up to {@value #OPEN_SHIFT_CHECK_DAYS}), the
   * day's median residual differs from the level of the days before the step by half the step or more.
   */
  private boolean persists(double[] e, int from, double size) {
    int day = 24 * sph;
    int before = Math.min(from, OPEN_SHIFT_CHECK_DAYS * day);
    double reference = Robust.median(e, from - before, from, day / 2, new double[before]);
    int days = Math.min((n - from) / day, OPEN_SHIFT_CHECK_DAYS);
    return !Double.isNaN(reference) && days >= OPEN_SHIFT_MIN_HOURS / 24
        && shiftedDays(e, from, from + days * day, reference, size, PERSISTENT_DAY_SHARE);
  }

  private void reportShift(int from, int to, double logShift) {
    double fraction = Math.exp(logShift) - 1;
    double hours = hours(to - from);
    double energy = 0;
    for (int t = from; t < to; t++) {
      energy += y[t] - y[t] / Math.exp(logShift);
    }
    energy *= series.intervalMinutes() / 60.0;
    Severity severity = Severity.byThresholds(Math.abs(fraction), 0.10, 0.20)
        .atLeast(hours >= 14 * 24 ? Severity.HIGH : Severity.LOW);
    boolean open = to == n;
    String text = "Load level " + (fraction > 0 ? "up" : "down") + " by " + Figures.pct(Math.abs(fraction))
        + " against the expected profile from " + at(from) + (open ? " to the end of the history (" : " to " + at(to)
        + " (") + Figures.num(hours / 24) + " days), starting and " + (open ? "lasting" : "ending") + " within the"
        + " hour: " + Figures.num(Math.abs(energy)) + " " + unit + "h " + (energy > 0 ? "more" : "less")
        + " than at the usual level.";
    List<String> actions = new ArrayList<>();
    actions.add("Check for a metering change at " + at(from) + ": CT/VT ratio or meter constant, a replaced meter,"
        + " a feeder or customer transferred onto or off this zone.");
    actions.add(open ? "If the new level is real (new or lost large load), forecast from readings after " + at(from)
        + " only, or wait until enough history at the new level exists."
        : "If it was a temporary transfer or outage, exclude " + at(from) + " to " + at(to)
            + " from the training history; if it was a metering error, correct those readings by "
            + Figures.pct(1 / (1 + fraction) - 1) + ".");
    found.add(Anomaly.inSeries(LEVEL_SHIFT, severity, text, actions, at(from), at(to),
        Figures.of().put("shift_pct", 100 * fraction).put("duration_h", hours).put("energy", energy).map()));
  }

  // ---- spikes and drops --------------------------------------------------------------------------------

  private void spikes(double[] e, double[] change) {
    int w = STEP_WINDOW_HOURS * sph;
    double[] scratch = new double[2 * w + 1];
    double[] r = new double[n];
    for (int t = 0; t < n; t++) {
      r[t] = Double.isNaN(e[t]) ? Double.NaN : e[t] - Robust.median(e, t - w, t + w + 1, w, scratch);
    }
    double sigma = Math.max(Robust.sigma(r), 1e-3);
    int t = 0;
    while (t < n) {
      if (!flagged(r, t, sigma)) {
        t++;
        continue;
      }
      int end = t + 1;
      while (end < n && flagged(r, end, sigma) && Math.signum(r[end]) == Math.signum(r[t])) {
        end++;
      }
      if (end - t <= SPIKE_MAX_HOURS * sph && abrupt(r, change, t, end)) {
        reportSpike(t, end, r, sigma);
      }
      t = end;
    }
  }

  /** Whether the excursion [from, to) starts and ends within the hour: a glitch, not a weather swing. */
  private boolean abrupt(double[] r, double[] change, int from, int to) {
    double peak = 0;
    for (int t = from; t < to; t++) {
      peak = Math.abs(r[t]) > Math.abs(peak) ? r[t] : peak;
    }
    boolean onset = !(change[from] * Math.signum(peak) < SPIKE_ABRUPT_SHARE * Math.abs(peak));
    boolean release = to >= n || !(-change[to] * Math.signum(peak) < SPIKE_ABRUPT_SHARE * Math.abs(peak));
    return onset && release;
  }

  private boolean flagged(double[] r, int t, double sigma) {
    return !masked[t] && !Double.isNaN(r[t]) && Math.abs(r[t]) >= SPIKE_Z * sigma
        && Math.abs(Math.exp(r[t]) - 1) >= SPIKE_MIN_FRACTION;
  }

  private void reportSpike(int from, int to, double[] r, double sigma) {
    int worst = from;
    double energy = 0;
    for (int t = from; t < to; t++) {
      worst = Math.abs(r[t]) > Math.abs(r[worst]) ? t : worst;
      energy += y[t] - y[t] / Math.exp(r[t]);
    }
    energy *= series.intervalMinutes() / 60.0;
    double expected = y[worst] / Math.exp(r[worst]);
    double deviation = y[worst] / expected - 1;
    boolean up = deviation > 0;
    double hours = hours(to - from);
    Severity severity = Severity.byThresholds(Math.abs(deviation), 0.25, 0.5);
    String text = "Load " + Figures.num(y[worst]) + " " + unit + " at " + at(worst) + " is "
        + Figures.pct(Math.abs(deviation)) + (up ? " above" : " below") + " the expected " + Figures.num(expected)
        + " " + unit + " (robust z " + Figures.num(r[worst] / sigma) + ")" + (to - from > 1 ? ", " + Figures.num(hours)
        + " h from " + at(from) + " to " + at(to) : "") + "; " + Figures.num(Math.abs(energy)) + " " + unit + "h "
        + (up ? "above" : "below") + " the profile.";
    List<String> actions = List.of(
        "Check the reading" + (to - from > 1 ? "s" : "") + " of " + at(from) + (to - from > 1 ? " to " + at(to) : "")
            + " against the meter's stored interval data or a neighbouring feeder's meter.",
        up ? "If it was real (a large motor start, load switched over from another feeder), note the cause;"
            + " otherwise replace the reading so that the peak and the forecast are not inflated."
            : "If it was real (a trip, load transferred away), check the feeder's event log; otherwise replace"
                + " the reading before it is used for billing or forecasting.");
    found.add(Anomaly.inSeries(up ? SPIKE : DROP, severity, text, actions, at(from), at(to),
        Figures.of().put("observed", y[worst]).put("expected", expected).put("deviation_pct", 100 * deviation)
            .put("robust_z", r[worst] / sigma).put("duration_h", hours).put("energy", energy).map()));
  }

  // ---- what the cleaner did ----------------------------------------------------------------------------

  private void rejected() {
    List<CleaningLog.Rejected> list = log.rejected();
    if (list.isEmpty()) {
      return;
    }
    int count = list.size();
    double share = (double) count / n;
    Severity severity = share >= 0.01 ? Severity.HIGH : count >= 3 ? Severity.MEDIUM : Severity.LOW;
    StringBuilder text = new StringBuilder().append(count).append(count == 1 ? " reading was" : " readings were")
        .append(" rejected as impossible and replaced by interpolation: ");
    List<String> examples = new ArrayList<>();
    for (CleaningLog.Rejected r : list.subList(0, Math.min(5, count))) {
      examples.add(Figures.num(r.value()) + " " + unit + " at " + at(r.step()) + " (" + r.reason() + ")");
    }
    text.append(String.join("; ", examples)).append(count > 5 ? "; and " + (count - 5) + " more." : ".");
    found.add(Anomaly.inSeries(REJECTED, severity, text.toString(), List.of(
            "Fix the source of the impossible readings (a sign convention for export, a kW/W or kW/MW unit slip, a"
                + " register overflow) at the meter or in the export that produced this history.",
            "Resend the corrected readings; the forecast used interpolated values in their place."),
        at(list.get(0).step()), at(list.get(count - 1).step() + 1),
        Figures.of().put("rejected", count).put("share_pct", 100 * share).map()));
  }

  private void missing() {
    java.util.Set<Integer> rejectedSteps = new java.util.HashSet<>();
    log.rejected().forEach(r -> rejectedSteps.add(r.step()));
    int steps = 0;
    int longest = 0;
    int longestAt = -1;
    int i = 0;
    while (i < n) {
      if (!log.filled(i) || rejectedSteps.contains(i)) {
        i++;
        continue;
      }
      int end = i;
      while (end < n && log.filled(end) && !rejectedSteps.contains(end)) {
        end++;
      }
      steps += end - i;
      if (end - i > longest) {
        longest = end - i;
        longestAt = i;
      }
      i = end;
    }
    if (steps == 0) {
      return;
    }
    double longestHours = hours(longest);
    Severity severity = Severity.byThresholds(longestHours, 24, 24 * 7);
    String text = steps + " missing reading" + (steps == 1 ? " was" : "s were") + " filled by linear interpolation;"
        + " the longest gap is " + Figures.num(longestHours) + " h from " + at(longestAt) + " to "
        + at(longestAt + longest) + ".";
    found.add(Anomaly.inSeries(MISSING, severity, text, List.of(
            "Resend the history with the readings of " + at(longestAt) + " to " + at(longestAt + longest)
                + " from the meter's storage or the MDM system.",
            "One missing hour each spring is the daylight-saving change on local timestamps and needs no action."),
        at(longestAt), at(longestAt + longest), Figures.of().put("missing_steps", steps)
            .put("longest_gap_h", longestHours).map()));
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  private OffsetDateTime at(int step) {
    return series.timeAt(step).atOffset(series.offset());
  }

  private double hours(int steps) {
    return steps * series.intervalMinutes() / 60.0;
  }

  private double mean(int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += y[i];
    }
    return s / (to - from);
  }

  private double min(int from, int to) {
    double m = Double.POSITIVE_INFINITY;
    for (int i = from; i < to; i++) {
      m = Math.min(m, y[i]);
    }
    return m;
  }
}
