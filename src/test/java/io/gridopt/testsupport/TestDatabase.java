package io.gridopt.testsupport;

import io.gridopt.persistence.DbConnect;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;

/**
 * The real PostgreSQL + pgvector the tests run against: {@code GRIDOPT_TEST_DB_URL}, by default the
 * project's local cluster ({@code bin/gridopt db start}). A database that is not there fails the
 * tests; it never skips them.
 */
public final class TestDatabase {
  public static final String URL = System.getenv().getOrDefault("GRIDOPT_TEST_DB_URL",
      "postgresql://gridopt@127.0.0.1:54329/gridopt_test");

  private TestDatabase() {
  }

  public static Pool pool(Vertx vertx) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).with(DbConnect.tcp())
        .connectingTo(DbConnect.options(URL, null)).using(vertx).build();
  }

  /**
   * Applies planner {@code settings} (for example {@code set enable_seqscan = off}) to new sessions of
   * the test database, so that the service's own pools get them; tests run one class at a time.
   */
  public static void newSessions(Pool pool, String... settings) {
    for (String setting : settings) {
      pool.query("do $$ begin execute format('alter database %I " + setting + "', current_database()); end $$")
          .execute().await();
    }
  }

  /** Empties every gridopt table (the schema is created by the persistence verticle at start). */
  public static Future<Void> truncate(Pool pool) {
    return pool.query("""
        do $$ begin
          if to_regclass('optimization_runs') is not null then
            truncate optimization_runs, optimization_embeddings, qnn_execution_metrics, anomalies cascade;
          end if;
        end $$""").execute().mapEmpty();
  }

  public static Future<Long> count(Pool pool, String sql, Object... params) {
    return pool.preparedQuery(sql).execute(Tuple.wrap(params)).map(rows -> rows.iterator().next().getLong(0));
  }
}
