package io.gridopt.persistence;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Test-side window on the statement behind {@code RunRepository.search} (GET /runs/search), for
 * SearchBench: its plan, and its exact answer with index scans disabled, both from the very SQL
 * text and parameters the service runs, so the benchmark cannot drift from the API.
 */
public final class SearchProbe {
  private SearchProbe() {
  }

  /** The schema script the service applies at start. */
  public static String schema() {
    return PersistenceVerticle.readSchema();
  }

  /** EXPLAIN (ANALYZE, BUFFERS) of the search statement, in a transaction with the service's settings. */
  public static Future<List<String>> explain(Pool pool, JsonArray vector, String model, int k, String requestType,
                                             String region) {
    RunRepository.NearestQuery query = query(vector, model, k, requestType, region);
    return pool.withTransaction(conn -> conn.query(Sql.ITERATIVE_SCAN).execute()
        .compose(v -> conn.preparedQuery("explain (analyze, buffers) " + query.sql()).execute(query.params()))
        .map(rows -> {
          List<String> lines = new ArrayList<>();
          for (Row row : rows) {
            lines.add(row.getString(0));
          }
          return lines;
        }));
  }

  /** One result: run id and cosine similarity. */
  public record Hit(UUID runId, double score) {
  }

  /**
   * The exact top k of the same statement: with index scans off the planner cannot use HNSW and
   * ranks every candidate row by its true distance.
   */
  public static Future<List<Hit>> exact(Pool pool, JsonArray vector, String model, int k, String requestType,
                                        String region) {
    RunRepository.NearestQuery query = query(vector, model, k, requestType, region);
    return pool.withTransaction(conn -> conn.query("set local enable_indexscan = off").execute()
        .compose(v -> conn.preparedQuery(query.sql()).execute(query.params()))
        .map(rows -> {
          List<Hit> hits = new ArrayList<>();
          for (Row row : rows) {
            hits.add(new Hit(row.getUUID("id"), row.getDouble("score")));
          }
          return hits;
        }));
  }

  /**
   * Models of the exact top k over ALL rows, without the model filter: not a query the service runs,
   * but what it would return if it forgot the filter.
   */
  public static Future<List<String>> exactModelsWithoutFilter(Pool pool, JsonArray vector, int k) {
    String sql = "select e.model from optimization_embeddings e order by e.embedding <=> $1::vector limit " + k;
    return pool.withTransaction(conn -> conn.query("set local enable_indexscan = off").execute()
        .compose(v -> conn.preparedQuery(sql).execute(Tuple.of(RunRepository.vectorLiteral(vector))))
        .map(rows -> {
          List<String> models = new ArrayList<>();
          for (Row row : rows) {
            models.add(row.getString(0));
          }
          return models;
        }));
  }

  private static RunRepository.NearestQuery query(JsonArray vector, String model, int k, String requestType,
                                                  String region) {
    return RunRepository.nearestQuery(RunRepository.vectorLiteral(vector), model, k, requestType, region, null);
  }
}
