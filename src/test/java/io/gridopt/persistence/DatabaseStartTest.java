package io.gridopt.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridopt.bus.Addresses;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.ThrowawayPostgres;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The persistence role's start against a database that does not answer (its postmaster frozen, as a
 * server too loaded to take a connection): start-up either succeeds once the database answers or fails
 * saying why, within a bounded time; it never waits forever.
 */
@ExtendWith(VertxExtension.class)
class DatabaseStartTest {
  /** Far above what a start needs here, far below forever. */
  private static final long BOUND_SECONDS = 60;
  private static ThrowawayPostgres pg;

  @BeforeAll
  static void startDatabase() throws Exception {
    pg = ThrowawayPostgres.start(false);
  }

  @AfterAll
  static void removeDatabase() throws Exception {
    pg.close();
  }

  @AfterEach
  void resume() throws Exception {
    pg.resume();
  }

  private static Future<String> deploy(Vertx vertx, long schemaAttemptMs) {
    JsonObject config = TestConfig.base().put("GRIDOPT_DB_URL", pg.url(null))
        .put("GRIDOPT_DB_SCHEMA_TIMEOUT_MS", schemaAttemptMs);
    return vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(config));
  }

  private static String within(Future<String> deployment) throws Exception {
    return deployment.toCompletionStage().toCompletableFuture().get(BOUND_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void aDatabaseThatDoesNotAnswerInTimeFailsTheStartSayingWhyAndDoesNotHang(Vertx vertx) throws Exception {
    pg.pause();
    // three attempts of 200 ms with pauses of 1 s and 2 s: over after 3.6 s, long before the database answers
    Future<String> deployment = deploy(vertx, 200);
    Thread.sleep(10_000);
    assertThat(deployment.succeeded()).isFalse();
    // Vert.x ends a failed deployment once its connection attempts are over: here, when the database answers
    pg.resume();
    assertThatThrownBy(() -> within(deployment))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("could not be applied in 3 attempts")
        .hasMessageContaining("no answer within 200 ms");
  }

  @Test
  void aDatabaseSlowerThanThePoolWaitAtStartIsWaitedFor(Vertx vertx) throws Exception {
    pg.pause();
    Future<String> deployment = deploy(vertx, 15_000);
    // longer than the pool's wait for a connection (3 s), which start-up used to depend on
    Thread.sleep(4_000);
    assertThat(deployment.isComplete()).isFalse();
    pg.resume();
    assertThat(within(deployment)).isNotBlank();
    JsonObject ping = vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_PING, new JsonObject()).await()
        .body();
    assertThat(ping.getString("status")).isEqualTo("UP");
  }
}
