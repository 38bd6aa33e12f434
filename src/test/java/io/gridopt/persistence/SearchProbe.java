package io.gridopt.persistence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side window on the statements behind GET /runs/search, for SearchBench: the plan of what the
 * service runs, from the very SQL text and parameters {@link VectorSearch} picks, so the benchmark
 * cannot drift from the API.
 */
public final class SearchProbe {
  private SearchProbe() {
  }

  /** Applies the schema script the service applies at start, over one of the pool's connections. */
  public static Future<Void> applySchema(Pool pool) {
    return pool.withConnection(conn -> SchemaStep.applyOn(conn, PersistenceVerticle.readSchema()));
  }

  /** EXPLAIN (ANALYZE, BUFFERS) of the statement the service would run, in a transaction with its settings. */
  public static Future<List<String>> explain(Pool pool, VectorSearch search, VectorSearch.Nearest question) {
    return pool.withTransaction(conn -> search.prepare(conn, question, false)
        .compose(statement -> conn.preparedQuery("explain (analyze, buffers) " + statement.sql())
            .execute(statement.params()))
        .map(rows -> {
          List<String> lines = new ArrayList<>();
          for (Row row : rows) {
            lines.add(row.getString(0));
          }
          return lines;
        }));
  }

  /**
   * Models of the exact top k over ALL vectors, without the model filter: not a query the service runs,
   * but what it would return if it forgot the filter.
   */
  public static Future<List<String>> exactModelsWithoutFilter(Pool pool, String vector, int k) {
    String sql = "select v.model from embedding_vectors v order by v.embedding <=> $1::vector limit " + k;
    return pool.withTransaction(conn -> conn.query("set local enable_indexscan = off").execute()
        .compose(v -> conn.preparedQuery(sql).execute(Tuple.of(vector)))
        .map(rows -> {
          List<String> models = new ArrayList<>();
          for (Row row : rows) {
            models.add(row.getString(0));
          }
          return models;
        }));
  }
}
