package io.gridopt.contract;

import io.gridopt.bus.ErrorBody;
import io.gridopt.domain.FieldError;
import io.gridopt.domain.RequestType;
import io.gridopt.problem.RequestReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The request-body schemas of the API contract ({@code openapi.json}) and the one check that enforces
 * them: the HTTP edge uses it for the bodies it handles itself, the runs role for every run submitted
 * (over HTTP or straight on the bus), so a body is checked once and both ways refuse it alike: 400
 * {@code validation_failed}, one {@code details} entry per bad field (dotted path, {@code [i]} for
 * array elements), unknown fields refused. The solvers' own validators remain the second line: they
 * check cross-field rules (equal lengths, min &lt;= max) that JSON Schema cannot express.
 */
public final class RequestBodies {
  public static final String RESOURCE = "/openapi.json";
  /** A body with thousands of bad array elements is reported by its first few problems. */
  static final int MAX_DETAILS = 20;
  /** The endpoint of each run type: its body schema is the run's request schema. */
  private static final Map<RequestType, String> RUN_PATHS = new EnumMap<>(Map.of(
      RequestType.FORECAST, "/forecast",
      RequestType.STORAGE, "/storage-optimize",
      RequestType.GRID_SWITCH, "/grid-switch-optimize",
      RequestType.NETWORK_DISPATCH, "/network-dispatch"));
  private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");
  private static final Pattern UNKNOWN = Pattern.compile("^Property \"([^\"]+)\" does not match additional");
  /** "Property "battery" does not match schema": a summary of the nested errors listed beside it. */
  private static final Pattern SUMMARY = Pattern.compile("^Property \"[^\"]+\" does not match schema$");

  /** By "METHOD path" of the document ({@code POST /storage-optimize}). */
  private final Map<String, BodyValidator> byOperation = new HashMap<>();

  /** @param document the whole OpenAPI document */
  public RequestBodies(JsonObject document) {
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation
            && operation.getValue("requestBody") instanceof JsonObject requestBody) {
          JsonObject schema = requestBody.getJsonObject("content").getJsonObject("application/json")
              .getJsonObject("schema");
          byOperation.put(key(method, path), new BodyValidator(BodyValidator.inline(schema, document)));
        }
      }
    }
  }

  /** The contract's bodies, from the document on the classpath; blocking (it reads and compiles schemas). */
  public static RequestBodies load() {
    return new RequestBodies(new JsonObject(readDocument()));
  }

  public static Buffer readDocument() {
    try (InputStream in = RequestBodies.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the classpath");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The run type submitted at {@code path}, if it is a run endpoint. */
  public static Optional<RequestType> runType(String path) {
    return RUN_PATHS.entrySet().stream().filter(e -> e.getValue().equals(path)).map(Map.Entry::getKey).findFirst();
  }

  /**
   * Refuses a run request whose body breaks its endpoint's schema or holds U+0000, with the 400 the
   * HTTP edge gives ({@link ErrorBody.Failure}). A type without an endpoint has no schema to break.
   * CPU-bound for large bodies: call it on a worker thread.
   */
  public void requireValid(RequestType type, JsonObject body) {
    String path = RUN_PATHS.get(type);
    if (path == null) {
      return;
    }
    List<FieldError> problems = problems("post", path, body);
    if (!problems.isEmpty()) {
      throw new ErrorBody.Failure(rejection(problems));
    }
  }

  /**
   * Every problem of a decoded body of operation {@code method path} (empty when valid, and for an
   * operation without a body schema): arrays over their size limit, schema errors, then U+0000, which
   * PostgreSQL cannot store and no JSON Schema can forbid.
   */
  public List<FieldError> problems(String method, String path, Object body) {
    BodyValidator validator = byOperation.get(key(method, path));
    Map<String, FieldError> problems = new LinkedHashMap<>();
    if (validator != null) {
      List<FieldError> oversized = new ArrayList<>();
      List<OutputUnit> errors = validator.problems(body, oversized);
      oversized.forEach(f -> problems.putIfAbsent(f.field(), f));
      schemaProblems(errors, problems);
    }
    if (problems.isEmpty()) {
      RequestReader.nulCharacters(body, "body", problems);
    }
    return new ArrayList<>(problems.values());
  }

  /** The 400 answer for a request's problems: the first named in the message, at most {@link #MAX_DETAILS} listed. */
  public static ErrorBody rejection(List<FieldError> problems) {
    List<FieldError> shown = problems.size() > MAX_DETAILS ? problems.subList(0, MAX_DETAILS) : problems;
    FieldError first = problems.get(0);
    String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
    return new ErrorBody(400, "validation_failed", first.field() + ": " + first.problem() + more, shown);
  }

  private static String key(String method, String path) {
    return method.toUpperCase(Locale.ROOT) + " " + path;
  }

  /**
   * The library's errors as field problems. It also reports summaries beside the detailed errors
   * ("Items did not match schema", "Property "x" does not match schema"), and flags a known property
   * whose value is invalid a second time as not matching {@code additionalProperties}: those are dropped,
   * so "unknown field" is said only of a field with no other problem under it.
   */
  private static void schemaProblems(List<OutputUnit> errors, Map<String, FieldError> problems) {
    Map<String, FieldError> found = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (OutputUnit error : errors) {
      String message = error.getError() == null ? "is invalid" : error.getError();
      String field = fieldPath(error.getInstanceLocation());
      Matcher required = REQUIRED.matcher(message);
      if (required.find()) {
        field = join(field, required.group(1));
        found.putIfAbsent(field, new FieldError(field, "is required"));
      } else if (UNKNOWN.matcher(message).find()) {
        unknown.add(field);
      } else if (!SUMMARY.matcher(message).matches() && !message.equals("Items did not match schema")
          && !message.startsWith("Instance does not match any subschemas")
          && !message.startsWith("Instance does not match every subschema") && !message.contains("false schema")) {
        found.putIfAbsent(field, new FieldError(field, message));
      }
    }
    for (String field : unknown) {
      boolean invalidKnownField = found.keySet().stream().anyMatch(f -> f.equals(field)
          || f.startsWith(field + ".") || f.startsWith(field + "["));
      if (!invalidKnownField) {
        found.putIfAbsent(field, new FieldError(field, "is not a field of this request (unknown fields are rejected)"));
      }
    }
    found.forEach(problems::putIfAbsent);
    if (problems.isEmpty() && !errors.isEmpty()) {
      problems.put("body", new FieldError("body", String.valueOf(errors.get(errors.size() - 1).getError())));
    }
  }

  /** JSON pointer ({@code /battery/capacity_kwh}, {@code /load_kw/3}) to our dotted form ({@code load_kw[3]}). */
  public static String fieldPath(String pointer) {
    StringBuilder path = new StringBuilder();
    for (String raw : (pointer == null ? "" : pointer.replaceFirst("^#", "")).split("/")) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      if (token.isEmpty()) {
        continue;
      }
      if (token.chars().allMatch(Character::isDigit)) {
        path.append('[').append(token).append(']');
      } else {
        path.append(path.length() == 0 ? "" : ".").append(token);
      }
    }
    return path.length() == 0 ? "body" : path.toString();
  }

  private static String join(String parent, String child) {
    return parent.equals("body") ? child : parent + "." + child;
  }
}
