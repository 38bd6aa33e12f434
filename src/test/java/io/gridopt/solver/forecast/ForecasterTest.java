package io.gridopt.solver.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class ForecasterTest {
  private static final double[] QS = {0.1, 0.5, 0.9};
  /** A Monday, so day d of a series starting here has weekday d % 7. */
  private static final LocalDateTime MONDAY = LocalDateTime.of(2024, 1, 1, 0, 0);

  static LoadSeries hourly(int hours, IntToDoubleFunction value) {
    double[] v = new double[hours];
    for (int i = 0; i < hours; i++) {
      v[i] = value.applyAsDouble(i);
    }
    return new LoadSeries(MONDAY, ZoneOffset.ofHours(1), 60, v);
  }

  static double sine(int hour) {
    return 100 + 20 * Math.sin(2 * Math.PI * (hour % 24) / 24.0);
  }

  @Test
  void pureDailySineIsForecastExactlyAndStartsAfterTheLastValue() {
    LoadSeries s = hourly(28 * 24 + 5, ForecasterTest::sine); // ends at 05:00, mid-day
    ForecastResult r = Forecaster.forecast(s, Holidays.NONE, 48, QS, "auto");
    assertThat(r.start()).isEqualTo(MONDAY.plusHours(28 * 24 + 5));
    assertThat(r.point()).hasSize(48);
    for (int j = 0; j < 48; j++) {
      assertThat(r.point()[j]).isCloseTo(sine(28 * 24 + 5 + j), within(0.05));
    }
    assertThat(r.backtest().mapePct()).isLessThan(0.05);
    // peak of 100 + 20 sin at hour 6 of each day: the first is step 1 (06:00)
    assertThat(r.peakIndex()).isEqualTo(1);
  }

  @Test
  void weeklyPatternForecastsTheWeekendFromLastWeekNotFromYesterday() {
    // weekdays at level 100, weekends at 60, the same daily shape; history ends on a Friday night
    IntToDoubleFunction load = i -> (i / 24 % 7 >= 5 ? 60 : 100) * (1 + 0.2 * Math.sin(2 * Math.PI * (i % 24) / 24.0));
    LoadSeries s = hourly(8 * 7 * 24 + 5 * 24, load);
    assertThat(s.dateAt(s.size()).getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
    ForecastResult r = Forecaster.forecast(s, Holidays.NONE, 24, QS, "auto");
    assertThat(r.model()).isNotEqualTo("seasonal_naive_daily");
    for (int j = 0; j < 24; j++) {
      assertThat(r.point()[j]).isCloseTo(load.applyAsDouble(s.size() + j), within(1.0));
    }
    // the daily naive repeats Friday's level: 67% too high on a Saturday
    assertThat(r.candidates()).anySatisfy(c -> {
      assertThat(c.model()).isEqualTo("seasonal_naive_daily");
      assertThat(c.mapePct()).isGreaterThan(10);
    });
  }

  @Test
  void aStepInLevelIsFollowed() {
    // 30 days at 100, then 14 days at 150, same shape: tomorrow is at the new level
    IntToDoubleFunction load = i -> (i < 30 * 24 ? 100 : 150) * (1 + 0.3 * Math.sin(2 * Math.PI * (i % 24) / 24.0));
    LoadSeries s = hourly(44 * 24, load);
    ForecastResult r = Forecaster.forecast(s, Holidays.NONE, 24, QS, "auto");
    for (int j = 0; j < 24; j++) {
      assertThat(r.point()[j]).isCloseTo(load.applyAsDouble(s.size() + j), within(150 * 0.02));
    }
  }

  @Test
  void holidaysAreForecastLikeSundays() {
    // Sundays and holidays at 50, other days at 100; the forecast day is a Wednesday holiday
    LocalDate holiday = MONDAY.toLocalDate().plusDays(9 * 7 + 2);
    Holidays cal = Holidays.of(Set.of(holiday, MONDAY.toLocalDate().plusDays(3 * 7 + 3)));
    IntToDoubleFunction load = i -> {
      LocalDate d = MONDAY.toLocalDate().plusDays(i / 24);
      boolean low = cal.contains(d) || d.getDayOfWeek() == DayOfWeek.SUNDAY;
      return (low ? 50 : 100) + 10 * Math.sin(2 * Math.PI * (i % 24) / 24.0);
    };
    LoadSeries s = hourly((9 * 7 + 2) * 24, load);
    ForecastResult r = Forecaster.forecast(s, cal, 24, QS, "ridge");
    for (int j = 0; j < 24; j++) {
      assertThat(r.point()[j]).isCloseTo(load.applyAsDouble(s.size() + j), within(5.0));
    }
  }

  @Test
  void aCalendarHolidayThatTheHistoryShowsAsAWorkingDayIsForecastLikeOne() {
    // Ten Wednesday holidays in the history on which the load did not drop (as on US Veterans Day);
    // the forecast day is the next one: the holiday column learns that they are working days.
    Set<LocalDate> dates = new java.util.HashSet<>();
    for (int k = 1; k <= 11; k++) {
      dates.add(MONDAY.toLocalDate().plusDays(k * 28 + 2));
    }
    Holidays cal = Holidays.of(dates);
    IntToDoubleFunction load = i -> {
      LocalDate d = MONDAY.toLocalDate().plusDays(i / 24);
      return (d.getDayOfWeek() == DayOfWeek.SUNDAY ? 50 : 100) + 10 * Math.sin(2 * Math.PI * (i % 24) / 24.0);
    };
    LoadSeries s = hourly((11 * 28 + 2) * 24, load);
    ForecastResult r = Forecaster.forecast(s, cal, 24, QS, "ridge");
    for (int j = 0; j < 24; j++) {
      assertThat(r.point()[j]).isCloseTo(load.applyAsDouble(s.size() + j), within(5.0));
    }
  }

  @Test
  void logRidgeForecastsASeriesWithZeroReadings() {
    // A site that draws nothing at night: log(value + 1% of the mean) keeps the zeros finite
    IntToDoubleFunction load = i -> Math.max(0, 80 * Math.sin(2 * Math.PI * ((i % 24) - 6) / 24.0));
    LoadSeries s = hourly(60 * 24, load);
    ForecastResult r = Forecaster.forecast(s, Holidays.NONE, 24, QS, "ridge_log");
    for (int j = 0; j < 24; j++) {
      assertThat(r.point()[j]).isCloseTo(load.applyAsDouble(s.size() + j), within(1.0));
    }
  }

  @Test
  void quantilesAreOrderedAndCoverAboutEightyPercentOfNoisyOutcomes() {
    Random rnd = new Random(7);
    double[] noise = new double[400 * 24];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = 1 + 0.05 * rnd.nextGaussian();
    }
    LoadSeries s = hourly(noise.length, i -> sine(i) * noise[i]);
    ForecastResult r = Forecaster.forecast(s, Holidays.NONE, 24, new double[] {0.05, 0.1, 0.5, 0.9, 0.95}, "auto");
    double[][] bands = r.quantiles().values().toArray(new double[0][]);
    for (int j = 0; j < 24; j++) {
      for (int q = 1; q < bands.length; q++) {
        assertThat(bands[q][j]).isGreaterThan(bands[q - 1][j]);
      }
      assertThat(r.point()[j]).isEqualTo(bands[2][j]);
      // 10%..90% of a 5% gaussian is about +-6.4% around the median
      double width = (bands[3][j] - bands[1][j]) / r.point()[j];
      assertThat(width).isBetween(0.09, 0.17);
    }
    assertThat(r.backtest().coverage80()).isBetween(0.7, 0.9);
    assertThat(r.backtest().origins()).isEqualTo(28);
  }

  @Test
  void maseIsAgainstTheWeeklyNaiveAndMissingWhenHistoryIsShorterThanTwoWeeks() {
    LoadSeries longer = hourly(60 * 24, ForecasterTest::sine);
    assertThat(Forecaster.forecast(longer, Holidays.NONE, 24, QS, "seasonal_naive_weekly").backtest()
        .maseVsWeeklyNaive()).isNaN(); // 0/0: the sine is perfectly periodic
    LoadSeries noisy = hourly(60 * 24, i -> sine(i) + (i % 5));
    ForecastResult weekly = Forecaster.forecast(noisy, Holidays.NONE, 24, QS, "seasonal_naive_weekly");
    assertThat(weekly.backtest().maseVsWeeklyNaive()).isCloseTo(1.0, within(1e-12));
    LoadSeries shortOne = hourly(3 * 24, ForecasterTest::sine);
    ForecastResult r = Forecaster.forecast(shortOne, Holidays.NONE, 24, QS, "auto");
    assertThat(r.model()).isEqualTo("seasonal_naive_daily");
    assertThat(r.backtest().maseVsWeeklyNaive()).isNaN();
  }

  @Test
  void quarterHourSeriesForecastsAWeekAhead() {
    double[] v = new double[40 * 96];
    for (int i = 0; i < v.length; i++) {
      v[i] = 500 + 100 * Math.sin(2 * Math.PI * (i % 96) / 96.0);
    }
    LoadSeries s = new LoadSeries(MONDAY, ZoneOffset.UTC, 15, v);
    ForecastResult r = Forecaster.forecast(s, Holidays.NONE, 168 * 4, QS, "auto");
    assertThat(r.point()).hasSize(672);
    assertThat(r.intervalMinutes()).isEqualTo(15);
    for (int j = 0; j < 672; j += 37) {
      assertThat(r.point()[j]).isCloseTo(500 + 100 * Math.sin(2 * Math.PI * ((v.length + j) % 96) / 96.0), within(1.0));
    }
  }
}
