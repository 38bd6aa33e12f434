package io.gridopt.solver.forecast;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Days on which load behaves like a Sunday although the weekday says otherwise. Either an explicit
 * list of dates or the public holidays of a country from the Jollyday calendars (observed dates,
 * e.g. the Friday before a Saturday holiday in the US).
 */
public final class Holidays {
  public static final Holidays NONE = new Holidays(Set.of());

  private final Set<LocalDate> dates;

  private Holidays(Set<LocalDate> dates) {
    this.dates = Set.copyOf(dates);
  }

  public static Holidays of(Set<LocalDate> dates) {
    return new Holidays(dates);
  }

  /** Whether Jollyday has a calendar for this ISO 3166 country code (case-insensitive). */
  public static boolean isKnownCountry(String countryCode) {
    String id = countryCode.toUpperCase(Locale.ROOT);
    return Arrays.stream(HolidayCalendar.values()).anyMatch(c -> c.getId().equalsIgnoreCase(id));
  }

  /** Public holidays of {@code countryCode} between two dates (inclusive). */
  public static Holidays ofCountry(String countryCode, LocalDate from, LocalDate to) {
    // Jollyday caches one manager per country, so only the first request per country parses its XML.
    HolidayManager manager = HolidayManager.getInstance(ManagerParameters.create(countryCode.toLowerCase(Locale.ROOT)));
    Set<LocalDate> dates = manager.getHolidays(from, to).stream().map(Holiday::getDate).collect(Collectors.toSet());
    return new Holidays(dates);
  }

  public boolean contains(LocalDate date) {
    return dates.contains(date);
  }
}
