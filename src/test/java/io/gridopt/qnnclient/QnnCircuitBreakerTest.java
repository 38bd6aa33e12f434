package io.gridopt.qnnclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.ServiceTest;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker around the remote QNN, against a local fake QNN: it opens after
 * GRIDOPT_QNN_BREAKER_FAILURES failures (500, garbage, hang), answers 503 at once without calling the
 * QNN while open (each request still recorded as a failed run with the reason), half-opens after the
 * reset time and closes when the QNN answers again. Healthy refusals (422) never open it.
 */
class QnnCircuitBreakerTest extends ServiceTest {
  private static final int FAILURES = 3;
  private static final long RESET_MS = 800;
  private static final long QNN_TIMEOUT_MS = 400;

  private final AtomicReference<String> behaviour = new AtomicReference<>("500");
  private final AtomicInteger hits = new AtomicInteger();
  private HttpServer fake;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext tc) {
    fake = vertx.createHttpServer().requestHandler(req -> {
      if (!req.path().endsWith("/predict")) {
        req.response().end("{\"status\":\"ok\"}");
        return;
      }
      hits.incrementAndGet();
      switch (behaviour.get()) {
        case "500" -> req.response().setStatusCode(500).end("{\"error\":\"boom\"}");
        case "garbage" -> req.response().end("<html>oops</html>");
        case "hang" -> { } // never answers
        case "infeasible" -> req.response().setStatusCode(422).end(new JsonObject().put("success", false)
            .put("error", new JsonObject().put("status", 422).put("code", "infeasible")
                .put("message", "final_soc_kwh unreachable")).encode());
        default -> req.response().end(new JsonObject().put("success", true).put("data", new JsonObject()
            .put("result", new JsonObject().put("total_cost", 2.5)).put("model_id", "remote-m1")).encode());
      }
    });
    fake.listen(0, "127.0.0.1")
        .compose(server -> startService(vertx, TestConfig.base()
            .put("GRIDOPT_QNN_MODE", "remote")
            .put("GRIDOPT_QNN_BASE_URL", "http://127.0.0.1:" + server.actualPort())
            .put("GRIDOPT_QNN_TIMEOUT_MS", QNN_TIMEOUT_MS)
            .put("GRIDOPT_QNN_BREAKER_FAILURES", FAILURES)
            .put("GRIDOPT_QNN_BREAKER_RESET_MS", RESET_MS)))
        .onComplete(tc.succeedingThenComplete());
  }

  @AfterEach
  void closeFake(VertxTestContext tc) {
    fake.close().onComplete(tc.succeedingThenComplete());
  }

  private Future<HttpResponse<Buffer>> submit(String mode) {
    behaviour.set(mode);
    return Http.post(client, stack.httpPort(), "/storage-optimize", Requests.storage("DAYTON"));
  }

  @Test
  void opensAfterFailuresFailsFastWhileOpenAndRecoversWhenTheQnnReturns(Vertx vertx, VertxTestContext tc) {
    List<Integer> failures = new ArrayList<>();
    long[] openCallMs = new long[1];
    submit("500").map(r -> failures.add(r.statusCode()))
        .compose(v -> submit("garbage")).map(r -> failures.add(r.statusCode()))
        .compose(v -> submit("hang")).map(r -> failures.add(r.statusCode()))
        .compose(v -> {
          long started = System.nanoTime();
          return submit("ok").map(open -> {
            openCallMs[0] = (System.nanoTime() - started) / 1_000_000;
            return open;
          });
        })
        .compose(open -> Http.get(client, stack.httpPort(), "/runs/" + Http.error(open).getString("run_id"))
            .compose(run -> Http.get(client, stack.httpPort(), "/health").map(health -> {
              tc.verify(() -> {
                assertThat(failures).containsExactly(502, 502, 504);
                assertThat(open.statusCode()).isEqualTo(503);
                assertThat(Http.error(open).getString("code")).isEqualTo("qnn_circuit_open");
                assertThat(open.getHeader("Retry-After")).isEqualTo("1");
                assertThat(hits.get()).as("an open circuit does not call the QNN").isEqualTo(FAILURES);
                assertThat(openCallMs[0]).as("answered without waiting for the QNN timeout").isLessThan(QNN_TIMEOUT_MS);
                JsonObject stored = run.bodyAsJsonObject();
                assertThat(stored.getString("status")).isEqualTo("failed");
                assertThat(stored.getString("error")).startsWith("503 qnn_circuit_open");
                assertThat(health.statusCode()).isEqualTo(503);
              });
              return open;
            })))
        .compose(v -> vertx.timer(RESET_MS + 200, TimeUnit.MILLISECONDS))
        .compose(v -> submit("ok"))
        .compose(trial -> submit("ok").map(after -> List.of(trial, after)))
        .compose(r -> TestDatabase.count(pool, "select count(*) from optimization_runs").map(rows -> {
          tc.verify(() -> {
            assertThat(r.get(0).statusCode()).as("half-open trial").isEqualTo(201);
            assertThat(r.get(1).statusCode()).as("closed again").isEqualTo(201);
            assertThat(hits.get()).isEqualTo(FAILURES + 2);
            assertThat(rows).as("every request that passed validation is recorded").isEqualTo(FAILURES + 3);
          });
          return rows;
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void infeasibleAnswersDoNotOpenTheCircuit(VertxTestContext tc) {
    Future<List<Integer>> codes = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < FAILURES + 2; i++) {
      codes = codes.compose(list -> submit("infeasible").map(r -> {
        list.add(r.statusCode());
        return list;
      }));
    }
    codes.compose(list -> submit("ok").map(r -> {
      tc.verify(() -> {
        assertThat(list).containsOnly(422);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(hits.get()).isEqualTo(FAILURES + 3);
      });
      return r;
    })).onComplete(tc.succeedingThenComplete());
  }
}
