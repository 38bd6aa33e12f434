package io.gridopt.bus;

/** Every event-bus address of gridopt: {@code gridopt.<service>.<action>}. */
public final class Addresses {
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
  public static final String PERSISTENCE_PING = "gridopt.persistence.ping";

  private Addresses() {
  }
}
