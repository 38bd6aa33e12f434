package io.gridopt.solver.forecast;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Days on which load behaves like a Sunday although the weekday says otherwise. Either an explicit
 * list of dates or the public holidays of a country from the Jollyday calendars (observed dates,
 * e.g. the Friday before a Saturday holiday in the US), each with its holiday's name (Jollyday's
 * key, the same every year: THANKSGIVING), so that a model can tell one holiday from another.
 */
public final class Holidays {
  public static final Holidays NONE = new Holidays(Map.of());
  /** The name of every date of an explicit list: one kind of holiday. */
  static final String UNNAMED = "HOLIDAY";

  private final Map<LocalDate, String> names;

  private Holidays(Map<LocalDate, String> names) {
    this.names = Map.copyOf(names);
  }

  public static Holidays of(Set<LocalDate> dates) {
    return new Holidays(dates.stream().collect(Collectors.toMap(d -> d, d -> UNNAMED)));
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
    // two holidays on one date (rare) keep one name: the date's column is what a model reads
    Map<LocalDate, String> names = manager.getHolidays(from, to).stream()
        .collect(Collectors.toMap(Holiday::getDate, Holiday::getPropertiesKey, (a, b) -> a.compareTo(b) <= 0 ? a : b));
    return new Holidays(names);
  }

  public boolean contains(LocalDate date) {
    return names.containsKey(date);
  }

  /** The holiday's name on {@code date}, null on other days. */
  String nameOf(LocalDate date) {
    return names.get(date);
  }

  /**
   * Holidays on which most businesses work and only government, banks and schools close: in the US
   * Martin Luther King Day, Presidents' Day, Columbus Day and Veterans Day (Jollyday's keys). Their
   * load lies between a weekday's and a Sunday's.
   */
  private static final Set<String> OFFICES_OPEN =
      Set.of("MARTIN_LUTHER_KING", "PRESIDENTS_DAY", "COLUMBUS_DAY", "VETERANS_DAY");
  /** Holidays whose eve is a short working day (offices close early, many take the day off). */
  private static final Set<String> WITH_EVE = Set.of("CHRISTMAS", "NEW_YEAR");

  /** Whether {@code date} is a holiday on which most businesses stay open ({@link #OFFICES_OPEN}). */
  boolean officesOpen(LocalDate date) {
    String name = names.get(date);
    return name != null && OFFICES_OPEN.contains(name);
  }

  /** Whether {@code date} is the eve of a holiday in {@link #WITH_EVE}. */
  boolean isEve(LocalDate date) {
    String next = names.get(date.plusDays(1));
    return next != null && WITH_EVE.contains(next);
  }

  /** The distinct names of the holidays from {@code from} to {@code to} (inclusive), sorted. */
  List<String> namesBetween(LocalDate from, LocalDate to) {
    return names.entrySet().stream().filter(e -> !e.getKey().isBefore(from) && !e.getKey().isAfter(to))
        .map(Map.Entry::getValue).distinct().sorted().toList();
  }
}
