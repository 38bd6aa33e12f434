package io.gridopt.solver.forecast;

/**
 * Temperatures for a forecast, in degrees Fahrenheit (the service converts Celsius on input):
 * one observed reading per history step, aligned with the cleaned history, and one forecast value
 * per horizon step. {@code forecastSdF} is the typical error of that forecast; the quantiles are
 * widened by what an error of that size does to the chosen model's forecast.
 */
public record Weather(double[] temperatureF, double[] forecastF, double forecastSdF) {
  /** Typical error of a day-ahead temperature forecast when the request does not give one. */
  public static final double DEFAULT_FORECAST_SD_F = 2.5;

  public Weather {
    for (double t : temperatureF) {
      if (!Double.isFinite(t)) {
        throw new IllegalArgumentException("observed temperatures must be complete (fill gaps first)");
      }
    }
    for (double t : forecastF) {
      if (!Double.isFinite(t)) {
        throw new IllegalArgumentException("forecast temperatures must be complete");
      }
    }
    if (!(forecastSdF >= 0)) {
      throw new IllegalArgumentException("forecast error must be >= 0: " + forecastSdF);
    }
  }

  /** History temperatures followed by the forecast: index i belongs to history step i. */
  double[] combined() {
    double[] all = java.util.Arrays.copyOf(temperatureF, temperatureF.length + forecastF.length);
    System.arraycopy(forecastF, 0, all, temperatureF.length, forecastF.length);
    return all;
  }
}
