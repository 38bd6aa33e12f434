package io.gridopt.solver.forecast;

import java.time.LocalDate;
import java.util.Set;

/**
 * A validated forecast request: the cleaned history (in {@code unit}), the horizon, the quantiles
 * to report, the model ("auto" or a name of {@link Forecaster#modelNames()}) and the holidays,
 * either explicit dates or a country whose public-holiday calendar is looked up when solving;
 * optionally temperatures ({@code weather}, null without) and how many history steps had theirs filled.
 */
public record ForecastProblem(String region, CleanHistory history, LoadUnit unit, int horizonHours,
    double[] quantiles, String model, Set<LocalDate> holidayDates, String holidayCountry, Weather weather,
    int temperaturesFilled) {

  /** Without weather. */
  public ForecastProblem(String region, CleanHistory history, LoadUnit unit, int horizonHours, double[] quantiles,
      String model, Set<LocalDate> holidayDates, String holidayCountry) {
    this(region, history, unit, horizonHours, quantiles, model, holidayDates, holidayCountry, null, 0);
  }

  public int horizonSteps() {
    return horizonHours * history.series().stepsPerHour();
  }

  /** The holiday calendar covering the history and the forecast days. */
  public Holidays holidays() {
    LoadSeries s = history.series();
    if (holidayCountry != null) {
      return Holidays.ofCountry(holidayCountry, s.dateAt(0), s.dateAt(s.size() + horizonSteps()).plusDays(1));
    }
    return holidayDates.isEmpty() ? Holidays.NONE : Holidays.of(holidayDates);
  }

  public ForecastResult solve() {
    return Forecaster.forecast(history.series(), weather, holidays(), horizonSteps(), quantiles, model);
  }
}
