package io.gridopt.embedding;

/**
 * The remote embedding service failed; {@link #status()} is the HTTP-like code the service maps it
 * to (502 bad answer, 503 unreachable, 504 timeout), ready for {@code msg.fail(status, message)}.
 */
public class RemoteEmbeddingException extends RuntimeException {
  private final int status;

  public RemoteEmbeddingException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
