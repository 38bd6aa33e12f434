package io.gridopt.persistence;

import com.pgvector.PGvector;
import io.gridopt.domain.ServiceException;
import io.gridopt.domain.ValidationException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Runs, their embeddings and execution metrics in PostgreSQL + pgvector. */
public final class RunRepository {
  /** Width of {@code optimization_embeddings.embedding}; smaller model vectors arrive zero-padded. */
  public static final int VECTOR_DIMENSION = 1536;

  private final Pool pool;

  public RunRepository(Pool pool) {
    this.pool = pool;
  }

  /** Applies schema.sql under an advisory lock, so that several nodes starting at once do not race. */
  public Future<Void> applySchema(String script) {
    return pool.withConnection(conn -> conn.query(Sql.QUIET_NOTICES).execute()
        .compose(quiet -> conn.query(Sql.SCHEMA_LOCK).execute())
        .compose(locked -> conn.query(script).execute())
        .eventually(() -> conn.query(Sql.SCHEMA_UNLOCK).execute())
        .mapEmpty());
  }

  public Future<Void> ping() {
    return pool.query(Sql.PING).execute().mapEmpty();
  }

  /**
   * Writes the run, its embedding, its execution metrics and its anomalies in one transaction: either
   * all of them exist afterwards or none. Returns the run as the API shows it, anomalies included.
   */
  public Future<JsonObject> save(JsonObject run) {
    Tuple runParams = runParams(run);
    JsonObject embedding = run.getJsonObject("embedding");
    String vector = embedding == null ? null : vectorLiteral(embedding.getJsonArray("vector"));
    JsonObject metrics = run.getJsonObject("metrics");
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.INSERT_RUN).execute(runParams)
        .compose(rows -> {
          Row row = rows.iterator().next();
          UUID id = row.getUUID("id");
          return insertEmbedding(conn, id, embedding, vector)
              .compose(v -> insertMetrics(conn, id, metrics))
              .compose(v -> AnomalyRepository.insert(conn, id, run.getJsonArray("anomalies")))
              .map(anomalies -> RunRows.run(row).put("anomalies", anomalies));
        }));
  }

  /** The run's detail with its anomalies. */
  public Future<JsonObject> get(UUID id) {
    return pool.preparedQuery(Sql.GET_RUN).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new ServiceException(404, "not_found", "no run with id " + id));
      }
      JsonObject run = RunRows.detail(rows.iterator().next());
      return new AnomalyRepository(pool).forRun(id).map(anomalies -> run.put("anomalies", anomalies));
    });
  }

  /** Newest first, at most {@code limit} runs, with a cursor for the next page when there may be one. */
  public Future<JsonObject> list(RunFilter filter) {
    List<String> conditions = new ArrayList<>();
    Tuple params = Tuple.tuple();
    addCondition(conditions, params, "r.request_type = $", filter.requestType());
    addCondition(conditions, params, "r.region = $", filter.region());
    addCondition(conditions, params, "r.status = $", filter.status());
    addCondition(conditions, params, "r.created_at >= $", filter.from());
    addCondition(conditions, params, "r.created_at < $", filter.to());
    if (filter.cursor() != null) {
      Cursor cursor = Cursor.decode(filter.cursor());
      params.addOffsetDateTime(cursor.createdAt()).addUUID(cursor.id());
      conditions.add("(r.created_at, r.id) < ($" + (params.size() - 1) + ", $" + params.size() + ")");
    }
    String sql = Sql.LIST_RUNS + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
        + " order by r.created_at desc, r.id desc limit " + filter.limit();
    return pool.preparedQuery(sql).execute(params).map(rows -> {
      JsonArray runs = new JsonArray();
      Row last = null;
      for (Row row : rows) {
        runs.add(RunRows.run(row));
        last = row;
      }
      String next = rows.size() == filter.limit() && last != null
          ? new Cursor(last.getOffsetDateTime("created_at"), last.getUUID("id")).encode() : null;
      return new JsonObject().put("runs", runs).put("next_cursor", next);
    });
  }

  /**
   * Up to {@code limit} runs without an embedding of {@code model}, oldest first, with everything their
   * summary is made of (anomalies included), so that a re-embedded run is summarised as it was the first time.
   */
  public Future<JsonArray> pendingEmbeddings(String model, int limit) {
    return pool.preparedQuery(Sql.PENDING_EMBEDDINGS).execute(Tuple.of(model, limit)).compose(rows -> {
      List<UUID> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getUUID("id")));
      return new AnomalyRepository(pool).forRuns(ids).map(anomalies -> {
        JsonArray runs = new JsonArray();
        for (Row row : rows) {
          UUID id = row.getUUID("id");
          runs.add(new JsonObject()
              .put("run_id", id.toString())
              .put("request_type", row.getString("request_type"))
              .put("region", row.getString("region"))
              .put("forecast_date", row.getLocalDate("forecast_date").toString())
              .put("status", row.getString("status"))
              .put("error", row.getString("error"))
              .put("input", row.getJsonObject("input_payload"))
              .put("result", row.getValue("result_payload") instanceof JsonObject r ? r : null)
              .put("anomalies", anomalies.get(id)));
        }
        return runs;
      });
    });
  }

  /**
   * Replaces a run's embedding(s) by one of the current model, in one transaction, and removes the
   * summary vectors that no run refers to any more.
   */
  public Future<Void> replaceEmbedding(UUID runId, JsonObject embedding) {
    String vector = vectorLiteral(embedding.getJsonArray("vector"));
    return pool.withTransaction(conn -> conn.preparedQuery(Sql.DELETE_EMBEDDINGS).execute(Tuple.of(runId))
        .compose(deleted -> {
          List<Long> former = new ArrayList<>();
          deleted.forEach(row -> former.add(row.getLong("vector_id")));
          return insertEmbedding(conn, runId, embedding, vector)
              .compose(v -> conn.preparedQuery(Sql.DELETE_UNREFERENCED_VECTORS)
                  .execute(Tuple.of(former.toArray(new Long[0]))))
              .<Void>mapEmpty();
        }));
  }

  /** Adds "{@code sqlPrefix}$n" with {@code value} as parameter n, when the value is given. */
  static void addCondition(List<String> conditions, Tuple params, String sqlPrefix, Object value) {
    if (value != null) {
      params.addValue(value);
      conditions.add(sqlPrefix + params.size());
    }
  }

  private static Future<Void> insertEmbedding(SqlClient conn, UUID runId, JsonObject embedding, String vector) {
    if (embedding == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(Sql.INSERT_EMBEDDING)
        .execute(Tuple.of(runId, vector, embedding.getString("model"), embedding.getString("content")))
        .mapEmpty();
  }

  private static Future<Void> insertMetrics(SqlClient conn, UUID runId, JsonObject m) {
    if (m == null) {
      return Future.succeededFuture();
    }
    Double cost = m.getDouble("quantum_cost_usd");
    Tuple params = Tuple.of(runId, m.getString("device_used"), m.getInteger("circuit_depth"),
        m.getInteger("n_qubits"), m.getDouble("execution_time_ms"), cost == null ? null : Numeric.create(cost),
        m.getString("solver"), m.getLong("iterations"), m.getString("node_id"));
    return conn.preparedQuery(Sql.INSERT_METRICS).execute(params).mapEmpty();
  }

  private static Tuple runParams(JsonObject run) {
    JsonObject qnn = run.getJsonObject("qnn", new JsonObject());
    return Tuple.tuple()
        .addString(run.getString("request_type"))
        .addString(run.getString("region"))
        .addLocalDate(LocalDate.parse(run.getString("forecast_date")))
        .addValue(run.getJsonObject("input"))
        .addValue(run.getJsonObject("result"))
        .addString(run.getString("status"))
        .addString(run.getString("error"))
        .addString(qnn.getString("model_id"))
        .addString(qnn.getString("mode"))
        .addValue(qnn.getDouble("execution_time_ms"))
        .addValue(run.getJsonObject("qnn_raw"));
  }

  static String vectorLiteral(JsonArray values) {
    if (values == null || values.size() != VECTOR_DIMENSION) {
      throw new ValidationException("embedding.vector",
          "must have " + VECTOR_DIMENSION + " numbers, has " + (values == null ? 0 : values.size()));
    }
    float[] floats = new float[values.size()];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = values.getNumber(i).floatValue();
    }
    return new PGvector(floats).toString();
  }

  /** Position in the newest-first order: (created_at, id) of the last run of a page. */
  record Cursor(OffsetDateTime createdAt, UUID id) {
    String encode() {
      String raw = createdAt + "|" + id;
      return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String token) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        int bar = raw.indexOf('|');
        return new Cursor(OffsetDateTime.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
      } catch (RuntimeException e) {
        throw new ValidationException("cursor", "is not a next_cursor returned by a previous page");
      }
    }
  }
}
