package io.gridopt.solver.forecast;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * The regressors of the profile models for a forecast made at origin {@code o} (the first step not
 * seen) for lead {@code j} (target step {@code o + j}): the hourly profile of the 24 hours before
 * the origin (and of the 24 hours before those), the target's own step on earlier days, the
 * target's day type, whether it is a holiday, and (with a year of history) its place in the annual
 * cycle. Only values before {@code o} are ever read.
 *
 * <p>Holidays count as Sundays (the baseline day type), which is right for the days most
 * businesses close; the extra holiday column lets the regression learn from the holidays in the
 * history how far the calendar's holidays really differ from a Sunday (in the US, Veterans Day or
 * Presidents' Day hardly lower the load). Without a holiday in the history it stays at zero.
 */
final class DayFeatures {
  private static final int[] LAG_CANDIDATES = {1, 2, 7, 14};
  /** A lag of d days costs d days of training samples; keep three weeks of them at least. */
  private static final int MIN_SAMPLES_DAYS = 21;
  /** The second day of profile pays off only with enough history to estimate its 24 weights. */
  private static final int TWO_DAY_PROFILE_MIN_DAYS = 56;
  static final int DAY_TYPE_COLUMNS = 6;
  /** The annual cycle is fitted only from eleven months of history on: shorter, it extrapolates. */
  private static final int ANNUAL_MIN_DAYS = 330;
  private static final double DAYS_PER_YEAR = 365.25;

  final int stepsPerDay;
  final int stepsPerHour;
  final int profileDays;
  private final int historyDays;
  private final boolean annualCycle;
  /** lags by lead day (0..7): computed once, read for every sample. */
  private final int[][] lagsByLeadDay = new int[8][];

  /**
   * @param oneDayProfile only the last 24 hours' profile, whatever the history: with temperature
   *     features the day before adds little and the fit costs the square of the columns
   */
  DayFeatures(int stepsPerDay, int historyDays, boolean oneDayProfile) {
    this.stepsPerDay = stepsPerDay;
    this.stepsPerHour = stepsPerDay / 24;
    this.historyDays = historyDays;
    this.profileDays = historyDays >= TWO_DAY_PROFILE_MIN_DAYS && !oneDayProfile ? 2 : 1;
    this.annualCycle = historyDays >= ANNUAL_MIN_DAYS;
    for (int k = 0; k < lagsByLeadDay.length; k++) {
      int leadDay = k;
      lagsByLeadDay[k] = java.util.stream.IntStream.concat(
              java.util.stream.IntStream.of(leadDay + 1, leadDay + 2), Arrays.stream(LAG_CANDIDATES))
          .filter(d -> d > leadDay)
          .filter(d -> d <= leadDay + 2 || historyDays - d >= MIN_SAMPLES_DAYS)
          .distinct().sorted().toArray();
    }
  }

  /**
   * Daily lags of the target step usable at lead {@code j}: the nearest two days before the origin
   * on the same step, and the same step one and two weeks before, when history leaves enough
   * training samples.
   */
  int[] lags(int j) {
    return lagsByLeadDay[j / stepsPerDay]; // lead day 0 = the day that starts at the origin
  }

  /** Steps before the origin that the features of lead {@code j} read. */
  int reach(int j) {
    int maxLag = Arrays.stream(lags(j)).max().orElse(1);
    return Math.max(profileDays * stepsPerDay, maxLag * stepsPerDay - j);
  }

  /** Columns of {@link #fillCalendar}: the same for every lead of one target day. */
  int calendarSize() {
    return DAY_TYPE_COLUMNS + 1 + (annualCycle ? 2 : 0);
  }

  int profileSize() {
    return profileDays * 24;
  }

  /** Mean load of the 24 hours before the origin: the level relative features are scaled by. */
  double level(double[] v, int o) {
    double sum = 0;
    for (int i = o - stepsPerDay; i < o; i++) {
      sum += v[i];
    }
    return sum / stepsPerDay;
  }

  /** Hourly profile before origin {@code o}, hour 0 = the last hour, divided by {@code scale}. */
  void profile(double[] v, int o, double scale, double[] out) {
    for (int h = 0; h < profileSize(); h++) {
      int from = o - (h + 1) * stepsPerHour;
      double sum = 0;
      for (int i = from; i < from + stepsPerHour; i++) {
        sum += v[i];
      }
      out[h] = sum / stepsPerHour / scale;
    }
  }

  /** Writes the target day's type, holiday and annual-cycle columns from {@code c} on; returns the next column. */
  int fillCalendar(LocalDate targetDate, Holidays holidays, double[] out, int c) {
    int dayType = dayType(targetDate, holidays);
    for (int k = 0; k < DAY_TYPE_COLUMNS; k++) {
      out[c++] = dayType == k ? 1.0 : 0.0;
    }
    out[c++] = holidays.contains(targetDate) ? 1.0 : 0.0;
    if (annualCycle) {
      double angle = 2 * Math.PI * targetDate.getDayOfYear() / DAYS_PER_YEAR;
      out[c++] = Math.cos(angle);
      out[c++] = Math.sin(angle);
    }
    return c;
  }

  /**
   * Writes the daily lags of target step {@code o + j} (load divided by {@code scale}) from
   * {@code c} on; returns the next column.
   */
  int fillLags(double[] v, int o, int j, LocalDate targetDate, Holidays holidays, double scale, double[] out, int c) {
    int dayType = dayType(targetDate, holidays);
    for (int d : lags(j)) {
      out[c++] = v[o + j - sameTypeLag(d, o + j, targetDate, dayType, holidays) * stepsPerDay] / scale;
    }
    return c;
  }

  /**
   * A weekly lag moved back to the nearest earlier day of the target's day type: a holiday is
   * compared with the last Sunday before it, and the Thursday after Thanksgiving with the Thursday
   * before it, not with the holiday. Falls back to {@code d} where history does not reach.
   */
  private int sameTypeLag(int d, int target, LocalDate targetDate, int dayType, Holidays holidays) {
    if (d < 7) {
      return d;
    }
    for (int dd = d; dd < d + 7 && target - dd * stepsPerDay >= 0; dd++) {
      if (dayType(targetDate.minusDays(dd), holidays) == dayType) {
        return dd;
      }
    }
    return d;
  }

  /** Monday = 0 .. Saturday = 5, Sunday and public holidays = 6 (the baseline, no column). */
  static int dayType(LocalDate date, Holidays holidays) {
    if (holidays.contains(date) || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
      return 6;
    }
    return date.getDayOfWeek().getValue() - 1;
  }
}
