package io.gridopt.testsupport;

import io.gridopt.persistence.DbConnect;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.UUID;

/**
 * A database of its own on the test server, for tests that count rows: the shared test database is
 * also used (and truncated) by other test runs, which would make "rows before = rows after" racy.
 * The service applies the schema on start; {@link #drop} removes the database.
 */
public final class PrivateDatabase {
  private PrivateDatabase() {
  }

  /** Creates a fresh database next to {@link TestDatabase#URL} and returns its URL. */
  public static String create(Vertx vertx) {
    String name = "gridopt_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin(vertx, "create database " + name);
    return TestDatabase.URL.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
  }

  public static void drop(Vertx vertx, String url) {
    String name = url.replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
    admin(vertx, "drop database if exists " + name + " with (force)");
  }

  private static void admin(Vertx vertx, String sql) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).with(DbConnect.tcp())
        .connectingTo(DbConnect.options(TestDatabase.URL, null)).using(vertx).build();
    try {
      pool.query(sql).execute().await();
    } finally {
      pool.close().await();
    }
  }
}
