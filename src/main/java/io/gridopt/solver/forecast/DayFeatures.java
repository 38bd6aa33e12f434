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

  /** Calendar days after the history's first day whose types are looked up once, in the constructor. */
  private static final int TYPED_DAYS_AHEAD = 64;

  private final Holidays holidays;
  /**
   * The holidays with a column of their own: each holiday of the history, one column per name, 1 on
   * its days. With the weather in other columns, the column learns how far that holiday (not the
   * average holiday) stood from the day type and temperature the model predicts: Thanksgiving falls
   * about 10 % below a Sunday of its temperature, Presidents' Day is nearly a weekday, and one
   * shared holiday column averages the two. Only with weather: without it, last year's holiday's
   * residual carries last year's weather.
   */
  private final java.util.List<String> holidayNames;
  /**
   * Whether the calendar columns around holidays are added (with the per-holiday columns): a holiday
   * on which offices open, a long weekend's Saturday or Sunday, a short working day. Unlike a
   * holiday's own column they are learned from every such day of the history, so they hold when
   * last year's instance of the forecast day's holiday lies too early in the history to train on.
   */
  private final boolean calendarEffects;
  static final int CALENDAR_EFFECT_COLUMNS = 3;
  private final long firstEpochDay;
  /** Day types from the history's first day on: the weekly lags ask for the same days again and again. */
  private final int[] dayTypes;

  /**
   * @param oneDayProfile only the last 24 hours' profile, whatever the history: with temperature
   *     features the day before adds little and the fit costs the square of the columns
   * @param firstDate the date of the history's first step
   * @param holidayColumns a column per holiday of the history (see {@link #holidayNames})
   */
  DayFeatures(int stepsPerDay, int historyDays, boolean oneDayProfile, LocalDate firstDate, Holidays holidays,
      boolean holidayColumns) {
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
    this.holidays = holidays;
    java.util.List<String> names = holidayColumns
        ? holidays.namesBetween(firstDate, firstDate.plusDays(historyDays - 1)) : java.util.List.of();
    // one kind of holiday (an explicit date list) is what the shared column already is
    this.holidayNames = names.size() > 1 ? names : java.util.List.of();
    this.calendarEffects = holidayColumns;
    this.firstEpochDay = firstDate.toEpochDay();
    this.dayTypes = new int[historyDays + 1 + TYPED_DAYS_AHEAD];
    for (int d = 0; d < dayTypes.length; d++) {
      dayTypes[d] = dayType(firstDate.plusDays(d), holidays);
    }
  }

  /** The day type of an epoch day. */
  private int typeOf(long epochDay) {
    long d = epochDay - firstEpochDay;
    return d >= 0 && d < dayTypes.length ? dayTypes[(int) d] : dayType(LocalDate.ofEpochDay(epochDay), holidays);
  }

  /**
   * What the features of a target day read of its calendar, looked up once for all its leads.
   *
   * @param type see {@link #dayType}
   * @param holidayColumn the day's holiday's column among {@link #holidayNames}, -1 for none
   * @param seasonCos cos of the day's angle in the year (2 pi day-of-year / 365.25), seasonSin its sin
   */
  record Target(long epochDay, int type, boolean holiday, int holidayColumn, double seasonCos, double seasonSin,
      boolean officesOpenHoliday, boolean holidayWeekend, boolean shortWorkday) {

    /** Sundays and holidays: offices and shops closed. */
    boolean dayOff() {
      return type == DAY_TYPE_COLUMNS;
    }
  }

  Target target(LocalDate date) {
    long epochDay = date.toEpochDay();
    double angle = 2 * Math.PI * date.getDayOfYear() / DAYS_PER_YEAR;
    String holiday = holidays.nameOf(date);
    return new Target(epochDay, typeOf(epochDay), holiday != null, holiday == null ? -1 : holidayNames.indexOf(holiday),
        Math.cos(angle), Math.sin(angle), calendarEffects && holidays.officesOpen(date),
        calendarEffects && holidayWeekend(date), calendarEffects && shortWorkday(date));
  }

  /** A Saturday or Sunday of a long weekend: next to a Friday or Monday holiday (many travel, offices stay shut). */
  private boolean holidayWeekend(LocalDate date) {
    return switch (date.getDayOfWeek()) {
      case SATURDAY -> holidays.contains(date.minusDays(1)) || holidays.contains(date.plusDays(2));
      case SUNDAY -> holidays.contains(date.plusDays(1)) || holidays.contains(date.minusDays(2));
      default -> false;
    };
  }

  /**
   * A working day that many take off: the bridge between a holiday and the weekend (the Friday after
   * Thanksgiving) and the eves of Christmas and New Year.
   */
  private boolean shortWorkday(LocalDate date) {
    DayOfWeek dow = date.getDayOfWeek();
    if (holidays.contains(date) || dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
      return false;
    }
    boolean bridge = dow == DayOfWeek.FRIDAY && holidays.contains(date.minusDays(1))
        || dow == DayOfWeek.MONDAY && holidays.contains(date.plusDays(1));
    return bridge || holidays.isEve(date);
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
    return DAY_TYPE_COLUMNS + 1 + holidayNames.size() + (calendarEffects ? CALENDAR_EFFECT_COLUMNS : 0)
        + (annualCycle ? 2 : 0);
  }

  /** First column of the per-holiday columns within {@link #fillCalendar}'s, and their count. */
  int holidayNameColumnsFrom() {
    return DAY_TYPE_COLUMNS + 1;
  }

  int holidayNameColumns() {
    return holidayNames.size();
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
  int fillCalendar(Target target, double[] out, int c) {
    for (int k = 0; k < DAY_TYPE_COLUMNS; k++) {
      out[c++] = target.type() == k ? 1.0 : 0.0;
    }
    out[c++] = target.holiday() ? 1.0 : 0.0;
    for (int k = 0; k < holidayNames.size(); k++) {
      out[c++] = target.holidayColumn() == k ? 1.0 : 0.0;
    }
    if (calendarEffects) {
      out[c++] = target.officesOpenHoliday() ? 1.0 : 0.0;
      out[c++] = target.holidayWeekend() ? 1.0 : 0.0;
      out[c++] = target.shortWorkday() ? 1.0 : 0.0;
    }
    if (annualCycle) {
      out[c++] = target.seasonCos();
      out[c++] = target.seasonSin();
    }
    return c;
  }

  /**
   * Writes the daily lags of target step {@code o + j} (load divided by {@code scale}) from
   * {@code c} on; returns the next column.
   */
  int fillLags(double[] v, int o, int j, Target target, double scale, double[] out, int c) {
    for (int d : lags(j)) {
      out[c++] = v[o + j - sameTypeLag(d, o + j, target) * stepsPerDay] / scale;
    }
    return c;
  }

  /**
   * A weekly lag moved back to the nearest earlier day of the target's day type: a holiday is
   * compared with the last Sunday before it, and the Thursday after Thanksgiving with the Thursday
   * before it, not with the holiday. Falls back to {@code d} where history does not reach.
   */
  private int sameTypeLag(int d, int targetStep, Target target) {
    if (d < 7) {
      return d;
    }
    for (int dd = d; dd < d + 7 && targetStep - dd * stepsPerDay >= 0; dd++) {
      if (typeOf(target.epochDay() - dd) == target.type()) {
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
