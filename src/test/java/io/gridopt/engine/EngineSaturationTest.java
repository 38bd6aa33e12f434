package io.gridopt.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.testsupport.GatedStorageProblem;
import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.Stack;
import io.gridopt.testsupport.ServiceTest;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Overload and shutdown with a solver whose duration the test controls: a full solver pool plus a
 * full queue answers 503 with Retry-After at once and records nothing; the accepted requests all
 * complete and are stored. A graceful stop lets in-flight requests finish and store their runs.
 */
class EngineSaturationTest extends ServiceTest {
  private static final int THREADS = 2;
  private static final int QUEUE = 2;
  private final GatedStorageProblem solver = new GatedStorageProblem();

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext tc) {
    startService(vertx, new Stack(solver.registry()), TestConfig.base()
            .put("GRIDOPT_ENGINE_POOL_SIZE", THREADS)
            .put("GRIDOPT_ENGINE_QUEUE_LIMIT", QUEUE)
            .put("GRIDOPT_RETRY_AFTER_S", 7)
            .put("GRIDOPT_QNN_TIMEOUT_MS", 30_000)
            .put("GRIDOPT_SHUTDOWN_GRACE_MS", 20_000))
        .onComplete(tc.succeedingThenComplete());
  }

  @AfterEach
  void openTheGate() {
    // let any solve still held finish before the service is closed
    solver.open();
  }

  private Future<HttpResponse<Buffer>> submit() {
    return Http.post(client, stack.httpPort(), "/storage-optimize", Requests.storage("DAYTON"));
  }

  /** Completes once the condition holds (checked every 10 ms, for at most 10 s). */
  private static Future<Void> until(Vertx vertx, BooleanSupplier condition) {
    Promise<Void> promise = Promise.promise();
    long deadline = System.currentTimeMillis() + 10_000;
    vertx.setPeriodic(10, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        promise.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        promise.tryFail("condition not reached in 10 s");
      }
    });
    return promise.future();
  }

  @Test
  void fullPoolAndQueueAnswer503WithRetryAfterAndRecordNothing(Vertx vertx, VertxTestContext tc) {
    List<Future<HttpResponse<Buffer>>> accepted = new ArrayList<>();
    for (int i = 0; i < THREADS + QUEUE; i++) {
      accepted.add(submit());
    }
    EngineQueue queue = stack.engine.queue();
    until(vertx, () -> queue.running() == THREADS && queue.waiting() == QUEUE && solver.waiting() == THREADS)
        .compose(full -> submit())
        .compose(refused -> TestDatabase.count(pool, "select count(*) from optimization_runs").map(rowsWhileFull -> {
          tc.verify(() -> {
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("7");
            assertThat(Http.error(refused).getString("code")).isEqualTo("engine_saturated");
            assertThat(Http.error(refused).containsKey("run_id")).isFalse();
            assertThat(rowsWhileFull).isZero();
          });
          solver.open();
          return rowsWhileFull;
        }))
        .compose(v -> Future.all(accepted))
        .compose(all -> TestDatabase.count(pool, "select count(*) from optimization_runs where status = 'completed'")
            .map(rows -> {
              tc.verify(() -> {
                for (Future<HttpResponse<Buffer>> f : accepted) {
                  assertThat(f.result().statusCode()).isEqualTo(201);
                  // load 5 kW for 3 h at 0.10, 0.30, 0.30 per kWh
                  assertThat(f.result().bodyAsJsonObject().getJsonObject("result").getDouble("total_cost"))
                      .isCloseTo(3.5, org.assertj.core.data.Offset.offset(1e-9));
                }
                assertThat(rows).isEqualTo(THREADS + QUEUE);
                assertThat(queue.running() + queue.waiting()).isZero();
              });
              return rows;
            }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void gracefulStopLetsInFlightRequestsFinishAndStoreTheirRuns(Vertx vertx, VertxTestContext tc) {
    List<Future<HttpResponse<Buffer>>> inFlight = List.of(submit(), submit());
    int port = stack.httpPort();
    Future<Void>[] stopped = new Future[1];
    until(vertx, () -> solver.waiting() == 2)
        .compose(v -> {
          stopped[0] = stack.stopHttp(vertx);
          // a new connection is refused while the two requests are still being solved
          return WebClient.create(vertx).get(port, "127.0.0.1", "/runs").send()
              .transform(ar -> Future.succeededFuture(ar.failed()));
        })
        .compose(newRequestFailed -> {
          tc.verify(() -> {
            assertThat(newRequestFailed).as("a request after the stop began must not be served").isTrue();
            assertThat(stopped[0].isComplete()).as("stop waits for in-flight requests").isFalse();
          });
          solver.open();
          return Future.all(inFlight);
        })
        .compose(all -> stopped[0])
        .compose(v -> TestDatabase.count(pool, "select count(*) from optimization_runs where status = 'completed'"))
        .onComplete(tc.succeeding(rows -> tc.verify(() -> {
          for (Future<HttpResponse<Buffer>> f : inFlight) {
            assertThat(f.result().statusCode()).isEqualTo(201);
          }
          assertThat(rows).isEqualTo(2);
          tc.completeNow();
        })));
  }
}
