package io.gridopt.persistence;

/** Every SQL statement of gridopt. Vectors travel as pgvector text literals cast with ::vector. */
final class Sql {
  /** Quiet "already exists, skipping" notices of the idempotent schema script. */
  static final String QUIET_NOTICES = "set client_min_messages = warning";
  static final String SCHEMA_LOCK = "select pg_advisory_lock(726473)";
  static final String SCHEMA_UNLOCK = "select pg_advisory_unlock(726473)";

  /**
   * A run with its embedding, metrics and anomalies in ONE statement: one round trip, atomic on its own
   * (no BEGIN/COMMIT). Under the id its submitter chose: a save repeated after a lost answer finds the row
   * the first attempt committed (or waits for its transaction), {@code r} is empty and nothing else is
   * written. $13-$15: the embedding (null vector: none); $16: whether there are metrics, $17-$24 their
   * fields; $25: the anomalies as a JSON array (their fields as in {@code NewRun}). The embedding trigger
   * finds the run that {@code r} inserts: a trigger's own queries see the rows of the command that fired it.
   * The result is not returned: the saver has it, and decoding it back from jsonb cost as much as sending it.
   */
  static final String INSERT_RUN = """
      with r as (
        insert into optimization_runs (id, request_type, region, forecast_date, input_payload, result_payload, status,
                                       error, qnn_model_id, qnn_mode, qnn_execution_time, qnn_raw_response)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
        on conflict (id) do nothing
        returning id, request_type, region, forecast_date, status, error, qnn_model_id, qnn_mode, qnn_execution_time,
                  created_at),
      e as (
        insert into optimization_embeddings (optimization_run_id, embedding, model, content)
        select r.id, $13::vector, $14::text, $15::text from r where $13::vector is not null),
      m as (
        insert into qnn_execution_metrics (optimization_run_id, device_used, circuit_depth, n_qubits,
                                           execution_time_ms, quantum_cost_usd, solver, iterations, node_id)
        select r.id, $17::text, $18::integer, $19::integer, $20::float8, $21::numeric, $22::text, $23::bigint,
               $24::text
        from r where $16::boolean),
      a as (
        insert into anomalies (optimization_run_id, type, severity, description, suggested_actions, start_at, end_at,
                               buses, branches, figures)
        select r.id, x->>'type', x->>'severity', x->>'description', %1$s, (x->>'start')::timestamptz,
               (x->>'end')::timestamptz, %2$s, %3$s,
               case when jsonb_typeof(x->'figures') = 'object' then x->'figures' else '{}'::jsonb end
        from r cross join jsonb_array_elements(coalesce($25::jsonb, '[]'::jsonb)) x
        returning 1)
      select r.*, (select count(*) from a) as anomaly_count from r""".formatted(
      textArray("suggested_actions"), textArray("buses"), textArray("branches"));

  /** The strings of the anomaly's JSON array {@code field} as text[] (empty when absent). */
  private static String textArray(String field) {
    return "array(select jsonb_array_elements_text(case when jsonb_typeof(x->'%1$s') = 'array' then x->'%1$s'"
        .formatted(field) + " else '[]'::jsonb end))";
  }

  static final String INSERT_EMBEDDING = """
      insert into optimization_embeddings (optimization_run_id, embedding, model, content)
      values ($1, $2::vector, $3, $4)""";

  static final String RUN_COLUMNS = """
      r.id, r.request_type, r.region, r.forecast_date, r.result_payload, r.status, r.error, r.qnn_model_id,
      r.qnn_mode, r.qnn_execution_time, r.created_at""";

  static final String GET_RUN = "select " + RUN_COLUMNS + """
      , r.input_payload, r.qnn_raw_response,
        m.device_used, m.circuit_depth, m.n_qubits, m.execution_time_ms, m.quantum_cost_usd, m.solver, m.iterations,
        m.node_id,
        e.model as embedding_model, vector_dims(e.embedding) as embedding_dimension, e.content as embedding_content
      from optimization_runs r
      left join lateral (select * from qnn_execution_metrics where optimization_run_id = r.id
                         order by created_at desc limit 1) m on true
      left join lateral (select * from optimization_embeddings where optimization_run_id = r.id
                         order by created_at desc limit 1) e on true
      where r.id = $1""";

  /** List query head; the repository appends the filters, the cursor condition and the limit. */
  static final String GET_RUN_SUMMARY = "select " + RUN_COLUMNS + " from optimization_runs r where r.id = $1";

  static final String LIST_RUNS = "select " + RUN_COLUMNS + " from optimization_runs r";

  static final String PING = "select 1";

  static final String RUN_EMBEDDING = """
      select e.embedding::text as vector, e.model, e.vector_id, r.request_type
      from optimization_runs r left join optimization_embeddings e on e.optimization_run_id = r.id
      where r.id = $1 order by e.created_at desc limit 1""";

  /**
   * What a nearest-vectors statement ({@link VectorSearch}) adds to its {@code hits}: each hit's runs (the
   * runs sharing that summary), their count and the newest ones, the newest run's columns. %s is the
   * optional condition that leaves one run out (GET /runs/{id}/similar leaves out the run itself).
   */
  static final String HIT_RUNS = " select " + RUN_COLUMNS + """
      , h.id as vector_id, h.content, 1 - h.distance as score, c.run_count, n.run_ids
      from hits h
      cross join lateral (select count(*) as run_count from optimization_embeddings e where e.vector_id = h.id%1$s) c
      cross join lateral (select array_agg(t.id order by t.created_at desc, t.id desc) as run_ids
                          from (select r.id, r.created_at from optimization_embeddings e
                                join optimization_runs r on r.id = e.optimization_run_id
                                where e.vector_id = h.id%1$s order by r.created_at desc, r.id desc limit %2$d) t) n
      join optimization_runs r on r.id = n.run_ids[1]
      order by h.distance, h.id""";

  /** Runs that cannot be found in model $1: embedded with another model only, or not at all. */
  static final String RUNS_NOT_IN_MODEL = """
      select (select count(*) from optimization_runs)
           - (select count(*) from optimization_embeddings where model = $1) as missing""";

  /** Models that have vectors, for their HNSW indexes and the recall self-check. */
  static final String VECTOR_MODELS = "select distinct model from embedding_vectors";

  /**
   * Serialises index builds across nodes (CREATE INDEX CONCURRENTLY of one name must not race). Never
   * waited for: a build waits for every older transaction, so a session waiting for this lock in a
   * transaction while another builds would be a deadlock.
   */
  static final String INDEX_TRY_LOCK = "select pg_try_advisory_lock(726474)";
  static final String INDEX_UNLOCK = "select pg_advisory_unlock(726474)";
  static final String INDEX_VALID = "select i.indisvalid from pg_index i where i.indexrelid = to_regclass($1)";

  /**
   * A string as an SQL literal, for the few statements that cannot take a parameter: DDL, and the
   * model condition that must be a constant for the planner to match a partial index. Assumes
   * standard_conforming_strings (on by default since PostgreSQL 9.1): only the quote needs doubling.
   */
  static String literal(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an SQL literal cannot hold a NUL character");
    }
    return "'" + value.replace("'", "''") + "'";
  }

  static final String PENDING_EMBEDDINGS = """
      select r.id, r.request_type, r.region, r.forecast_date, r.status, r.error, r.input_payload, r.result_payload
      from optimization_runs r
      where not exists (select 1 from optimization_embeddings e where e.optimization_run_id = r.id and e.model = $1)
      order by r.created_at, r.id limit $2""";

  static final String DELETE_EMBEDDINGS =
      "delete from optimization_embeddings where optimization_run_id = $1 returning vector_id";

  static final String DELETE_UNREFERENCED_VECTORS = """
      delete from embedding_vectors v
      where v.id = any($1) and not exists (select 1 from optimization_embeddings e where e.vector_id = v.id)""";

  private Sql() {
  }
}
