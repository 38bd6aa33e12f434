package io.gridopt.qnnclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.ServiceTest;
import io.gridopt.testsupport.TestConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Remote QNN mode against a local fake QNN on 127.0.0.1 that fails in the ways real services do:
 * every validated request is recorded as a failed run with the reason, and the API answers
 * 502/503/504 within the configured timeout.
 */
class RemoteQnnFaultTest extends ServiceTest {
  private static final long QNN_TIMEOUT_MS = 1_000;
  private static final String TOKEN = "qnn-secret-token";

  /** What the fake QNN does with the next request. */
  private final AtomicReference<String> behaviour = new AtomicReference<>("500");
  private final AtomicReference<String> seenAuthorization = new AtomicReference<>();
  private HttpServer fake;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext tc) {
    fake = vertx.createHttpServer().requestHandler(req -> {
      seenAuthorization.set(req.getHeader("Authorization"));
      switch (behaviour.get()) {
        case "500" -> req.response().setStatusCode(500).end("{\"error\":\"boom\"}");
        case "garbage" -> req.response().putHeader("content-type", "text/html").end("<html>oops</html>");
        case "hang" -> { } // never answers
        case "unsuccessful" -> req.response().end("{\"success\":false,\"error\":\"model offline\"}");
        case "ok" -> req.response().end(new JsonObject().put("success", true).put("data", new JsonObject()
            .put("prediction", new JsonObject().put("total_cost", 1.25)).put("model_id", "remote-m7")
            .put("execution_time_ms", 42.0).put("device_used", "qpu-sim").put("n_qubits", 8)).encode());
        default -> req.response().setStatusCode(418).end();
      }
    });
    fake.listen(0, "127.0.0.1")
        .compose(server -> startService(vertx, TestConfig.base()
            .put("GRIDOPT_QNN_MODE", "remote")
            .put("GRIDOPT_QNN_BASE_URL", "http://127.0.0.1:" + server.actualPort())
            .put("GRIDOPT_QNN_TOKEN", TOKEN)
            .put("GRIDOPT_QNN_TIMEOUT_MS", QNN_TIMEOUT_MS)))
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

  /** The stored run named by an error answer. */
  private Future<JsonObject> storedRun(HttpResponse<Buffer> response) {
    return Http.get(client, stack.httpPort(), "/runs/" + Http.error(response).getString("run_id"))
        .map(HttpResponse::bodyAsJsonObject);
  }

  @Test
  void upstream500Is502AndRecordedAsFailedWithTheRawAnswer(VertxTestContext tc) {
    submit("500").compose(response -> storedRun(response).map(run -> {
      tc.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Http.error(response).getString("message")).contains("HTTP 500");
        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).contains("502").contains("HTTP 500");
        assertThat(run.getJsonObject("qnn_raw").getInteger("status")).isEqualTo(500);
        assertThat(run.getJsonObject("qnn").getString("mode")).isEqualTo("remote");
        assertThat(seenAuthorization.get()).isEqualTo("Bearer " + TOKEN);
        assertThat(response.bodyAsString()).doesNotContain(TOKEN);
      });
      return run;
    })).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void malformedAnswerIs502(VertxTestContext tc) {
    submit("garbage").compose(response -> storedRun(response).map(run -> {
      tc.verify(() -> {
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(Http.error(response).getString("message")).contains("not a JSON object");
        assertThat(run.getJsonObject("qnn_raw").getString("body")).isEqualTo("<html>oops</html>");
      });
      return run;
    })).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void unsuccessfulEnvelopeIs502(VertxTestContext tc) {
    submit("unsuccessful").onComplete(tc.succeeding(response -> tc.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(Http.error(response).getString("message")).contains("model offline");
      tc.completeNow();
    })));
  }

  @Test
  void hangingQnnIs504WithinTheTimeoutAndRecorded(VertxTestContext tc) {
    long started = System.nanoTime();
    submit("hang").compose(response -> {
      long elapsedMs = (System.nanoTime() - started) / 1_000_000;
      return storedRun(response).map(run -> {
        tc.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(504);
          // behaviour, not performance: the caller is answered by the configured QNN timeout, not the bus's 30 s
          assertThat(elapsedMs).isLessThan(QNN_TIMEOUT_MS + 4_000);
          assertThat(run.getString("status")).isEqualTo("failed");
          assertThat(run.getString("error")).startsWith("504");
        });
        return run;
      });
    }).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void lenientParsingUnwrapsTheEnvelopeAndKeepsTheRawAnswer(VertxTestContext tc) {
    submit("ok").compose(response -> Http.get(client, stack.httpPort(),
            "/runs/" + response.bodyAsJsonObject().getString("run_id"))
        .map(detail -> {
          tc.verify(() -> {
            assertThat(response.statusCode()).isEqualTo(201);
            JsonObject body = response.bodyAsJsonObject();
            assertThat(body.getJsonObject("result").getDouble("total_cost")).isEqualTo(1.25);
            assertThat(body.getJsonObject("qnn").getString("model_id")).isEqualTo("remote-m7");
            assertThat(body.getJsonObject("qnn").getDouble("execution_time_ms")).isEqualTo(42.0);
            JsonObject run = detail.bodyAsJsonObject();
            assertThat(run.getJsonObject("metrics").getString("device_used")).isEqualTo("qpu-sim");
            assertThat(run.getJsonObject("metrics").getInteger("n_qubits")).isEqualTo(8);
            assertThat(run.getJsonObject("qnn_raw").getJsonObject("body").getBoolean("success")).isTrue();
          });
          return detail;
        }))
        .onComplete(tc.succeedingThenComplete());
  }
}
