package io.gridopt.persistence;

import io.gridopt.bus.ErrorCodes;
import io.gridopt.domain.ServiceException;
import io.gridopt.domain.ValidationException;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

/**
 * Tells a database that is down (refused or lost connection, pool wait timed out, server shutting
 * down or out of connections) from a real error, so that the former answers 503 {@code database_unavailable}
 * (retry later) rather than 500. The pool itself recovers: broken connections are discarded and
 * new ones opened on the next request, so nothing needs restarting when the database returns.
 */
public final class DbFailures {

  private DbFailures() {
  }

  public static <T> Future<T> guard(Future<T> operation) {
    return operation.recover(failure -> Future.failedFuture(translate(failure)));
  }

  /**
   * Why the database could not be reached at start-up, in words: a TLS verification failure names the
   * setting to check instead of a bare PKIX stack trace. Never includes the URL's password.
   */
  public static Throwable atStart(Throwable failure, String url) {
    Throwable tls = tlsFailure(failure);
    if (tls != null) {
      return new IllegalStateException("database " + DbConnect.describe(url) + ": TLS handshake failed ("
          + firstLine(String.valueOf(tls.getMessage())) + "); with sslmode=verify-ca/verify-full the server "
          + "certificate must be signed by the CA in GRIDOPT_DB_SSL_CA and, for verify-full, name the host", failure);
    }
    return failure;
  }

  /**
   * Whether trying again may help: the database could not be reached or did not answer in time. A TLS
   * verification failure or a statement the database refused stays as it is however often it is tried.
   */
  static boolean isTransient(Throwable failure) {
    return tlsFailure(failure) == null && translate(failure) instanceof ServiceException e && e.status() == 503;
  }

  private static Throwable tlsFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException || String.valueOf(t.getMessage()).contains("SSL handshake")) {
        return t;
      }
    }
    return null;
  }

  static Throwable translate(Throwable failure) {
    if (failure instanceof ServiceException || failure instanceof ValidationException) {
      return failure;
    }
    if (failure instanceof PgException pg && !unavailable(pg.getSqlState())) {
      return failure; // a statement the database refused: a bug, reported as 500
    }
    return new ServiceException(503, ErrorCodes.DATABASE_UNAVAILABLE, "database unavailable (" + failure.getClass().getSimpleName()
        + (failure.getMessage() == null ? "" : ": " + firstLine(failure.getMessage())) + ")");
  }

  /** SQLSTATE classes meaning "not now": 08 connection exception, 57P admin/crash shutdown, 53 resources. */
  private static boolean unavailable(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.startsWith("53"));
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) : line;
  }
}
