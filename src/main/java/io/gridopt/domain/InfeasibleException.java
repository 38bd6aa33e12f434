package io.gridopt.domain;

import java.util.List;

/**
 * A valid request whose problem has no solution; maps to HTTP 422. The message says in words and
 * numbers why; {@code binding} names the constraint(s) that cannot be met (field = constraint name).
 */
public class InfeasibleException extends RuntimeException {
  private final List<FieldError> binding;

  public InfeasibleException(String message, List<FieldError> binding) {
    super(message);
    this.binding = List.copyOf(binding);
  }

  public InfeasibleException(String constraint, String problem) {
    this(constraint + ": " + problem, List.of(new FieldError(constraint, problem)));
  }

  public List<FieldError> binding() {
    return binding;
  }
}
