package io.gridopt.solver.forecast;

/** A history that cannot be turned into a usable series; the message says why, in words. */
public class InvalidHistoryException extends RuntimeException {
  public InvalidHistoryException(String message) {
    super(message);
  }
}
