package io.gridopt.persistence;

import io.gridopt.bus.AnomalyFilter;
import io.gridopt.bus.AnomalyPage;
import io.gridopt.bus.AnomalyView;
import io.gridopt.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The {@code anomalies} table: findings (written with their run by {@code Sql.INSERT_RUN}) listed, read and resolved. */
public final class AnomalyRepository {
  private static final String COLUMNS = """
      a.id, a.optimization_run_id, a.type, a.severity, a.description, a.suggested_actions, a.start_at, a.end_at,
      a.buses, a.branches, a.figures, a.resolved, a.detected_at, a.resolved_at, r.region, r.request_type""";
  private static final String SELECT = "select " + COLUMNS
      + " from anomalies a left join optimization_runs r on r.id = a.optimization_run_id";
  /** A run's findings: those in a series in time order, then the others by type. */
  private static final String FOR_RUN = SELECT + " where a.optimization_run_id = $1 order by a.start_at nulls last, a.type, a.id";
  /** The findings of several runs, each run's in the order of {@link #FOR_RUN}. */
  private static final String FOR_RUNS = SELECT
      + " where a.optimization_run_id = any($1) order by a.optimization_run_id, a.start_at nulls last, a.type, a.id";
  private static final String GET = SELECT + " where a.id = $1";
  /** Idempotent: a second resolve keeps the first resolved_at. */
  private static final String RESOLVE = """
      update anomalies set resolved = true, resolved_at = coalesce(resolved_at, now()) where id = $1 returning id""";

  private final Pool pool;

  public AnomalyRepository(Pool pool) {
    this.pool = pool;
  }

  public Future<JsonArray> forRun(UUID runId) {
    return forRun(pool, runId);
  }

  static Future<JsonArray> forRun(SqlClient client, UUID runId) {
    return client.preparedQuery(FOR_RUN).execute(Tuple.of(runId)).map(AnomalyRepository::rows);
  }

  /** The findings of each of {@code runIds} (a run without any maps to an empty array). */
  public Future<Map<UUID, JsonArray>> forRuns(List<UUID> runIds) {
    Map<UUID, JsonArray> byRun = new HashMap<>();
    runIds.forEach(id -> byRun.put(id, new JsonArray()));
    if (runIds.isEmpty()) {
      return Future.succeededFuture(byRun);
    }
    return pool.preparedQuery(FOR_RUNS).execute(Tuple.of(runIds.toArray(new UUID[0]))).map(rows -> {
      for (Row row : rows) {
        byRun.get(row.getUUID("optimization_run_id")).add(view(row).toJson());
      }
      return byRun;
    });
  }

  public Future<AnomalyView> get(UUID id) {
    return pool.preparedQuery(GET).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw new ServiceException(404, "not_found", "no anomaly with id " + id);
      }
      return view(rows.iterator().next());
    });
  }

  /** Marks the anomaly resolved (once: resolving again changes nothing) and returns it. */
  public Future<AnomalyView> resolve(UUID id) {
    return pool.preparedQuery(RESOLVE).execute(Tuple.of(id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(new ServiceException(404, "not_found", "no anomaly with id " + id)) : get(id));
  }

  /** Newest first, at most {@code limit}, with a cursor for the next page when there may be one. */
  public Future<AnomalyPage> list(AnomalyFilter filter) {
    List<String> conditions = new ArrayList<>();
    Tuple params = Tuple.tuple();
    RunRepository.addCondition(conditions, params, "a.type = $", filter.type());
    RunRepository.addCondition(conditions, params, "a.severity = $", filter.severity());
    RunRepository.addCondition(conditions, params, "r.region = $", filter.region());
    RunRepository.addCondition(conditions, params, "a.optimization_run_id = $", filter.runId());
    RunRepository.addCondition(conditions, params, "a.resolved = $", filter.resolved());
    RunRepository.addCondition(conditions, params, "a.detected_at >= $", filter.from());
    RunRepository.addCondition(conditions, params, "a.detected_at < $", filter.to());
    if (filter.cursor() != null) {
      RunRepository.Cursor cursor = RunRepository.Cursor.decode(filter.cursor());
      params.addOffsetDateTime(cursor.createdAt()).addUUID(cursor.id());
      conditions.add("(a.detected_at, a.id) < ($" + (params.size() - 1) + ", $" + params.size() + ")");
    }
    String sql = SELECT + (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
        + " order by a.detected_at desc, a.id desc limit " + filter.limit();
    return pool.preparedQuery(sql).execute(params).map(rows -> {
      List<AnomalyView> page = new ArrayList<>();
      for (Row row : rows) {
        page.add(view(row));
      }
      AnomalyView last = page.isEmpty() ? null : page.get(page.size() - 1);
      String next = page.size() == filter.limit() && last != null
          ? new RunRepository.Cursor(last.detectedAt(), last.anomalyId()).encode() : null;
      return new AnomalyPage(page, next);
    });
  }

  private static JsonArray rows(RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    for (Row row : rows) {
      out.add(view(row).toJson());
    }
    return out;
  }

  /** The anomaly of a row of {@link #SELECT}. */
  static AnomalyView view(Row row) {
    return new AnomalyView(row.getUUID("id"), row.getUUID("optimization_run_id"), row.getString("region"),
        row.getString("request_type"), row.getString("type"), row.getString("severity"), row.getString("description"),
        List.of(row.getArrayOfStrings("suggested_actions")), row.getOffsetDateTime("start_at"),
        row.getOffsetDateTime("end_at"), List.of(row.getArrayOfStrings("buses")),
        List.of(row.getArrayOfStrings("branches")), row.getJsonObject("figures"), row.getBoolean("resolved"),
        row.getOffsetDateTime("detected_at"), row.getOffsetDateTime("resolved_at"));
  }
}
