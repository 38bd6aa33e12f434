package io.gridopt.testsupport;

import io.vertx.core.json.JsonObject;

/** Configuration for tests: the test database, free ports, short timeouts. */
public final class TestConfig {
  private TestConfig() {
  }

  public static JsonObject base() {
    return new JsonObject()
        .put("GRIDOPT_DB_URL", TestDatabase.URL)
        .put("GRIDOPT_HTTP_PORT", 0)
        .put("GRIDOPT_ENGINE_PORT", 0)
        .put("GRIDOPT_QNN_TIMEOUT_MS", 5_000)
        .put("GRIDOPT_DB_POOL_SIZE", 4)
        .put("GRIDOPT_EMBEDDING_PROVIDER", "hashing")
        .put("GRIDOPT_NODE_ID", "test-node");
  }
}
