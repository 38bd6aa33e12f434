package io.gridopt.persistence;

/** Every SQL statement of gridopt. Vectors travel as pgvector text literals cast with ::vector. */
final class Sql {
  /** Quiet "already exists, skipping" notices of the idempotent schema script. */
  static final String QUIET_NOTICES = "set client_min_messages = warning";
  static final String SCHEMA_LOCK = "select pg_advisory_lock(726473)";
  static final String SCHEMA_UNLOCK = "select pg_advisory_unlock(726473)";

  static final String INSERT_RUN = """
      insert into optimization_runs (request_type, region, forecast_date, input_payload, result_payload, status,
                                     error, qnn_model_id, qnn_mode, qnn_execution_time, qnn_raw_response)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      returning id, request_type, region, forecast_date, result_payload, status, error, qnn_model_id, qnn_mode,
                qnn_execution_time, created_at""";

  static final String INSERT_EMBEDDING = """
      insert into optimization_embeddings (optimization_run_id, embedding, model, content)
      values ($1, $2::vector, $3, $4)""";

  static final String INSERT_METRICS = """
      insert into qnn_execution_metrics (optimization_run_id, device_used, circuit_depth, n_qubits, execution_time_ms,
                                         quantum_cost_usd, solver, iterations, node_id)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9)""";

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
  static final String LIST_RUNS = "select " + RUN_COLUMNS + " from optimization_runs r";

  static final String PING = "select 1";

  static final String RUN_EMBEDDING = """
      select e.embedding::text as vector, e.model, r.request_type
      from optimization_runs r left join optimization_embeddings e on e.optimization_run_id = r.id
      where r.id = $1 order by e.created_at desc limit 1""";

  /**
   * Nearest runs by cosine distance among vectors of ONE model ($2); the repository appends the
   * optional filters, then the order and limit. The HNSW index serves the order by; iterative scans
   * (pgvector 0.8) keep filtered queries from returning fewer than k rows.
   */
  static final String NEAREST_HEAD = "select " + RUN_COLUMNS + """
      , e.content, 1 - (e.embedding <=> $1::vector) as score
      from optimization_embeddings e join optimization_runs r on r.id = e.optimization_run_id
      where e.model = $2""";

  static final String ITERATIVE_SCAN = "set local hnsw.iterative_scan = relaxed_order";

  static final String PENDING_EMBEDDINGS = """
      select r.id, r.request_type, r.region, r.forecast_date, r.status, r.error, r.input_payload, r.result_payload
      from optimization_runs r
      where not exists (select 1 from optimization_embeddings e where e.optimization_run_id = r.id and e.model = $1)
      order by r.created_at, r.id limit $2""";

  static final String DELETE_EMBEDDINGS = "delete from optimization_embeddings where optimization_run_id = $1";

  private Sql() {
  }
}
