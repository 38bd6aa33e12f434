package io.gridopt.persistence;

import io.gridopt.bus.RunFilter;
import com.pgvector.PGvector;
import io.gridopt.bus.Embedding;
import io.gridopt.bus.EmbeddingReplace;
import io.gridopt.bus.NewRun;
import io.gridopt.bus.PendingEmbeddings;
import io.gridopt.bus.RunMetrics;
import io.gridopt.bus.RunPage;
import io.gridopt.bus.RunToEmbed;
import io.gridopt.bus.RunView;
import io.gridopt.domain.RequestType;
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

  public Future<Void> ping() {
    return pool.query(Sql.PING).execute().mapEmpty();
  }

  /**
   * Writes the run, its embedding, its execution metrics and its anomalies in one statement, so in one
   * round trip and atomically: either all of them exist afterwards or none. Returns the run as the API
   * shows it, anomalies included. A run whose id is already stored was saved by an earlier attempt whose
   * answer got lost: nothing is written again, and the stored run is returned.
   */
  public Future<RunView> save(NewRun run) {
    Tuple params = saveParams(run);
    return pool.preparedQuery(Sql.INSERT_RUN).execute(params).compose(rows -> {
      if (rows.size() == 0) {
        return stored(run.runId());
      }
      Row row = rows.iterator().next();
      RunView saved = RunRows.run(row, run.result());
      // read back only when there are some: their ids and detection times are the database's
      return row.getLong("anomaly_count") == 0 ? Future.succeededFuture(saved.withAnomalies(new JsonArray()))
          : AnomalyRepository.forRun(pool, saved.runId()).map(saved::withAnomalies);
    });
  }

  private Future<RunView> stored(UUID id) {
    return pool.preparedQuery(Sql.GET_RUN_SUMMARY).execute(Tuple.of(id))
        .compose(rows -> AnomalyRepository.forRun(pool, id).map(RunRows.run(rows.iterator().next())::withAnomalies));
  }

  /** The run's detail with its anomalies. */
  public Future<RunView> get(UUID id) {
    return pool.preparedQuery(Sql.GET_RUN).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new ServiceException(404, "not_found", "no run with id " + id));
      }
      RunView run = RunRows.detail(rows.iterator().next());
      return new AnomalyRepository(pool).forRun(id).map(run::withAnomalies);
    });
  }

  /** Newest first, at most {@code limit} runs, with a cursor for the next page when there may be one. */
  public Future<RunPage> list(RunFilter filter) {
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
      List<RunView> runs = new ArrayList<>();
      Row last = null;
      for (Row row : rows) {
        runs.add(RunRows.run(row));
        last = row;
      }
      String next = rows.size() == filter.limit() && last != null
          ? new Cursor(last.getOffsetDateTime("created_at"), last.getUUID("id")).encode() : null;
      return new RunPage(runs, next);
    });
  }

  /**
   * Up to {@code limit} runs without an embedding of {@code model}, oldest first, with everything their
   * summary is made of (anomalies included), so that a re-embedded run is summarised as it was the first time.
   */
  public Future<PendingEmbeddings.Runs> pendingEmbeddings(PendingEmbeddings query) {
    return pool.preparedQuery(Sql.PENDING_EMBEDDINGS).execute(Tuple.of(query.model(), query.limit())).compose(rows -> {
      List<UUID> ids = new ArrayList<>();
      rows.forEach(row -> ids.add(row.getUUID("id")));
      return new AnomalyRepository(pool).forRuns(ids).map(anomalies -> {
        List<RunToEmbed> runs = new ArrayList<>();
        for (Row row : rows) {
          UUID id = row.getUUID("id");
          runs.add(new RunToEmbed(id, RequestType.fromWire(row.getString("request_type")).orElse(null),
              row.getString("region"), row.getLocalDate("forecast_date"), row.getString("status"),
              row.getString("error"), row.getJsonObject("input_payload"),
              row.getValue("result_payload") instanceof JsonObject r ? r : null, anomalies.get(id)));
        }
        return new PendingEmbeddings.Runs(runs);
      });
    });
  }

  /**
   * Replaces a run's embedding(s) by one of the current model, in one transaction, and removes the
   * summary vectors that no run refers to any more.
   */
  public Future<Void> replaceEmbedding(EmbeddingReplace replace) {
    UUID runId = replace.id();
    Embedding embedding = replace.embedding();
    String vector = vectorLiteral(embedding.vector());
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

  private static Future<Void> insertEmbedding(SqlClient conn, UUID runId, Embedding embedding, String vector) {
    if (embedding == null) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(Sql.INSERT_EMBEDDING)
        .execute(Tuple.of(runId, vector, embedding.model(), embedding.content()))
        .mapEmpty();
  }

  /** The parameters of {@link Sql#INSERT_RUN}. */
  private static Tuple saveParams(NewRun run) {
    Embedding embedding = run.embedding();
    RunMetrics m = run.metrics();
    return Tuple.tuple()
        .addUUID(run.runId())
        .addString(run.requestType().wireName())
        .addString(run.region())
        .addLocalDate(run.forecastDate())
        .addValue(run.input())
        .addValue(run.result())
        .addString(run.status())
        .addString(run.error())
        .addString(run.qnn().modelId())
        .addString(run.qnn().mode())
        .addValue(run.qnn().executionTimeMs())
        .addValue(run.qnnRaw())
        .addString(embedding == null ? null : vectorLiteral(embedding.vector()))
        .addString(embedding == null ? null : embedding.model())
        .addString(embedding == null ? null : embedding.content())
        .addBoolean(m != null)
        .addString(m == null ? null : m.deviceUsed())
        .addValue(m == null ? null : integer(m.circuitDepth()))
        .addValue(m == null ? null : integer(m.nQubits()))
        .addValue(m == null ? null : m.executionTimeMs())
        .addValue(m == null || m.quantumCostUsd() == null ? null : Numeric.create(m.quantumCostUsd()))
        .addString(m == null ? null : m.solver())
        .addValue(m == null ? null : m.iterations())
        .addString(m == null ? null : m.nodeId())
        .addValue(run.anomalies() == null || run.anomalies().isEmpty() ? null : run.anomalies());
  }

  private static Integer integer(Long value) {
    return value == null ? null : Math.toIntExact(value);
  }

  static String vectorLiteral(float[] values) {
    if (values.length != VECTOR_DIMENSION) {
      throw new ValidationException("embedding.vector",
          "must have " + VECTOR_DIMENSION + " numbers, has " + values.length);
    }
    return new PGvector(values).toString();
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
