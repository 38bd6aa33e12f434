package io.gridopt.solver.forecast;

/**
 * Repeats the last observed period: the last day (daily) or the last week (weekly). The weekly
 * one is also the scale of MASE.
 */
public record SeasonalNaive(String name, int periodDays) implements ForecastModel {
  public static final SeasonalNaive DAILY = new SeasonalNaive("seasonal_naive_daily", 1);
  public static final SeasonalNaive WEEKLY = new SeasonalNaive("seasonal_naive_weekly", 7);

  @Override
  public int minHistoryDays(int horizonSteps, int stepsPerDay) {
    return periodDays;
  }

  @Override
  public Predictor fit(LoadSeries history, Holidays holidays, int horizonSteps) {
    return (series, horizonTemperaturesF) -> forecast(series.values(), series.stepsPerDay() * periodDays, horizonSteps);
  }

  static double[] forecast(double[] values, int period, int horizonSteps) {
    double[] out = new double[horizonSteps];
    int n = values.length;
    for (int j = 0; j < horizonSteps; j++) {
      // the same phase of the last observed period, stepping back whole periods past the origin
      int back = (j / period + 1) * period;
      out[j] = values[n + j - back];
    }
    return out;
  }
}
