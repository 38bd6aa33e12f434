package io.gridopt.config;

import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The whole configuration, parsed once from the flat keys of {@code conf/config.json} overridden by
 * the environment (same names). Every verticle receives the flat JSON and parses its slice here.
 */
public record AppConfig(
    int httpPort,
    int httpInstances,
    long bodyLimitBytes,
    Secret apiKey,
    Secret dbUrl,
    String dbSslCaPath,
    int dbPoolSize,
    String qnnMode,
    String qnnBaseUrl,
    Secret qnnToken,
    long qnnTimeoutMs,
    String qnnModelId,
    int enginePort,
    int enginePoolSize,
    long engineMaxExecMs,
    Set<Role> deploy,
    boolean cluster,
    String clusterHost,
    int clusterPort,
    int clusterBusPort,
    List<String> clusterMembers,
    String nodeId) {

  /** The project's private PostgreSQL (bin/gridopt db start): loopback only, trust auth, no password. */
  public static final String LOCAL_DB_URL = "postgresql://gridopt@127.0.0.1:54329/gridopt";
  public static final String QNN_EMBEDDED = "embedded";
  public static final String QNN_REMOTE = "remote";

  /** Every key read from the environment; the env store is filtered to exactly these. */
  public static final List<String> KEYS = List.of(
      "GRIDOPT_HTTP_PORT", "GRIDOPT_HTTP_INSTANCES", "GRIDOPT_BODY_LIMIT_BYTES", "GRIDOPT_API_KEY",
      "GRIDOPT_DB_URL", "GRIDOPT_DB_SSL_CA", "GRIDOPT_DB_POOL_SIZE", "GRIDOPT_DB_SCHEMA_TIMEOUT_MS",
      "GRIDOPT_QNN_MODE", "GRIDOPT_QNN_BASE_URL", "GRIDOPT_QNN_TOKEN", "GRIDOPT_QNN_TIMEOUT_MS",
      "GRIDOPT_QNN_MODEL_ID", "GRIDOPT_ENGINE_PORT", "GRIDOPT_ENGINE_POOL_SIZE", "GRIDOPT_ENGINE_MAX_EXEC_MS",
      // read by EmbeddingSettings, the embedding role's own slice
      "GRIDOPT_EMBEDDING_PROVIDER", "GRIDOPT_EMBEDDING_BASE_URL", "GRIDOPT_EMBEDDING_API_KEY",
      "GRIDOPT_EMBEDDING_MODEL", "GRIDOPT_EMBEDDING_DIMENSIONS", "GRIDOPT_EMBEDDING_TIMEOUT_MS", "GRIDOPT_DEPLOY",
      // read by SearchSettings, the persistence role's search slice
      "GRIDOPT_SEARCH_EXACT_BELOW", "GRIDOPT_SEARCH_EF_SEARCH", "GRIDOPT_SEARCH_RECALL_CHECK_MS",
      "GRIDOPT_SEARCH_RECALL_SAMPLE",
      "GRIDOPT_CLUSTER", "GRIDOPT_CLUSTER_HOST", "GRIDOPT_CLUSTER_PORT", "GRIDOPT_CLUSTER_BUS_PORT",
      "GRIDOPT_CLUSTER_MEMBERS",
      "GRIDOPT_NODE_ID");

  /** Names this process in execution metrics unless GRIDOPT_NODE_ID says otherwise. */
  private static final String DEFAULT_NODE_ID = defaultNodeId();

  public static AppConfig fromJson(JsonObject json) {
    String qnnMode = text(json, "GRIDOPT_QNN_MODE", QNN_EMBEDDED);
    if (!qnnMode.equals(QNN_EMBEDDED) && !qnnMode.equals(QNN_REMOTE)) {
      throw new IllegalArgumentException("GRIDOPT_QNN_MODE must be embedded or remote, not " + qnnMode);
    }
    String qnnBaseUrl = text(json, "GRIDOPT_QNN_BASE_URL", null);
    if (qnnMode.equals(QNN_REMOTE) && qnnBaseUrl == null) {
      throw new IllegalArgumentException("GRIDOPT_QNN_MODE=remote needs GRIDOPT_QNN_BASE_URL");
    }
    return new AppConfig(
        integer(json, "GRIDOPT_HTTP_PORT", 8080),
        integer(json, "GRIDOPT_HTTP_INSTANCES", 1),
        longValue(json, "GRIDOPT_BODY_LIMIT_BYTES", 8L * 1024 * 1024),
        Secret.of(text(json, "GRIDOPT_API_KEY", null)),
        Secret.of(text(json, "GRIDOPT_DB_URL", LOCAL_DB_URL)),
        text(json, "GRIDOPT_DB_SSL_CA", null),
        integer(json, "GRIDOPT_DB_POOL_SIZE", 8),
        qnnMode,
        qnnBaseUrl,
        Secret.of(text(json, "GRIDOPT_QNN_TOKEN", null)),
        longValue(json, "GRIDOPT_QNN_TIMEOUT_MS", Timeouts.DEFAULT_QNN_MS),
        text(json, "GRIDOPT_QNN_MODEL_ID", "gridopt-qnn-embedded-v1"),
        integer(json, "GRIDOPT_ENGINE_PORT", 8081),
        integer(json, "GRIDOPT_ENGINE_POOL_SIZE", Math.max(2, Runtime.getRuntime().availableProcessors())),
        longValue(json, "GRIDOPT_ENGINE_MAX_EXEC_MS", Timeouts.DEFAULT_ENGINE_MAX_EXEC_MS),
        roles(text(json, "GRIDOPT_DEPLOY", "all")),
        Boolean.parseBoolean(text(json, "GRIDOPT_CLUSTER", "false")),
        text(json, "GRIDOPT_CLUSTER_HOST", "127.0.0.1"),
        integer(json, "GRIDOPT_CLUSTER_PORT", 5701),
        // the clustered event bus has its own TCP port besides Hazelcast's; fixed so firewalls can open it
        integer(json, "GRIDOPT_CLUSTER_BUS_PORT", 5711),
        List.of(text(json, "GRIDOPT_CLUSTER_MEMBERS", "").split(",")).stream()
            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
        text(json, "GRIDOPT_NODE_ID", DEFAULT_NODE_ID));
  }

  private static String defaultNodeId() {
    // no DNS lookup at start-up: the container/host name from the environment is enough
    return System.getenv().getOrDefault("HOSTNAME", "node") + "-" + ProcessHandle.current().pid();
  }

  public boolean remoteQnn() {
    return QNN_REMOTE.equals(qnnMode);
  }

  private static Set<Role> roles(String list) {
    if (list.equals("all")) {
      return EnumSet.allOf(Role.class);
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : list.split(",")) {
      roles.add(Role.fromConfigName(name).orElseThrow(() -> new IllegalArgumentException(
          "GRIDOPT_DEPLOY: unknown role '" + name.trim() + "' (http, runs, qnn-client, engine, persistence, embedding)")));
    }
    if (roles.contains(Role.HTTP)) {
      // the endpoints submit runs on the bus: an API node always has an entry point for them
      roles.add(Role.RUNS);
    }
    return roles;
  }

  /** Env values arrive as strings and file values as JSON types: accept both. */
  private static String text(JsonObject json, String key, String defaultValue) {
    Object value = json.getValue(key);
    if (value == null || value.toString().isBlank()) {
      return defaultValue;
    }
    return value.toString().trim();
  }

  private static int integer(JsonObject json, String key, int defaultValue) {
    return (int) longValue(json, key, defaultValue);
  }

  private static long longValue(JsonObject json, String key, long defaultValue) {
    String s = text(json, key, null);
    if (s == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, not '" + s + "'");
    }
  }
}
