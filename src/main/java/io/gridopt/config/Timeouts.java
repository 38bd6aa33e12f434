package io.gridopt.config;

import io.vertx.core.json.JsonObject;

/**
 * Every timeout of the request path in one place. A callee keeps its own deadline (the QNN call, the
 * remote embedder's HTTP call, the database pool's wait); the caller's event-bus timeout is that deadline
 * plus {@link #BUS_MARGIN_MS}, so that the callee's own, more telling failure ("QNN did not answer in
 * time", "embedding service did not answer within 10000 ms") always arrives before the bus gives up with a
 * bare "no answer in time". See docs/reliability.md, "Timeouts".
 *
 * @param qnnMs       {@code GRIDOPT_QNN_TIMEOUT_MS}: one solve, retries on other engine nodes included
 * @param embeddingMs {@code GRIDOPT_EMBEDDING_TIMEOUT_MS}: one remote embedding call; for the in-process
 *                    embedder, how long a summary may wait in the batch queue before it is given up
 */
public record Timeouts(long qnnMs, long embeddingMs) {
  /** What a bus hop adds to its callee's deadline: transport, queueing on the callee's event loop. */
  public static final long BUS_MARGIN_MS = 2_000;
  /** What a health check's own deadline adds to its probe's bus timeout, so the probe's failure is the one shown. */
  public static final long HEALTH_CHECK_MARGIN_MS = 500;
  /** {@code GRIDOPT_QNN_TIMEOUT_MS} unless configured (read by {@link AppConfig}). */
  public static final long DEFAULT_QNN_MS = 30_000;
  public static final long DEFAULT_EMBEDDING_MS = 10_000;
  /**
   * {@code GRIDOPT_ENGINE_MAX_EXEC_MS} unless configured (read by {@link AppConfig}): how long one solve may hold
   * an engine worker thread before Vert.x warns of a blocked thread, and how long a stopping engine waits for
   * its solves in flight.
   */
  public static final long DEFAULT_ENGINE_MAX_EXEC_MS = 120_000;
  /** {@code GRIDOPT_SHUTDOWN_GRACE_MS} unless configured (read by {@link ResilienceConfig}): in-flight requests' time to finish on stop. */
  public static final long DEFAULT_SHUTDOWN_GRACE_MS = 30_000;
  /** {@code GRIDOPT_QNN_BREAKER_RESET_MS} unless configured (read by {@link ResilienceConfig}): how long an open circuit stays open. */
  public static final long DEFAULT_QNN_BREAKER_RESET_MS = 30_000;
  /** TCP connect to the database: a dead database must fail fast, not hang a request. */
  public static final long DB_CONNECT_MS = 3_000;
  /** Wait for a free pooled connection before answering 503 database_unavailable. */
  public static final long DB_POOL_WAIT_MS = 3_000;
  /**
   * The time a persistence operation gets once it has a connection (writing a run, a search). Not enforced
   * by the database (no statement timeout: schema migrations at start may take longer); it sizes the bus timeout.
   */
  public static final long DB_OPERATION_MS = 5_000;
  /** A health probe's own deadline (database, engine, embedder ping): the database ping gives up after it. */
  public static final long PING_MS = 2_500;
  /**
   * What a run's CPU steps on worker threads (anomaly detection, its summary) may take beside its bus hops;
   * they have no deadline of their own, so the submission's bus timeout allows for them.
   */
  public static final long RUN_CPU_MS = 10_000;
  /** The remote QNN's health endpoint, at most (or the QNN timeout when shorter). */
  public static final long REMOTE_QNN_HEALTH_MS = 5_000;
  /** TCP connect to the remote QNN, at most (or the QNN timeout when shorter). */
  public static final long REMOTE_QNN_CONNECT_MS = 10_000;
  /**
   * In a cluster, how long an engine attempt may go without the engine node acknowledging it (sent on
   * receipt, before solving) before it is presumed lost and a hedge attempt goes to another engine node.
   * See docs/cluster.md, "A node that dies".
   */
  public static final long ENGINE_ACK_MS = 5_000;
  /**
   * In a cluster, how long an attempt not yet acknowledged when an engine node leaves is given for its
   * acknowledgement (which may be on its way) before it is presumed lost with that node and retried.
   */
  public static final long ENGINE_ACK_GRACE_MS = 1_000;
  /**
   * One attempt at applying the schema at start (connect, schema lock, script) over a connection of its own;
   * {@code GRIDOPT_DB_SCHEMA_TIMEOUT_MS}. Generous: a migration of a large database may take a while.
   */
  public static final long DEFAULT_DB_SCHEMA_MS = 60_000;
  /** Attempts at applying the schema before the persistence role gives up starting. */
  public static final int DB_SCHEMA_ATTEMPTS = 3;
  /** Pause before the next schema attempt, times the attempts made so far. */
  public static final long DB_SCHEMA_RETRY_MS = 1_000;
  /** Listing one batch of runs to re-embed (a scan of runs without a current-model vector). */
  public static final long REEMBED_BATCH_LIST_MS = 30_000;
  /** The re-embedding command ({@code gridopt reembed}) waits this long for its whole pass over the stored runs. */
  public static final long REEMBED_PASS_MS = 24L * 3600 * 1000;
  /** One statement of the search recall self-check (its own pool, in the background: never a request's wait). */
  public static final long RECALL_CHECK_STATEMENT_MS = 60_000;

  public static final String EMBEDDING_TIMEOUT_KEY = "GRIDOPT_EMBEDDING_TIMEOUT_MS";
  public static final String DB_SCHEMA_TIMEOUT_KEY = "GRIDOPT_DB_SCHEMA_TIMEOUT_MS";

  public static Timeouts fromJson(JsonObject config) {
    return new Timeouts(AppConfig.fromJson(config).qnnTimeoutMs(), embeddingMs(config));
  }

  /** {@code GRIDOPT_EMBEDDING_TIMEOUT_MS}, the embedding role's own deadline (read by the embedder's settings too). */
  public static long embeddingMs(JsonObject config) {
    return positiveMs(config, EMBEDDING_TIMEOUT_KEY, DEFAULT_EMBEDDING_MS);
  }

  /** {@code GRIDOPT_DB_SCHEMA_TIMEOUT_MS}: the deadline of one attempt at applying the schema at start. */
  public static long dbSchemaMs(JsonObject config) {
    return positiveMs(config, DB_SCHEMA_TIMEOUT_KEY, DEFAULT_DB_SCHEMA_MS);
  }

  private static long positiveMs(JsonObject config, String key, long defaultMs) {
    Object value = config.getValue(key);
    String text = value == null ? "" : String.valueOf(value).strip();
    if (text.isEmpty()) {
      return defaultMs;
    }
    try {
      long ms = Long.parseLong(text);
      if (ms >= 1) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(key + " must be a whole number, not '" + text + "'");
  }

  /** Bus timeout of {@code gridopt.qnn.predict}. */
  public long qnnBusMs() {
    return qnnMs + BUS_MARGIN_MS;
  }

  /** Bus timeout of {@code gridopt.embedding.embed} and {@code embed-query}. */
  public long embeddingBusMs() {
    return embeddingMs + BUS_MARGIN_MS;
  }

  /** Bus timeout of the persistence addresses (save, get, list, similar, search). */
  public long persistenceBusMs() {
    return DB_POOL_WAIT_MS + DB_OPERATION_MS + BUS_MARGIN_MS;
  }

  /** Bus timeout of a health ping. */
  public long pingBusMs() {
    return PING_MS + BUS_MARGIN_MS;
  }

  /** A health check's own timeout, a little above its ping's bus timeout. */
  public long healthCheckMs() {
    return pingBusMs() + HEALTH_CHECK_MARGIN_MS;
  }

  /** The remote QNN's health call. */
  public long remoteQnnHealthMs() {
    return Math.min(qnnMs, REMOTE_QNN_HEALTH_MS);
  }

  /** Bus timeout of {@code gridopt.qnn.health}: the QNN client's probe (the remote health call, or an engine ping on the bus) plus the margin. */
  public long qnnHealthBusMs() {
    return Math.max(remoteQnnHealthMs(), pingBusMs()) + BUS_MARGIN_MS;
  }

  /** The QNN health check's own timeout, a little above its bus timeout. */
  public long qnnHealthCheckMs() {
    return qnnHealthBusMs() + HEALTH_CHECK_MARGIN_MS;
  }

  /**
   * Bus timeout of {@code gridopt.embedding.reembed} without {@code wait}: the embedding role answers as soon as
   * the pass has started, but its event loop may be busy with embedding batches; the persistence figure is ample.
   */
  public long reembedStartBusMs() {
    return persistenceBusMs();
  }

  /**
   * Bus timeout of {@code gridopt.runs.submit}: the submission's own hops (reading a named forecast run, the QNN,
   * the embedder, the save and its one repetition after a lost answer), its CPU steps, plus the margin. A caller
   * never gives up on a run still being stored.
   */
  public long runSubmitBusMs() {
    return persistenceBusMs() + qnnBusMs() + embeddingBusMs() + 2 * persistenceBusMs() + RUN_CPU_MS + BUS_MARGIN_MS;
  }

  /**
   * The acknowledgement deadline of an engine attempt with {@code remainingMs} of the solve's budget left:
   * {@link #ENGINE_ACK_MS}, or a quarter of what is left when that is less, so a hedge still has time to answer.
   */
  public static long engineAckMs(long remainingMs) {
    return Math.max(1, Math.min(ENGINE_ACK_MS, remainingMs / 4));
  }

  public long remoteQnnConnectMs() {
    return Math.min(qnnMs, REMOTE_QNN_CONNECT_MS);
  }
}
