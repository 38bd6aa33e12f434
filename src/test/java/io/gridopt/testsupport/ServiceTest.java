package io.gridopt.testsupport;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the tests that run the whole service (HTTP on port 0) against the real test database: a
 * client for the API, a pool to count rows, and the database emptied before each test.
 */
@ExtendWith(VertxExtension.class)
public abstract class ServiceTest {
  protected Stack stack;
  protected WebClient client;
  protected Pool pool;

  protected Future<Void> startService(Vertx vertx, JsonObject config) {
    return startService(vertx, new Stack(), config);
  }

  /** With a stack of the test's own (e.g. an engine with solvers whose timing the test controls). */
  protected Future<Void> startService(Vertx vertx, Stack service, JsonObject config) {
    pool = TestDatabase.pool(vertx);
    client = WebClient.create(vertx);
    stack = service;
    return stack.deploy(vertx, config).compose(s -> TestDatabase.truncate(pool));
  }

  @AfterEach
  void closeClients(VertxTestContext tc) {
    if (client != null) {
      client.close();
    }
    (pool == null ? Future.<Void>succeededFuture() : pool.close()).onComplete(tc.succeedingThenComplete());
  }
}
