package io.gridopt.problem;

import io.gridopt.domain.RequestType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The one-paragraph text that is embedded for a run and stored in {@code optimization_embeddings.content}:
 * what kind of run, where, when, how it ended, the key figures of its input and result, and its
 * anomalies, so that a person reading two similar runs sees why they are similar. Each problem type
 * states its input facts from its parsed request ({@link ProblemType#summary}) and its result facts
 * from the run's result object; this class writes the sentences around them. Nothing is inferred that
 * the data does not say; absent fields are left out. The text is deterministic: the same run gives
 * the same text, numbers are rounded to four significant digits.
 */
public final class RunSummary {
  /** Longest error text quoted; failure reasons are one sentence, anything longer is a dump. */
  static final int MAX_ERROR_CHARS = 240;
  /** Most branch ids listed; a large feeder's open set is summarised by its count. */
  static final int MAX_LISTED_IDS = 12;
  /** Most anomalies named in a summary; the rest are counted. */
  static final int MAX_LISTED_ANOMALIES = 5;
  /** Longest anomaly description quoted. */
  static final int MAX_ANOMALY_CHARS = 200;

  private static final DateTimeFormatter LOCAL_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private RunSummary() {
  }

  /** The phrases of a run's "Input:" and "Result:" sentences, in order. */
  public record Facts(List<String> input, List<String> result) {
    public static Facts empty() {
      return new Facts(new ArrayList<>(), new ArrayList<>());
    }
  }

  /**
   * The whole text of one run. {@code result} may be null; {@code error} is quoted for runs whose
   * status is {@code failed} (or that have no result but an error), whose result facts are left out.
   */
  public static String text(RequestType type, String region, LocalDate forecastDate, String status, String error,
      JsonObject result, Facts facts, JsonArray anomalies) {
    JsonObject out = result == null ? new JsonObject() : result;
    boolean failed = "failed".equalsIgnoreCase(status) || (result == null && error != null && !error.isBlank());
    StringBuilder text = new StringBuilder(kindName(type));
    if (region != null && !region.isBlank()) {
      text.append(" for region ").append(region.strip());
    }
    if (forecastDate != null) {
      text.append(" on ").append(forecastDate);
    }
    if (failed) {
      text.append(" failed");
      String outcome = string(out, "status");
      if (outcome != null) {
        text.append(" (").append(outcome).append(')');
      }
      if (error != null && !error.isBlank()) {
        text.append(": ").append(abbreviate(error.strip().replaceAll("\\s+", " "), MAX_ERROR_CHARS));
      }
    } else if (status != null && !status.isBlank()) {
      text.append(", status ").append(status.strip());
    }
    text.append('.');
    appendSentence(text, "Input", facts.input());
    if (!failed) {
      appendSentence(text, "Result", facts.result());
    }
    return text.append(anomalies(anomalies)).toString();
  }

  /**
   * The sentence that names a run's anomalies (" Anomalies (2): high grid undervoltage: 12 buses below
   * ..."), so that a search for "voltage problems" finds the run; empty without anomalies. They are
   * named in one order whatever order they come in (the detectors' order at detection, the
   * database's on re-embedding): those in a series by start, then the others, each group by type and
   * description.
   */
  static String anomalies(JsonArray anomalies) {
    if (anomalies == null || anomalies.isEmpty()) {
      return "";
    }
    List<JsonObject> ordered = new ArrayList<>();
    anomalies.forEach(a -> {
      if (a instanceof JsonObject o) {
        ordered.add(o);
      }
    });
    ordered.sort(ANOMALY_ORDER);
    List<String> named = new ArrayList<>();
    for (JsonObject a : ordered.subList(0, Math.min(MAX_LISTED_ANOMALIES, ordered.size()))) {
      named.add(string(a, "severity") + " " + String.valueOf(string(a, "type")).replace('_', ' ') + ": "
          + abbreviate(String.valueOf(string(a, "description")), MAX_ANOMALY_CHARS));
    }
    int more = anomalies.size() - named.size();
    return " Anomalies (" + anomalies.size() + "): " + String.join("; ", named)
        + (more > 0 ? "; and " + more + " more." : "");
  }

  private static final Comparator<JsonObject> ANOMALY_ORDER = Comparator
      .comparing((JsonObject a) -> instant(string(a, "start")), Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(a -> String.valueOf(string(a, "type")))
      .thenComparing(a -> String.valueOf(string(a, "description")));

  /** The instant of an ISO timestamp with offset; null when absent or malformed. */
  private static Instant instant(String timestamp) {
    try {
      return timestamp == null ? null : OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Facts of a run whose type has no solver in this build (a remote QNN may still answer it): its
   * top-level numbers and short texts, input and result alike, since no parser gives them a meaning.
   */
  static Facts untypedFacts(JsonObject input, JsonObject result) {
    Facts facts = Facts.empty();
    flatFacts(input == null ? new JsonObject() : input, facts.input());
    flatFacts(result == null ? new JsonObject() : result, facts.result());
    return facts;
  }

  private static void flatFacts(JsonObject json, List<String> facts) {
    for (String key : json.fieldNames().stream().sorted().toList()) {
      Object v = json.getValue(key);
      if (v instanceof Number n && finite(n) != null) {
        facts.add(key.replace('_', ' ') + " " + fmt(n.doubleValue()));
      } else if (v instanceof String s && s.length() <= 60) {
        facts.add(key.replace('_', ' ') + " " + s);
      }
    }
  }

  private static String kindName(RequestType type) {
    if (type == null) {
      return "Optimization run";
    }
    return switch (type) {
      case STORAGE -> "Battery storage schedule";
      case GRID_SWITCH -> "Grid switching reconfiguration of a distribution feeder";
      case NETWORK_DISPATCH -> "Network-aware battery and PV dispatch on a distribution feeder";
      case FORECAST -> "Load forecast";
      case SIMULATION -> "Simulation run";
    };
  }

  // ---- phrases shared by the problem types ----

  static String steps(int steps, double dtHours) {
    return steps + " steps of " + stepName(dtHours) + " over " + duration(steps * dtHours);
  }

  /** {@code import price 0.02 to 0.31 per kWh}. */
  static String priceRange(Series price) {
    return "import price " + money(price.min()) + (price.max() == price.min() ? "" : " to " + money(price.max()))
        + " per kWh";
  }

  static String stepName(double dtHours) {
    return dtHours < 1 ? fmt(dtHours * 60) + " min" : fmt(dtHours) + " h";
  }

  /** Hours as written, with the days beside them from two days up ({@code 168 h (7 days)}). */
  static String duration(double hours) {
    return fmt(hours) + " h" + (hours >= 48 ? " (" + fmt(hours / 24) + " days)" : "");
  }

  /** Prices and money per unit: three significant digits are all a reader compares. */
  static String money(double value) {
    return Math.abs(value) >= 100 ? fmt(value) : new BigDecimal(value).round(new MathContext(3, RoundingMode.HALF_UP))
        .stripTrailingZeros().toPlainString();
  }

  /** {@code 2024-02-05T18:00:00-05:00} as {@code 2024-02-05 18:00} (local time of the request); other text as is. */
  static String localTime(String timestamp) {
    try {
      return OffsetDateTime.parse(timestamp).toLocalDateTime().format(LOCAL_MINUTES);
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }

  static String idList(JsonArray ids) {
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < Math.min(ids.size(), MAX_LISTED_IDS); i++) {
      listed.add(plain(ids.getValue(i)));
    }
    return String.join(", ", listed) + (ids.size() > MAX_LISTED_IDS ? " and " + (ids.size() - MAX_LISTED_IDS) + " more" : "");
  }

  static String plain(Object value) {
    return value instanceof Number n ? fmt(n.doubleValue()) : String.valueOf(value);
  }

  /** Four significant digits (whole numbers from 1000 up), no exponent, no trailing zeros. */
  public static String fmt(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    BigDecimal rounded = Math.abs(value) >= 1000
        ? BigDecimal.valueOf(value).setScale(0, RoundingMode.HALF_UP)
        : new BigDecimal(value).round(new MathContext(4, RoundingMode.HALF_UP));
    String s = rounded.stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "0" : s;
  }

  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  static <T> void addIf(List<String> facts, T value, Function<T, String> phrase) {
    if (value != null) {
      facts.add(phrase.apply(value));
    }
  }

  private static void appendSentence(StringBuilder text, String label, List<String> facts) {
    if (!facts.isEmpty()) {
      text.append(' ').append(label).append(": ").append(String.join("; ", facts)).append('.');
    }
  }

  // ---- lenient reading of a result object: a wrong type reads as absent ----

  static Double number(JsonObject o, String key) {
    return o.getValue(key) instanceof Number n ? finite(n) : null;
  }

  static Double finite(Number n) {
    double d = n.doubleValue();
    return Double.isFinite(d) ? d : null;
  }

  static String string(JsonObject o, String key) {
    return o.getValue(key) instanceof String s && !s.isBlank() ? s.strip() : null;
  }

  static JsonObject object(JsonObject o, String key) {
    return o.getValue(key) instanceof JsonObject j ? j : null;
  }

  static JsonArray array(JsonObject o, String key) {
    return o.getValue(key) instanceof JsonArray a ? a : null;
  }

  /** Statistics of a numeric series; NaN (and, in a result array, nulls and non-numbers) count as missing. */
  record Series(int count, int missing, double min, double max, int negatives, int positives) {
    static Series of(double[] values) {
      int count = 0;
      int missing = 0;
      int negatives = 0;
      int positives = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double x : values == null ? new double[0] : values) {
        if (!Double.isFinite(x)) {
          missing++;
          continue;
        }
        count++;
        min = Math.min(min, x);
        max = Math.max(max, x);
        negatives += x < 0 ? 1 : 0;
        positives += x > 0 ? 1 : 0;
      }
      return count == 0 ? new Series(0, missing, 0, 0, 0, 0) : new Series(count, missing, min, max, negatives, positives);
    }

    static Series of(JsonArray array) {
      double[] values = new double[array == null ? 0 : array.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = array.getValue(i) instanceof Number n ? n.doubleValue() : Double.NaN;
      }
      return of(values);
    }
  }
}
