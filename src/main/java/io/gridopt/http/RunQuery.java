package io.gridopt.http;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.gridopt.bus.RunFilter;
import io.gridopt.bus.SimilarQuery;
import io.vertx.core.MultiMap;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Query parameters of the read endpoints, validated (400 naming the parameter). */
final class RunQuery {
  static final int MAX_K = 100;
  static final int MAX_QUERY_CHARS = 1000;

  private RunQuery() {
  }

  static RunFilter filter(MultiMap params) {
    List<FieldError> errors = new ArrayList<>();
    RunFilter filter = filter(params, errors);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return filter;
  }

  /** The filter, with every bad parameter added to {@code errors}. */
  static RunFilter filter(MultiMap params, List<FieldError> errors) {
    String type = requestType(params, errors);
    String status = params.get("status");
    if (status != null && !status.equals("completed") && !status.equals("failed")) {
      errors.add(new FieldError("status", "must be completed or failed"));
    }
    String region = region(params, errors);
    OffsetDateTime from = instant(params.get("from"), "from", errors);
    OffsetDateTime to = instant(params.get("to"), "to", errors);
    int limit = integer(params.get("limit"), "limit", 50, 1, RunFilter.MAX_LIMIT, errors);
    String cursor = params.get("cursor");
    return new RunFilter(type, region, status, from, to, limit, cursor);
  }

  /** {@code GET /runs/{id}/similar?k=5&any_type=true&include_copies=true}. */
  static SimilarQuery similar(String id, MultiMap params) {
    List<FieldError> errors = new ArrayList<>();
    UUID runId = null;
    try {
      runId = runId(id);
    } catch (ValidationException e) {
      errors.addAll(e.errors());
    }
    int k = integer(params.get("k"), "k", 5, 1, MAX_K, errors);
    boolean anyType = bool(params.get("any_type"), "any_type", errors);
    boolean includeCopies = bool(params.get("include_copies"), "include_copies", errors);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new SimilarQuery(runId, k, anyType, includeCopies);
  }

  /** A search's parameters: the text, how many runs, and the optional type and region filters. */
  record Search(String q, int k, String requestType, String region) {
  }

  /** {@code GET /runs/search?q=...&k=10&request_type=&region=}. */
  static Search search(MultiMap params) {
    List<FieldError> errors = new ArrayList<>();
    String q = params.get("q");
    if (q == null || q.isBlank()) {
      errors.add(new FieldError("q", "is required: the text to search for"));
    } else if (q.length() > MAX_QUERY_CHARS) {
      errors.add(new FieldError("q", "must be at most " + MAX_QUERY_CHARS + " characters"));
    }
    int k = integer(params.get("k"), "k", 10, 1, MAX_K, errors);
    String type = requestType(params, errors);
    String region = region(params, errors);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new Search(q, k, type, region);
  }

  private static String requestType(MultiMap params, List<FieldError> errors) {
    String type = params.get("request_type");
    if (type != null && RequestType.fromWire(type).isEmpty()) {
      errors.add(new FieldError("request_type", "must be one of forecast, storage, grid_switch, simulation"));
    }
    return type;
  }

  private static String region(MultiMap params, List<FieldError> errors) {
    String region = params.get("region");
    if (region != null && (region.isBlank() || region.length() > 200)) {
      errors.add(new FieldError("region", "must be 1 to 200 characters"));
    }
    return region;
  }

  static boolean bool(String value, String name, List<FieldError> errors) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    errors.add(new FieldError(name, "must be true or false"));
    return false;
  }

  static UUID runId(String value) {
    try {
      if (value != null && value.length() == 36) {
        return UUID.fromString(value);
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ValidationException("id", "must be a run id (UUID)");
  }

  static int integer(String value, String name, int defaultValue, int min, int max, List<FieldError> errors) {
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(new FieldError(name, "must be an integer between " + min + " and " + max));
    return defaultValue;
  }

  /** A timestamp with offset, or a date meaning its start in UTC. */
  private static OffsetDateTime instant(String value, String name, List<FieldError> errors) {
    if (value == null) {
      return null;
    }
    try {
      return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().atOffset(ZoneOffset.UTC)
          : OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(name, "must be a date (YYYY-MM-DD) or an ISO-8601 timestamp with offset"));
      return null;
    }
  }
}
