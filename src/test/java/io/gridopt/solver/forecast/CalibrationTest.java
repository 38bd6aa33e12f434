package io.gridopt.solver.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 80 % band, refitted day after day as in use, holds about 80 % of outcomes it has not seen. */
class CalibrationTest {
  private static final double[] QS = {0.1, 0.5, 0.9};
  private static final LocalDateTime START = LocalDateTime.of(2023, 1, 1, 0, 0);

  /** Share of the next day's outcomes inside the 0.1..0.9 band, over {@code testDays} successive days. */
  private interface DayAhead {
    ForecastResult forecast(int origin);
  }

  private static double coverage(double[] outcomes, int firstOrigin, int testDays, DayAhead model) {
    int inside = 0;
    for (int d = 0; d < testDays; d++) {
      int o = firstOrigin + d * 24;
      ForecastResult r = model.forecast(o);
      for (int j = 0; j < 24; j++) {
        double y = outcomes[o + j];
        inside += y >= r.quantiles().get(0.1)[j] && y <= r.quantiles().get(0.9)[j] ? 1 : 0;
      }
    }
    return inside / (24.0 * testDays);
  }

  @Test
  void loadOnlyBandCoversAboutEightyPercentOfNewDaysWithKnownNoise() {
    // a weekly profile times independent 4 % gaussian noise: 80 % of outcomes lie within +-5.1 %
    Random rnd = new Random(11);
    int history = 91;
    int testDays = 60;
    double[] v = new double[(history + testDays) * 24];
    for (int i = 0; i < v.length; i++) {
      double weekday = (i / 24) % 7 >= 5 ? 0.85 : 1.0;
      v[i] = weekday * (1000 + 200 * Math.sin(2 * Math.PI * (i % 24 - 8) / 24.0)) * (1 + 0.04 * rnd.nextGaussian());
    }
    double cov = coverage(v, history * 24, testDays, o -> Forecaster.forecast(
        new LoadSeries(START, ZoneOffset.UTC, 60, Arrays.copyOfRange(v, o - history * 24, o)), Holidays.NONE, 24, QS,
        "auto"));
    // 1440 outcomes, independent: binomial standard error 0.011
    assertThat(cov).isBetween(0.76, 0.84);
  }

  @Test
  void weatherBandCoversAboutEightyPercentWhenTheTemperatureForecastErrsAsDeclared() {
    // load answers temperature at 12 MW/F; the forecast temperatures err by an AR(1) path of 3 F
    // (hour-to-hour 0.8), as declared; the load's own noise is 1 %: the weather error dominates
    int history = 200;
    int testDays = 60;
    double[] temps = WeatherForecastTest.temperatures((history + testDays) * 24, 3);
    Random rnd = new Random(5);
    double[] v = WeatherForecastTest.load(temps, (t, h) -> (1000 + 100 * WeatherForecastTest.shape(h)
        + 12 * Math.abs(t - 62)) * (1 + 0.01 * rnd.nextGaussian()));
    Random err = new Random(17);
    double sdF = 3;
    double cov = coverage(v, history * 24, testDays, o -> {
      double[] forecast = Arrays.copyOfRange(temps, o, o + 24);
      double e = sdF * err.nextGaussian();
      for (int j = 0; j < 24; j++) {
        e = j == 0 ? e : 0.8 * e + sdF * 0.6 * err.nextGaussian();
        forecast[j] += e;
      }
      Weather w = new Weather(Arrays.copyOfRange(temps, o - history * 24, o), forecast, sdF);
      return Forecaster.forecast(new LoadSeries(START.plusHours(o - history * 24), ZoneOffset.UTC, 60,
          Arrays.copyOfRange(v, o - history * 24, o)), w, Holidays.NONE, 24, QS, "weather_ridge");
    });
    // the day's errors move together (one temperature error path a day): about 60 independent
    // draws, standard error near 0.03
    assertThat(cov).isBetween(0.72, 0.88);
  }
}
