package io.gridopt.solver.forecast;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * A complete, regular load series on local wall-clock time: value {@code i} belongs to
 * {@code start + i * intervalMinutes}. Wall-clock time, not instants, because load follows the
 * clock of the people using it (the autumn DST hour is one label, the spring one is a gap).
 * {@code offset} is the UTC offset written on timestamps derived from this series.
 */
public record LoadSeries(LocalDateTime start, ZoneOffset offset, int intervalMinutes, double[] values) {

  public LoadSeries {
    if (1440 % intervalMinutes != 0) {
      throw new IllegalArgumentException("interval must divide a day: " + intervalMinutes);
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("a clean series has no missing values");
      }
    }
  }

  public int size() {
    return values.length;
  }

  public int stepsPerDay() {
    return 1440 / intervalMinutes;
  }

  public int stepsPerHour() {
    return 60 / intervalMinutes;
  }

  public LocalDateTime timeAt(int index) {
    return start.plusMinutes((long) index * intervalMinutes);
  }

  public LocalDate dateAt(int index) {
    return timeAt(index).toLocalDate();
  }

  /** The first {@code n} values: what a model may see when it forecasts from step {@code n}. */
  public LoadSeries head(int n) {
    return new LoadSeries(start, offset, intervalMinutes, Arrays.copyOf(values, n));
  }

  /** The last {@code n} values. */
  public LoadSeries tail(int n) {
    int from = values.length - n;
    return new LoadSeries(timeAt(from), offset, intervalMinutes, Arrays.copyOfRange(values, from, values.length));
  }
}
