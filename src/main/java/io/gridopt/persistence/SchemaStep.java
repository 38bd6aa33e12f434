package io.gridopt.persistence;

import io.gridopt.config.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies schema.sql at start over a connection of its own, not through the service's pool: each attempt
 * (connect, schema lock, script) has a deadline, a database that is unreachable or does not answer is tried
 * again a few times, and then start-up fails saying why instead of waiting forever.
 *
 * <p>Why not the service's pool: when its wait for a connection ({@link Timeouts#DB_POOL_WAIT_MS}) timed out
 * while that connection was still being opened (a database too loaded to answer in time), the verticle's
 * start failed, and closing the pool on the way out failed that waiter a second time. Vert.x's pool (5.0.7)
 * throws "Promise already completed" inside its close, the close never completes, and neither does the
 * failed deployment waiting for it: the service hung at start. See docs/reliability.md.
 */
final class SchemaStep {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaStep.class);

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final String description;
  private final long attemptMs;

  /** {@code description}: the database as it may be logged (host:port/db, never the password). */
  SchemaStep(Vertx vertx, PgConnectOptions options, String description, long attemptMs) {
    this.vertx = vertx;
    this.options = options;
    this.description = description;
    this.attemptMs = attemptMs;
  }

  /** Applies the script, trying up to {@link Timeouts#DB_SCHEMA_ATTEMPTS} times while the database is unavailable. */
  Future<Void> apply(String script) {
    return attempt(script, 1);
  }

  private Future<Void> attempt(String script, int number) {
    return once(script).recover(failure -> {
      if (number >= Timeouts.DB_SCHEMA_ATTEMPTS || !DbFailures.isTransient(failure)) {
        return Future.failedFuture(number == 1 ? failure : new IllegalStateException("database " + description
            + ": the schema could not be applied in " + number + " attempts (" + failure.getMessage() + ")",
            failure));
      }
      long pauseMs = Timeouts.DB_SCHEMA_RETRY_MS * number;
      LOG.warn("database {}: applying the schema failed ({}), attempt {} of {} in {} ms", description,
          failure.getMessage(), number + 1, Timeouts.DB_SCHEMA_ATTEMPTS, pauseMs);
      Promise<Void> paused = Promise.promise();
      vertx.setTimer(pauseMs, id -> paused.complete());
      return paused.future().compose(v -> attempt(script, number + 1));
    });
  }

  /**
   * One attempt, over a pool of one connection of its own without a wait timeout (so without the wait timer
   * behind the hang): fails with a TimeoutException when it is not done within {@code attemptMs}. Its pool is
   * closed once its connection attempt is over; a failed start waits for that, so a database that never
   * answers a connection still holds up the end of a failed deployment (Vert.x 5.0.7 has no handshake timeout),
   * but the failure is reported at once and the deployment ends as soon as the database answers or refuses.
   */
  private Future<Void> once(String script) {
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1).setConnectionTimeout(0).setName("gridopt-pg-schema"))
        .with(DbConnect.tcp())
        .connectingTo(options)
        .using(vertx)
        .build();
    Promise<Void> done = Promise.promise();
    long timer = vertx.setTimer(attemptMs, id -> done.tryFail(new TimeoutException("no answer within " + attemptMs
        + " ms")));
    pool.withConnection(conn -> applyOn(conn, script)).onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        done.tryComplete();
      } else {
        done.tryFail(ar.cause());
      }
      // only now: closing a pool while its connection is still being opened is the very hang this class avoids
      pool.close();
    });
    return done.future();
  }

  /** Runs the script under an advisory lock, so that several nodes starting at once do not race. */
  static Future<Void> applyOn(SqlConnection conn, String script) {
    return conn.query(Sql.QUIET_NOTICES).execute()
        .compose(quiet -> conn.query(Sql.SCHEMA_LOCK).execute())
        .compose(locked -> conn.query(script).execute())
        .eventually(() -> conn.query(Sql.SCHEMA_UNLOCK).execute())
        .mapEmpty();
  }
}
