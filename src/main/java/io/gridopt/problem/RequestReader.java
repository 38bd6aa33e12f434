package io.gridopt.problem;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads fields of a JSON request while collecting every problem, so that one 400 answer names all
 * bad fields at once. Nested objects get a child reader that shares the error list and prefixes
 * field paths ({@code battery.capacity_kwh}). Call {@link #throwIfInvalid()} when done.
 */
public final class RequestReader {
  /** Longest string accepted in any field (ids, regions, names); MATPOWER text has its own limit. */
  public static final int MAX_STRING_LENGTH = 200;

  private final JsonObject body;
  private final String prefix;
  private final List<FieldError> errors;

  /**
   * PostgreSQL stores no U+0000 in text or jsonb, so a string holding one could pass validation and
   * then fail to be recorded; JSON Schema cannot say "no NUL", hence this walk over the parsed body.
   * Adds one problem per field (path {@code body} for the top level).
   */
  public static void nulCharacters(Object node, String path, Map<String, FieldError> problems) {
    if (node instanceof String text && text.indexOf('\u0000') >= 0) {
      problems.putIfAbsent(path, new FieldError(path, "must not contain the NUL character (U+0000)"));
    } else if (node instanceof JsonObject object) {
      object.forEach(e -> {
        if (e.getKey().indexOf('\u0000') >= 0) {
          problems.putIfAbsent(path, new FieldError(path, "field names must not contain U+0000"));
        }
        nulCharacters(e.getValue(), path.equals("body") ? e.getKey() : path + "." + e.getKey(), problems);
      });
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        nulCharacters(array.getValue(i), path + "[" + i + "]", problems);
      }
    }
  }

  /** A body that holds U+0000 anywhere is refused (400 naming each field) before it is parsed. */
  public static void requireNoNulCharacters(JsonObject body) {
    Map<String, FieldError> problems = new LinkedHashMap<>();
    nulCharacters(body, "body", problems);
    if (!problems.isEmpty()) {
      throw new ValidationException(new ArrayList<>(problems.values()));
    }
  }

  public RequestReader(JsonObject body) {
    this(body == null ? new JsonObject() : body, "", new ArrayList<>());
  }

  private RequestReader(JsonObject body, String prefix, List<FieldError> errors) {
    this.body = body;
    this.prefix = prefix;
    this.errors = errors;
  }

  /** Full dotted path of a field of this reader's object. */
  public String path(String field) {
    return prefix + field;
  }

  public boolean has(String field) {
    return body.getValue(field) != null;
  }

  public void add(String field, String problem) {
    errors.add(new FieldError(path(field), problem));
  }

  /** Records {@code problem} on {@code field} unless {@code ok}; returns {@code ok}. */
  public boolean check(boolean ok, String field, String problem) {
    if (!ok) {
      add(field, problem);
    }
    return ok;
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
  }

  /** Reader for a nested object; null (with an error when required) if absent or not an object. */
  public RequestReader object(String field, boolean required) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        add(field, "is required");
      }
      return null;
    }
    if (!(value instanceof JsonObject nested)) {
      add(field, "must be an object");
      return null;
    }
    return new RequestReader(nested, path(field) + ".", errors);
  }

  /** Reader for an object that is an element of an array read by the caller. */
  public RequestReader element(String arrayField, int index, Object value) {
    if (!(value instanceof JsonObject nested)) {
      errors.add(new FieldError(path(arrayField) + "[" + index + "]", "must be an object"));
      return null;
    }
    return new RequestReader(nested, path(arrayField) + "[" + index + "].", errors);
  }

  public String string(String field, boolean required, int maxLength) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        add(field, "is required");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      add(field, "must be a string");
      return null;
    }
    if (s.isBlank()) {
      add(field, "must not be blank");
      return null;
    }
    if (s.length() > maxLength) {
      add(field, "must be at most " + maxLength + " characters");
      return null;
    }
    return s;
  }

  public String requiredString(String field) {
    return string(field, true, MAX_STRING_LENGTH);
  }

  public String optionalString(String field, String defaultValue) {
    String s = string(field, false, MAX_STRING_LENGTH);
    return s == null && !has(field) ? defaultValue : s;
  }

  /** A string that must be one of {@code allowed}; the default when absent. */
  public String choice(String field, String defaultValue, List<String> allowed) {
    String s = optionalString(field, defaultValue);
    if (s != null && !allowed.contains(s)) {
      add(field, "must be one of " + allowed);
      return null;
    }
    return s;
  }

  /** A finite number, or null when absent (an error when required) or invalid. */
  public Double number(String field, boolean required) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        add(field, "is required");
      }
      return null;
    }
    if (!(value instanceof Number n)) {
      add(field, "must be a number");
      return null;
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      add(field, "must be a finite number");
      return null;
    }
    return d;
  }

  public double number(String field, double defaultValue) {
    Double d = number(field, false);
    return d == null ? defaultValue : d;
  }

  /** A number within [min, max]; null when absent or invalid. */
  public Double numberInRange(String field, boolean required, double min, double max) {
    Double d = number(field, required);
    if (d != null && (d < min || d > max)) {
      add(field, "must be between " + fmt(min) + " and " + fmt(max));
      return null;
    }
    return d;
  }

  /** A non-negative number; null when absent or invalid. */
  public Double nonNegative(String field, boolean required) {
    Double d = number(field, required);
    if (d != null && d < 0) {
      add(field, "must be >= 0");
      return null;
    }
    return d;
  }

  public Integer integer(String field, boolean required, int min, int max) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        add(field, "is required");
      }
      return null;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      add(field, "must be an integer");
      return null;
    }
    double d = n.doubleValue();
    if (d < min || d > max) {
      add(field, "must be between " + min + " and " + max);
      return null;
    }
    return (int) d;
  }

  public boolean bool(String field, boolean defaultValue) {
    Object value = body.getValue(field);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof Boolean b)) {
      add(field, "must be true or false");
      return defaultValue;
    }
    return b;
  }

  public LocalDate date(String field, boolean required) {
    String s = string(field, required, 10);
    if (s == null) {
      return null;
    }
    try {
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      add(field, "must be a date YYYY-MM-DD");
      return null;
    }
  }

  /** An ISO-8601 timestamp with offset, e.g. 2024-07-01T00:00:00+02:00. */
  public OffsetDateTime timestamp(String field, boolean required) {
    String s = string(field, required, 64);
    if (s == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s);
    } catch (DateTimeParseException e) {
      add(field, "must be an ISO-8601 timestamp with offset, e.g. 2024-07-01T00:00:00Z");
      return null;
    }
  }

  /** The raw array, or null when absent (an error when required) or not an array or too long. */
  public JsonArray array(String field, boolean required, int minLength, int maxLength) {
    Object value = body.getValue(field);
    if (value == null) {
      if (required) {
        add(field, "is required");
      }
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      add(field, "must be an array");
      return null;
    }
    if (array.size() < minLength || array.size() > maxLength) {
      add(field, "must have between " + minLength + " and " + maxLength + " elements, has " + array.size());
      return null;
    }
    return array;
  }

  /**
   * An array of finite numbers. With {@code nullsAllowed}, JSON nulls become NaN (a missing
   * reading); otherwise a null element is an error. Reports the first bad element only.
   */
  public double[] numbers(String field, boolean required, int minLength, int maxLength, boolean nullsAllowed) {
    JsonArray array = array(field, required, minLength, maxLength);
    if (array == null) {
      return null;
    }
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = array.getValue(i);
      if (v == null && nullsAllowed) {
        out[i] = Double.NaN;
      } else if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
        out[i] = n.doubleValue();
      } else {
        errors.add(new FieldError(path(field) + "[" + i + "]", "must be a finite number"));
        return null;
      }
    }
    return out;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
