package io.gridopt.bus;

/** Every event-bus address of gridopt: {@code gridopt.<service>.<action>}. */
public final class Addresses {
  /**
   * Runs: submit one optimization run, as the HTTP endpoints do (they submit here); the reply is the stored
   * run. gridopt's entry point for other verticles (docs/bus.md).
   */
  public static final String RUNS_SUBMIT = "gridopt.runs.submit";

  /** QNN client: a QNN prediction request, answered by the embedded engine or the remote QNN. */
  public static final String QNN_PREDICT = "gridopt.qnn.predict";
  public static final String QNN_HEALTH = "gridopt.qnn.health";

  /** Embedded QNN engine: solves one QNN request on its worker pool. */
  public static final String ENGINE_PREDICT = "gridopt.engine.predict";
  public static final String ENGINE_PING = "gridopt.engine.ping";
  /** Prefix of a QNN client's own address where engines say which node took a request (cluster failover). */
  public static final String ENGINE_ACCEPTED_PREFIX = "gridopt.engine.accepted.";

  public static final String EMBEDDING_EMBED = "gridopt.embedding.embed";
  public static final String EMBEDDING_EMBED_QUERY = "gridopt.embedding.embed-query";
  public static final String EMBEDDING_PING = "gridopt.embedding.ping";

  public static final String PERSISTENCE_RUN_SAVE = "gridopt.persistence.run.save";
  public static final String PERSISTENCE_RUN_GET = "gridopt.persistence.run.get";
  public static final String PERSISTENCE_RUN_LIST = "gridopt.persistence.run.list";
  public static final String PERSISTENCE_RUN_SIMILAR = "gridopt.persistence.run.similar";
  public static final String PERSISTENCE_RUN_SEARCH = "gridopt.persistence.run.search";
  /** Runs whose stored embedding is not of the given model (re-embedding works through these). */
  public static final String PERSISTENCE_EMBEDDING_PENDING = "gridopt.persistence.embedding.pending";
  public static final String PERSISTENCE_EMBEDDING_REPLACE = "gridopt.persistence.embedding.replace";
  public static final String PERSISTENCE_PING = "gridopt.persistence.ping";
  /** Anomalies: a filtered page, one by id, resolve one by id. */
  public static final String PERSISTENCE_ANOMALY_LIST = "gridopt.persistence.anomaly.list";
  public static final String PERSISTENCE_ANOMALY_GET = "gridopt.persistence.anomaly.get";
  public static final String PERSISTENCE_ANOMALY_RESOLVE = "gridopt.persistence.anomaly.resolve";

  /** Starts one re-embedding pass over stored runs with the current model (answered when it started). */
  public static final String EMBEDDING_REEMBED = "gridopt.embedding.reembed";

  private Addresses() {
  }
}
