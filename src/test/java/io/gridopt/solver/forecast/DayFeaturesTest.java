package io.gridopt.solver.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The calendar around holidays that the weather models read (US holidays of 2019). */
class DayFeaturesTest {
  private static final LocalDate FIRST = LocalDate.of(2019, 1, 1);
  private static final Holidays US = Holidays.ofCountry("US", FIRST, LocalDate.of(2020, 1, 1));
  private final DayFeatures withEffects = new DayFeatures(24, 365, true, FIRST, US, true);

  private DayFeatures.Target target(int month, int day) {
    return withEffects.target(LocalDate.of(2019, month, day));
  }

  @Test
  void holidaysOnWhichOfficesOpenAreTold() {
    assertThat(target(1, 21).officesOpenHoliday()).as("Martin Luther King Day").isTrue();
    assertThat(target(2, 18).officesOpenHoliday()).as("Presidents' Day").isTrue();
    assertThat(target(11, 11).officesOpenHoliday()).as("Veterans Day").isTrue();
    assertThat(target(12, 25).officesOpenHoliday()).as("Christmas").isFalse();
    assertThat(target(7, 4).officesOpenHoliday()).as("Independence Day").isFalse();
    assertThat(target(12, 25).holiday()).isTrue();
  }

  @Test
  void theWeekendOfAMondayOrFridayHolidayIsALongWeekend() {
    assertThat(target(5, 25).holidayWeekend()).as("Saturday before Memorial Day").isTrue();
    assertThat(target(5, 26).holidayWeekend()).as("Sunday before Memorial Day").isTrue();
    assertThat(target(6, 1).holidayWeekend()).as("an ordinary Saturday").isFalse();
    assertThat(target(5, 27).holidayWeekend()).as("the holiday itself").isFalse();
  }

  @Test
  void bridgeDaysAndTheEvesOfChristmasAndNewYearAreShortWorkdays() {
    assertThat(target(11, 29).shortWorkday()).as("Friday after Thanksgiving").isTrue();
    assertThat(target(7, 5).shortWorkday()).as("Friday after a Thursday July 4").isTrue();
    assertThat(target(12, 24).shortWorkday()).as("Christmas Eve, a Tuesday").isTrue();
    assertThat(target(12, 31).shortWorkday()).as("New Year's Eve, a Tuesday").isTrue();
    assertThat(target(12, 18).shortWorkday()).as("an ordinary Wednesday").isFalse();
    assertThat(target(11, 28).shortWorkday()).as("Thanksgiving itself").isFalse();
  }

  @Test
  void withoutWeatherTheCalendarStaysAsItWas() {
    DayFeatures loadOnly = new DayFeatures(24, 365, false, FIRST, US, false);
    DayFeatures.Target friday = loadOnly.target(LocalDate.of(2019, 11, 29));
    assertThat(friday.shortWorkday()).isFalse();
    assertThat(loadOnly.calendarSize()).isEqualTo(withEffects.calendarSize() - DayFeatures.CALENDAR_EFFECT_COLUMNS
        - withEffects.holidayNameColumns());
  }
}
