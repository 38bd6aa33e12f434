package io.gridopt.http;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.gridopt.persistence.RunFilter;
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
  private RunQuery() {
  }

  static RunFilter filter(MultiMap params) {
    List<FieldError> errors = new ArrayList<>();
    String type = params.get("request_type");
    if (type != null && RequestType.fromWire(type).isEmpty()) {
      errors.add(new FieldError("request_type", "must be one of forecast, storage, grid_switch, simulation"));
    }
    String status = params.get("status");
    if (status != null && !status.equals("completed") && !status.equals("failed")) {
      errors.add(new FieldError("status", "must be completed or failed"));
    }
    String region = params.get("region");
    if (region != null && (region.isBlank() || region.length() > 200)) {
      errors.add(new FieldError("region", "must be 1 to 200 characters"));
    }
    OffsetDateTime from = instant(params.get("from"), "from", errors);
    OffsetDateTime to = instant(params.get("to"), "to", errors);
    int limit = integer(params.get("limit"), "limit", 50, 1, RunFilter.MAX_LIMIT, errors);
    String cursor = params.get("cursor");
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new RunFilter(type, region, status, from, to, limit, cursor);
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
