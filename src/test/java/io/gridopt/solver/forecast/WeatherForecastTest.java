package io.gridopt.solver.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

class WeatherForecastTest {
  private static final double[] QS = {0.1, 0.5, 0.9};
  private static final LocalDateTime START = LocalDateTime.of(2023, 1, 1, 0, 0);

  /**
   * Hourly temperatures in F: an annual cycle (coldest mid-January, 30..90 F), a daily one (warmest
   * at 15:00) and a day-to-day weather anomaly that persists a few days, so temperature is not a
   * function of the calendar.
   */
  static double[] temperatures(int hours, long seed) {
    Random rnd = new Random(seed);
    double[] t = new double[hours];
    double anomaly = 0;
    for (int i = 0; i < hours; i++) {
      if (i % 24 == 0) {
        anomaly = 0.7 * anomaly + 5 * rnd.nextGaussian();
      }
      double day = i / 24.0;
      t[i] = 60 - 30 * Math.cos(2 * Math.PI * (day - 15) / 365.25) + 8 * Math.sin(2 * Math.PI * (i % 24 - 9) / 24.0)
          + anomaly;
    }
    return t;
  }

  /** Load as {@code f(temperature, hour)} of every step. */
  static double[] load(double[] temps, DoubleBinaryOperator f) {
    double[] v = new double[temps.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(temps[i], i % 24);
    }
    return v;
  }

  static double shape(double hour) {
    return Math.sin(2 * Math.PI * (hour - 6) / 24.0);
  }

  @Test
  void loadThatIsAnExactFunctionOfTemperatureAndHourIsRecovered() {
    int days = 400;
    double[] temps = temperatures((days + 1) * 24, 7);
    // heating and cooling both raise load: quadratic in temperature around 62 F, plus a daily shape
    DoubleBinaryOperator truth = (t, h) -> 1000 + 150 * shape(h) + 0.8 * (t - 62) * (t - 62);
    double[] all = load(temps, truth);
    LoadSeries history = new LoadSeries(START, ZoneOffset.UTC, 60, Arrays.copyOf(all, days * 24));
    Weather weather = new Weather(Arrays.copyOf(temps, days * 24), Arrays.copyOfRange(temps, days * 24, (days + 1) * 24),
        0);
    ForecastResult r = Forecaster.forecast(history, weather, Holidays.NONE, 24, QS, "auto");
    assertThat(r.model()).startsWith("weather_");
    for (int j = 0; j < 24; j++) {
      assertThat(r.point()[j]).isCloseTo(all[days * 24 + j], within(0.005 * all[days * 24 + j]));
    }
    assertThat(r.backtest().mapePct()).isLessThan(0.5);
    // without weather the same history forecasts the day far worse: the level is the weather's
    ForecastResult loadOnly = Forecaster.forecast(history, Holidays.NONE, 24, QS, "auto");
    assertThat(loadOnly.backtest().mapePct()).isGreaterThan(5 * r.backtest().mapePct());
    assertThat(r.reason()).contains("best without weather");
  }

  /** Days of history that end on 2024-07-13: the forecast day is in summer. */
  private static final int SUMMER_DAYS = 560;

  /** Load that cools above 65 F, 12 MW per degree, times 1 + {@code noiseShare} of Gaussian noise. */
  private static double[] summerLoad(double[] temps, double noiseShare) {
    Random noise = new Random(3);
    return load(temps, (t, h) -> (1000 + 100 * shape(h) + 12 * Math.max(t - 65, 0))
        * (1 + noiseShare * noise.nextGaussian()));
  }

  @Test
  void aHeatWaveRaisesTheForecastAsTheHistorysResponseSays() {
    int days = SUMMER_DAYS;
    double[] temps = temperatures((days + 1) * 24, 11);
    double[] all = summerLoad(temps, 0.01);
    LoadSeries history = new LoadSeries(START, ZoneOffset.UTC, 60, Arrays.copyOf(all, days * 24));
    double[] observed = Arrays.copyOf(temps, days * 24);
    double[] normal = new double[24];
    double[] heatWave = new double[24];
    for (int j = 0; j < 24; j++) {
      normal[j] = 78 + 8 * Math.sin(2 * Math.PI * (j - 9) / 24.0);
      heatWave[j] = normal[j] + 12;
    }
    ForecastResult usual = Forecaster.forecast(history, new Weather(observed, normal, 0), Holidays.NONE, 24, QS,
        "weather_ensemble");
    ForecastResult hot = Forecaster.forecast(history, new Weather(observed, heatWave, 0), Holidays.NONE, 24, QS,
        "weather_ensemble");
    double rise = 0;
    for (int j = 0; j < 24; j++) {
      assertThat(hot.point()[j]).isGreaterThan(usual.point()[j]);
      rise += (hot.point()[j] - usual.point()[j]) / 24;
    }
    // every hour is above 65 F in both: 12 degrees more cost 12 * 12 = 144 MW
    assertThat(rise).isCloseTo(144, within(0.2 * 144));
  }

  @Test
  void anUncertainTemperatureForecastWidensTheBandAndBarelyMovesThePoint() {
    ForecastResult[] sureAndUnsure = sureAndUnsure(400, "weather_ridge");
    ForecastResult sure = sureAndUnsure[0];
    ForecastResult unsure = sureAndUnsure[1];
    for (int j = 0; j < 24; j++) {
      // fitted on forecast-like inputs, the point shrinks the temperature response a little, no more
      assertThat(unsure.point()[j]).isCloseTo(sure.point()[j], within(0.02 * sure.point()[j]));
      double sureWidth = sure.quantiles().get(0.9)[j] - sure.quantiles().get(0.1)[j];
      double unsureWidth = unsure.quantiles().get(0.9)[j] - unsure.quantiles().get(0.1)[j];
      // 5 F of error at 10 MW per degree: about 50 MW of standard deviation, 128 MW more of 80 % band
      // if the model read only the hour's temperature; it also reads the day's and the neighbouring
      // hours', whose errors partly average out, and, fitted on forecast-like inputs, it shrinks its
      // response to them: still at least 35 MW more, about twice the sure band
      assertThat(unsureWidth).isGreaterThan(sureWidth + 35);
    }
  }

  @Test
  void theBacktestScoresTheModelsOnObservedTemperaturesWhateverTheForecastsError() {
    ForecastResult[] sureAndUnsure = sureAndUnsure(200, "auto");
    ForecastResult sure = sureAndUnsure[0];
    ForecastResult unsure = sureAndUnsure[1];
    // the backtest days' temperatures are observations, so the models are trained and scored on
    // observations there; only the final fit learns from forecast-like inputs
    assertThat(unsure.candidates()).isEqualTo(sure.candidates());
    assertThat(unsure.model()).isEqualTo(sure.model());
    assertThat(unsure.backtest().mapePct()).isEqualTo(sure.backtest().mapePct());
  }

  /**
   * {@code model}'s forecasts after {@code days} of a load 10 MW per degree away from 62 F (1 % noise),
   * with the forecast day's temperatures given as certain and with a 5 F forecast error.
   */
  private static ForecastResult[] sureAndUnsure(int days, String model) {
    double[] temps = temperatures((days + 1) * 24, 5);
    Random noise = new Random(9);
    double[] all = load(temps, (t, h) -> (1000 + 100 * shape(h) + 10 * Math.abs(t - 62))
        * (1 + 0.01 * noise.nextGaussian()));
    LoadSeries history = new LoadSeries(START, ZoneOffset.UTC, 60, Arrays.copyOf(all, days * 24));
    double[] observed = Arrays.copyOf(temps, days * 24);
    double[] forecast = Arrays.copyOfRange(temps, days * 24, (days + 1) * 24);
    return new ForecastResult[] {
        Forecaster.forecast(history, new Weather(observed, forecast, 0), Holidays.NONE, 24, QS, model),
        Forecaster.forecast(history, new Weather(observed, forecast, 5), Holidays.NONE, 24, QS, model)};
  }

  @Test
  void daysTheFitMissesFarMoreThanTheMedianDayWeighLess() {
    double[] weights = ProfileRidge.robustDayWeights(new double[] {0.01, 0.01, 0.02, 0.01, 0.10});
    // the median miss is 0.01: up to 0.015 a day keeps its weight, beyond it weighs 0.015 / its miss
    assertThat(weights).containsExactly(new double[] {1, 1, 0.75, 1, 0.15}, within(1e-12));
    // most days fitted exactly: no scale to judge the rest by, so all keep their weight
    assertThat(ProfileRidge.robustDayWeights(new double[] {0, 0, 0, 0.01})).containsExactly(1, 1, 1, 1);
  }

  @Test
  void eachHolidayIsForecastFromItsOwnPastNotFromTheAverageHoliday() {
    LocalDate thanksgiving = LocalDate.of(2024, 11, 28);
    // Thanksgiving draws 60 % of a working day; the other closing holidays and weekends 85 %; Martin
    // Luther King Day, Presidents' Day and Veterans Day are working days
    double mape = holidayMape(thanksgiving, 730, 13, (holiday, weekend) -> "THANKSGIVING".equals(holiday) ? 0.6
        : holiday != null && !List.of("MARTIN_LUTHER_KING", "PRESIDENTS_DAY", "VETERANS_DAY").contains(holiday)
            || weekend ? 0.85 : 1.0);
    // last year's Thanksgiving says 60 % of a working day; one column shared by all holidays forecast
    // the day 50 % too high (a weekend-like day). The holiday's own column is penalized (one instance
    // also carries that day's weather and noise), so a fifth of the gap remains: about 10 %.
    assertThat(mape).isLessThan(0.12);
  }

  @Test
  void lastYearsHolidayOnTheHistorysFirstDayStillTeachesItsDepth() {
    LocalDate christmas = LocalDate.of(2024, 12, 25);
    assertThat(christmas.minusDays(366)).isEqualTo(LocalDate.of(2023, 12, 25)); // 2024 is a leap year
    // Christmas draws half a working day; the other holidays and weekends 85 %
    double mape = holidayMape(christmas, 366, 23, (holiday, weekend) -> "CHRISTMAS".equals(holiday) ? 0.5
        : holiday != null || weekend ? 0.85 : 1.0);
    // the history starts on last Christmas, whose lags it lacks: forecast like the other holidays
    // (85 %), the day would be 70 % too high; trained on last Christmas, it is within a quarter of
    // the truth even with the holiday's own column penalized
    assertThat(mape).isLessThan(0.25);
  }

  @Test
  void stormOutagesOnTheHottestDaysDoNotTeachThatHeatLowersLoad() {
    int days = SUMMER_DAYS;
    double[] temps = temperatures((days + 1) * 24, 11);
    double[] all = summerLoad(temps, 0.005);
    // thunderstorms come with the heat: on the ten hottest days of the history the lines are down and
    // load falls by 40 %, which nothing in the temperature or the calendar explains
    Integer[] byHeat = new Integer[days];
    for (int d = 0; d < days; d++) {
      byHeat[d] = d;
    }
    Arrays.sort(byHeat, (p, q) -> Double.compare(dailyMax(temps, q), dailyMax(temps, p)));
    double[] stormy = all.clone();
    for (int k = 0; k < 10; k++) {
      for (int i = byHeat[k] * 24; i < (byHeat[k] + 1) * 24; i++) {
        stormy[i] *= 0.6;
      }
    }
    double[] hotDay = new double[24];
    for (int j = 0; j < 24; j++) {
      hotDay[j] = 90 + 8 * Math.sin(2 * Math.PI * (j - 9) / 24.0);
    }
    ForecastResult r = Forecaster.forecast(new LoadSeries(START, ZoneOffset.UTC, 60, Arrays.copyOf(stormy, days * 24)),
        new Weather(Arrays.copyOf(temps, days * 24), hotDay, 0), Holidays.NONE, 24, QS, "weather_ridge");
    double mape = 0;
    for (int j = 0; j < 24; j++) {
      double truth = 1000 + 100 * shape(j) + 12 * Math.max(hotDay[j] - 65, 0);
      mape += Math.abs(r.point()[j] - truth) / truth / 24;
    }
    // weighted like the other days, the storm days pull the hot day's forecast 3.9 % off; down-weighted
    // to 1.5 times a median day's miss, they leave the heat response about as the calm days show it (1.6 %)
    assertThat(mape).isLessThan(0.025);
  }

  private static double dailyMax(double[] temps, int day) {
    return Arrays.stream(temps, day * 24, (day + 1) * 24).max().orElseThrow();
  }

  /** The share of a working day's load drawn on a day, by its holiday's name (null: none) and whether it is a weekend. */
  private interface DayFactor {
    double of(String holiday, boolean weekend);
  }

  /**
   * MAPE of the {@code weather_ridge_log} forecast of {@code day} from {@code days} days of history
   * whose load is a function of temperature and hour times {@code factor} of its day, with 0.5 % noise.
   */
  private static double holidayMape(LocalDate day, int days, long seed, DayFactor factor) {
    LocalDateTime start = day.minusDays(days).atStartOfDay();
    Holidays us = Holidays.ofCountry("US", start.toLocalDate(), day);
    double[] temps = temperatures((days + 1) * 24, seed);
    Random noise = new Random(seed + 4);
    double[] all = new double[temps.length];
    for (int i = 0; i < all.length; i++) {
      LocalDate date = start.toLocalDate().plusDays(i / 24);
      all[i] = (1000 + 100 * shape(i % 24) + 0.5 * (temps[i] - 62) * (temps[i] - 62))
          * factor.of(us.nameOf(date), date.getDayOfWeek().getValue() >= 6) * (1 + 0.005 * noise.nextGaussian());
    }
    LoadSeries history = new LoadSeries(start, ZoneOffset.UTC, 60, Arrays.copyOf(all, days * 24));
    Weather weather = new Weather(Arrays.copyOf(temps, days * 24), Arrays.copyOfRange(temps, days * 24, all.length), 0);
    ForecastResult r = Forecaster.forecast(history, weather, us, 24, QS, "weather_ridge_log");
    assertThat(r.start().toLocalDate()).isEqualTo(day);
    double mape = 0;
    for (int j = 0; j < 24; j++) {
      mape += Math.abs(r.point()[j] - all[days * 24 + j]) / all[days * 24 + j] / 24;
    }
    return mape;
  }
}
