package io.gridopt.persistence;

import io.gridopt.bus.NearestRuns;
import io.gridopt.bus.SimilarQuery;
import io.gridopt.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nearest runs by cosine similarity of their summaries (GET /runs/search and /runs/{id}/similar).
 * It ranks the distinct summary vectors of one model ({@code embedding_vectors}), so runs with the
 * same summary form one hit with their count and newest ids. A filtered set of at most
 * {@link SearchSettings#exactBelow()} vectors is ranked exactly; a larger one through the model's
 * partial HNSW index with an iterative scan. Every answer says how many runs are not in the model.
 */
public final class VectorSearch {
  /** Run ids listed per hit, newest first. */
  static final int NEWEST_RUN_IDS = 5;
  /** How long a count of the runs not in a model is reused. */
  static final long NOT_IN_MODEL_TTL_MS = 5_000;

  private final Pool pool;
  private final SearchSettings settings;
  private final ModelIndexes indexes;
  private final Map<String, NotInModel> notInModel = new ConcurrentHashMap<>();
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

  public VectorSearch(Pool pool, SearchSettings settings, ModelIndexes indexes) {
    this.pool = pool;
    this.settings = settings;
    this.indexes = indexes;
  }

  /**
   * One nearest-vectors question: the query vector (pgvector literal) in {@code model}, optional type
   * and region, and what to leave out: a vector (a run's own summary) and a run (the run itself).
   */
  public record Nearest(String vector, String model, int k, String requestType, String region, Long excludedVector,
                        UUID excludedRun) {
  }

  /** A ranked hit: the summary vector and the hit as the API shows it (its newest run, score and group). */
  public record Hit(long vectorId, NearestRuns.Hit nearest) {
    public double score() {
      return nearest.score();
    }
  }

  /** Hits and how they were ranked ({@code exact}: every candidate by its true distance). */
  public record Answer(List<Hit> hits, boolean exact) {
  }

  /** The k runs nearest to a stored run, among vectors of its model and (unless anyType) of its type. */
  public Future<NearestRuns> similar(SimilarQuery query) {
    UUID id = query.id();
    int k = query.k();
    boolean anyType = query.anyType();
    boolean includeCopies = query.includeCopies();
    return pool.preparedQuery(Sql.RUN_EMBEDDING).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new ServiceException(404, "not_found", "no run with id " + id));
      }
      Row row = rows.iterator().next();
      String model = row.getString("model");
      if (row.getString("vector") == null) {
        return Future.succeededFuture(new NearestRuns(id, model, null, null, List.of(), null));
      }
      Nearest question = new Nearest(row.getString("vector"), model, k, anyType ? null : row.getString("request_type"),
          null, includeCopies ? null : row.getLong("vector_id"), id);
      return answer(question, id);
    });
  }

  /** The k runs nearest to a query vector of {@code model}, optionally of one type and region. */
  public Future<NearestRuns> search(String vector, String model, int k, String requestType, String region) {
    return answer(new Nearest(vector, model, k, requestType, region, null, null), null);
  }

  /** The answer to {@code question}; {@code similarTo} is the run a similar-runs question starts from. */
  private Future<NearestRuns> answer(Nearest question, UUID similarTo) {
    indexes.ensure(question.model());
    // two connections at once: the count does not wait for the ranking
    Future<Long> missing = runsNotInModel(question.model());
    return Future.all(nearest(question, false), missing).map(all -> {
      Answer nearest = all.resultAt(0);
      return new NearestRuns(similarTo, question.model(), missing.result(), nearest.exact(),
          nearest.hits().stream().map(Hit::nearest).toList(), null);
    });
  }

  /**
   * Runs of the database that a search in {@code model} cannot find (another model's vector, or none
   * yet). Counting them reads every run and every embedding of the model, so the count is reused for
   * {@value #NOT_IN_MODEL_TTL_MS} ms and refreshed in the background after that: an answer may be that
   * much behind. The first search of a model in this process waits for it.
   */
  public Future<Long> runsNotInModel(String model) {
    NotInModel known = notInModel.get(model);
    if (known == null) {
      return countNotInModel(model);
    }
    if (System.nanoTime() - known.countedAtNanos() > NOT_IN_MODEL_TTL_MS * 1_000_000 && refreshing.add(model)) {
      countNotInModel(model).onComplete(ar -> refreshing.remove(model));
    }
    return Future.succeededFuture(known.runs());
  }

  private Future<Long> countNotInModel(String model) {
    long started = System.nanoTime();
    return pool.preparedQuery(Sql.RUNS_NOT_IN_MODEL).execute(Tuple.of(model)).map(rows -> {
      long runs = Math.max(0, rows.iterator().next().getLong(0));
      notInModel.put(model, new NotInModel(runs, started));
      return runs;
    });
  }

  private record NotInModel(long runs, long countedAtNanos) {
  }

  /**
   * The nearest distinct summaries. {@code forceExact} ranks every candidate by its true distance (the
   * recall self-check's reference); otherwise the size of the filtered set decides.
   */
  public Future<Answer> nearest(Nearest q, boolean forceExact) {
    // two statements on one connection, no transaction: BEGIN and COMMIT would add two round trips
    return pool.withConnection(conn -> nearest(conn, q, forceExact));
  }

  /** The same on the caller's connection (the recall self-check compares two answers in one snapshot). */
  Future<Answer> nearest(SqlConnection conn, Nearest q, boolean forceExact) {
    return prepare(conn, q, forceExact).compose(statement -> conn
        .preparedQuery(statement.sql()).execute(statement.params()).map(found -> {
          List<Hit> hits = new ArrayList<>();
          for (Row row : found) {
            hits.add(new Hit(row.getLong("vector_id"), new NearestRuns.Hit(RunRows.run(row), row.getDouble("score"),
                row.getString("content"), row.getLong("run_count"), List.of(row.getArrayOfUUIDs("run_ids")))));
          }
          return new Answer(hits, statement.exact());
        }));
  }

  /**
   * Sets the scan settings and picks the statement, exact when the filtered set holds at most
   * {@link SearchSettings#exactBelow()} vectors (counted no further than that). The settings are the
   * connection's (not only a transaction's): they concern HNSW scans only, and every HNSW scan of
   * gridopt is a search that sets them first.
   */
  Future<Statement> prepare(SqlConnection conn, Nearest q, boolean forceExact) {
    Tuple countParams = Tuple.tuple();
    String settingsSql = String.format(Locale.ROOT, """
        select set_config('hnsw.iterative_scan', 'relaxed_order', false), set_config('hnsw.ef_search', '%d', false),
               (select count(*) from (select 1 from embedding_vectors v where %s limit %d) s) as candidates""",
        Math.max(settings.efSearch(), q.k()), filters(q, countParams, true), settings.exactBelow() + 1);
    return conn.preparedQuery(settingsSql).execute(countParams).map(rows -> statement(q,
        forceExact || rows.iterator().next().getLong("candidates") <= settings.exactBelow()));
  }

  /** A statement with its parameters; package-private so that SearchBench can EXPLAIN what the service runs. */
  record Statement(String sql, Tuple params, boolean exact) {
  }

  static Statement statement(Nearest q, boolean exact) {
    Tuple params = Tuple.of(q.vector());
    String where = filters(q, params, false);
    String runExclusion = "";
    if (q.excludedRun() != null) {
      params.addUUID(q.excludedRun());
      runExclusion = " and e.optimization_run_id <> $" + params.size();
    }
    // a vector counts while a run refers to it: re-embedding and deletions leave unreferenced ones behind.
    // A scalar subquery with LIMIT is never turned into a join, so the index scan stays an ordered scan.
    where += " and (select true from optimization_embeddings e where e.vector_id = v.id" + runExclusion + " limit 1)";
    String hits = exact
        // OFFSET 0 fences the subquery: its order cannot come from the HNSW index, so every candidate is
        // ranked by its true distance
        ? "with hits as materialized (select s.id, s.content, s.distance from (select v.id, v.content,"
            + " v.embedding <=> $1::vector as distance from embedding_vectors v where " + where + " offset 0) s"
            + " order by s.distance, s.id limit " + q.k() + ")"
        : "with hits as materialized (select v.id, v.content, v.embedding <=> $1::vector as distance"
            + " from embedding_vectors v where " + where + " order by v.embedding <=> $1::vector limit " + q.k() + ")";
    return new Statement(hits + String.format(Locale.ROOT, Sql.HIT_RUNS, runExclusion, NEWEST_RUN_IDS), params, exact);
  }

  /**
   * The conditions on {@code embedding_vectors v}: the model as a literal (a parameter would hide it
   * from the planner, which then could not use the model's partial index), the optional type and
   * region, and (unless {@code filtersOnly}) the excluded vector.
   */
  private static String filters(Nearest q, Tuple params, boolean filtersOnly) {
    List<String> conditions = new ArrayList<>();
    conditions.add("v.model = " + Sql.literal(q.model()));
    add(conditions, params, "v.request_type = $", q.requestType());
    add(conditions, params, "v.region = $", q.region());
    if (!filtersOnly) {
      add(conditions, params, "v.id <> $", q.excludedVector());
    }
    return String.join(" and ", conditions);
  }

  private static void add(List<String> conditions, Tuple params, String sqlPrefix, Object value) {
    if (value != null) {
      params.addValue(value);
      conditions.add(sqlPrefix + params.size());
    }
  }
}
