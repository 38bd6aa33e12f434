package io.gridopt.domain;

import java.util.List;
import java.util.Map;

/**
 * A failure with an HTTP-like status and a stable machine-readable code, e.g. 404 {@code not_found},
 * 502 {@code qnn_bad_response}, 503 {@code unavailable}, 504 {@code timeout}. It may carry field
 * details (an upstream 422 keeps its binding constraints) and the raw upstream answer, which is
 * recorded with the failed run but never shown in the HTTP error.
 */
public class ServiceException extends RuntimeException {
  private final int status;
  private final String code;
  private final List<FieldError> details;
  private final Map<String, Object> upstream;

  public ServiceException(int status, String code, String message) {
    this(status, code, message, List.of(), null);
  }

  public ServiceException(int status, String code, String message, List<FieldError> details,
                          Map<String, Object> upstream) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = List.copyOf(details);
    this.upstream = upstream;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> details() {
    return details;
  }

  /** The raw upstream answer ({@code status} and {@code body}), or null. */
  public Map<String, Object> upstream() {
    return upstream;
  }
}
