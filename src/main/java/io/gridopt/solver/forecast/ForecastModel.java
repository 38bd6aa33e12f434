package io.gridopt.solver.forecast;

/**
 * One forecasting method. {@link #fit} learns from a history only; the {@link Predictor} it returns
 * forecasts the steps right after the end of whatever series it is given (the fitted history, or
 * a longer prefix of the same calendar in a rolling-origin backtest). Models receive only the
 * values they may see, so no value at or after the forecast origin can leak into a forecast.
 */
public interface ForecastModel {

  String name();

  /** Days of history {@link #fit} needs for a forecast of {@code horizonSteps}. */
  int minHistoryDays(int horizonSteps, int stepsPerDay);

  Predictor fit(LoadSeries history, Holidays holidays, int horizonSteps);

  /**
   * The model as the backtest fits it. The backtest's forecasts read the observed temperatures of
   * its days, so a weather model there learns from observed ones, without the request's
   * temperature-forecast error. Models without weather are their own.
   */
  default ForecastModel forBacktest() {
    return this;
  }

  /** Forecasts {@code horizonSteps} values following the end of {@code history}. */
  @FunctionalInterface
  interface Predictor {
    /**
     * @param horizonTemperaturesF the horizon's temperatures, replacing those the model was given
     *     (to see how a weather-forecast error moves the forecast); null to use the model's own.
     *     Models without weather ignore them.
     */
    double[] predict(LoadSeries history, double[] horizonTemperaturesF);

    default double[] predict(LoadSeries history) {
      return predict(history, null);
    }
  }
}
