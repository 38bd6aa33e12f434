package io.gridopt.domain;

import java.util.List;

/** A request that cannot be accepted; maps to HTTP 400 with every field error listed. */
public class ValidationException extends RuntimeException {
  private final List<FieldError> errors;

  public ValidationException(List<FieldError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  public ValidationException(String field, String problem) {
    this(List.of(new FieldError(field, problem)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    if (errors.isEmpty()) {
      return "invalid request";
    }
    FieldError first = errors.get(0);
    String more = errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "";
    return first.field() + ": " + first.problem() + more;
  }
}
