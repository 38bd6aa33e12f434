package io.gridopt.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The remote embedder against a fake OpenAI-compatible server on 127.0.0.1, port 0. */
@ExtendWith(VertxExtension.class)
class OpenAiEmbeddingClientTest {
  private static final String KEY = "sk-test-0123456789";
  /** Deadline for tests that expect an answer: generous, the first request of a cold JVM on a busy machine is slow. */
  private static final long ANSWER_MS = 15_000;

  private HttpServer server;
  private OpenAiEmbeddingClient client;

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close().await();
    }
  }

  private Future<OpenAiEmbeddingClient> serve(Vertx vertx, Handler<HttpServerRequest> handler, Integer dimensions,
      long timeoutMs) {
    return vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1").map(s -> {
      server = s;
      client = new OpenAiEmbeddingClient(vertx, new OpenAiEmbeddingClient.Settings(
          "http://127.0.0.1:" + s.actualPort(), KEY, "text-embedding-3-small", dimensions, timeoutMs));
      return client;
    });
  }

  private static Handler<HttpServerRequest> answer(int status, String body) {
    return req -> req.body().onSuccess(b -> req.response().setStatusCode(status)
        .putHeader("content-type", "application/json").end(body));
  }

  @Test
  void sendsModelInputAndBearerKeyAndOrdersVectorsByIndex(Vertx vertx, VertxTestContext tc) {
    AtomicReference<String> seen = new AtomicReference<>();
    Handler<HttpServerRequest> handler = req -> req.body().onSuccess(body -> {
      JsonObject json = body.toJsonObject();
      seen.set(req.method() + " " + req.path() + " " + req.getHeader("Authorization") + " " + json.encode());
      // Answer in reverse order: the client must place vectors by their index.
      JsonArray data = new JsonArray()
          .add(new JsonObject().put("object", "embedding").put("index", 1).put("embedding", new JsonArray().add(0.0).add(2.0)))
          .add(new JsonObject().put("object", "embedding").put("index", 0).put("embedding", new JsonArray().add(1.5).add(-0.5)));
      req.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("object", "list").put("data", data).put("model", "text-embedding-3-small").encode());
    });
    serve(vertx, handler, null, ANSWER_MS)
        .compose(c -> c.embedAll(List.of("first run", "second run")))
        .onComplete(tc.succeeding(vectors -> tc.verify(() -> {
          assertThat(seen.get()).isEqualTo("POST /v1/embeddings Bearer " + KEY
              + " {\"model\":\"text-embedding-3-small\",\"input\":[\"first run\",\"second run\"]}");
          assertThat(vectors).hasSize(2);
          assertThat(vectors.get(0)).containsExactly(1.5f, -0.5f);
          assertThat(vectors.get(1)).containsExactly(0.0f, 2.0f);
          assertThat(client.model()).isEqualTo("text-embedding-3-small");
          tc.completeNow();
        })));
  }

  @Test
  void sendsDimensionsWhenConfigured(Vertx vertx, VertxTestContext tc) {
    AtomicReference<JsonObject> seen = new AtomicReference<>();
    Handler<HttpServerRequest> handler = req -> req.body().onSuccess(body -> {
      seen.set(body.toJsonObject());
      req.response().end(new JsonObject().put("data", new JsonArray().add(new JsonObject().put("index", 0)
          .put("embedding", new JsonArray().add(0.6).add(0.8)))).encode());
    });
    serve(vertx, handler, 256, ANSWER_MS)
        .compose(c -> c.embed("one run"))
        .onComplete(tc.succeeding(vector -> tc.verify(() -> {
          assertThat(seen.get().getInteger("dimensions")).isEqualTo(256);
          assertThat(seen.get().getJsonArray("input")).containsExactly("one run");
          assertThat(vector).containsExactly(0.6f, 0.8f);
          tc.completeNow();
        })));
  }

  @Test
  void errorStatusBecomes502WithTheUpstreamMessageButNeverTheKey(Vertx vertx, VertxTestContext tc) {
    String body = new JsonObject().put("error", new JsonObject()
        .put("message", "Incorrect API key provided: " + KEY).put("type", "invalid_request_error")).encode();
    serve(vertx, answer(401, body), null, ANSWER_MS)
        .compose(c -> c.embed("run"))
        .onComplete(tc.failing(err -> tc.verify(() -> {
          assertThat(err).isInstanceOf(RemoteEmbeddingException.class);
          assertThat(((RemoteEmbeddingException) err).status()).isEqualTo(502);
          assertThat(err.getMessage()).isEqualTo("embedding service answered HTTP 401: Incorrect API key provided: ***");
          tc.completeNow();
        })));
  }

  @Test
  void serverErrorWithoutJsonBecomes502(Vertx vertx, VertxTestContext tc) {
    serve(vertx, answer(500, "upstream exploded"), null, ANSWER_MS)
        .compose(c -> c.embed("run"))
        .onComplete(tc.failing(err -> tc.verify(() -> {
          assertThat(((RemoteEmbeddingException) err).status()).isEqualTo(502);
          assertThat(err.getMessage()).isEqualTo("embedding service answered HTTP 500");
          tc.completeNow();
        })));
  }

  @Test
  void serverThatNeverAnswersTimesOutWith504WithinTheDeadline(Vertx vertx, VertxTestContext tc) {
    long started = System.nanoTime();
    serve(vertx, req -> { }, null, 300)
        .compose(c -> c.embed("run"))
        .onComplete(tc.failing(err -> tc.verify(() -> {
          long elapsedMs = (System.nanoTime() - started) / 1_000_000;
          assertThat(err).isInstanceOf(RemoteEmbeddingException.class);
          assertThat(((RemoteEmbeddingException) err).status()).isEqualTo(504);
          assertThat(err.getMessage()).isEqualTo("embedding service did not answer within 300 ms");
          assertThat(elapsedMs).isBetween(250L, 5000L);
          tc.completeNow();
        })));
  }

  @Test
  void closedPortIs503(Vertx vertx, VertxTestContext tc) {
    vertx.createHttpServer().requestHandler(req -> { }).listen(0, "127.0.0.1")
        .compose(s -> s.close().map(s.actualPort()))
        .compose(port -> {
          client = new OpenAiEmbeddingClient(vertx, new OpenAiEmbeddingClient.Settings(
              "http://127.0.0.1:" + port, KEY, "m", null, ANSWER_MS));
          return client.embed("run");
        })
        .onComplete(tc.failing(err -> tc.verify(() -> {
          assertThat(((RemoteEmbeddingException) err).status()).isEqualTo(503);
          assertThat(err.getMessage()).startsWith("embedding service unreachable").doesNotContain(KEY);
          tc.completeNow();
        })));
  }

  @Test
  void malformedJsonIs502(Vertx vertx, VertxTestContext tc) {
    serve(vertx, answer(200, "{\"data\": [ {\"index\": 0, "), null, ANSWER_MS)
        .compose(c -> c.embed("run"))
        .onComplete(tc.failing(err -> tc.verify(() -> {
          assertThat(((RemoteEmbeddingException) err).status()).isEqualTo(502);
          assertThat(err.getMessage()).isEqualTo("embedding service answered with malformed JSON");
          tc.completeNow();
        })));
  }

  @Test
  void wrongNumberOfEmbeddingsIs502(Vertx vertx, VertxTestContext tc) {
    String body = new JsonObject().put("data", new JsonArray().add(new JsonObject().put("index", 0)
        .put("embedding", new JsonArray().add(1.0)))).encode();
    serve(vertx, answer(200, body), null, ANSWER_MS)
        .compose(c -> c.embedAll(List.of("a", "b")))
        .onComplete(tc.failing(err -> tc.verify(() -> {
          assertThat(err.getMessage()).isEqualTo("embedding service answered 1 embeddings for 2 inputs");
          tc.completeNow();
        })));
  }

  @Test
  void vectorLongerThanTheStoreIs502NamingTheFix(Vertx vertx, VertxTestContext tc) {
    JsonArray big = new JsonArray();
    for (int i = 0; i < 3072; i++) {
      big.add(0.01);
    }
    String body = new JsonObject().put("data", new JsonArray().add(new JsonObject().put("index", 0).put("embedding", big)))
        .encode();
    serve(vertx, answer(200, body), null, ANSWER_MS)
        .compose(c -> c.embed("run"))
        .onComplete(tc.failing(err -> tc.verify(() -> {
          assertThat(err.getMessage()).isEqualTo(
              "model text-embedding-3-small answered 3072 dimensions; the store holds 1536 (set the dimensions option)");
          tc.completeNow();
        })));
  }

  @Test
  void nonNumericComponentIs502(Vertx vertx, VertxTestContext tc) {
    String body = "{\"data\":[{\"index\":0,\"embedding\":[0.1,\"x\"]}]}";
    serve(vertx, answer(200, body), null, ANSWER_MS)
        .compose(c -> c.embed("run"))
        .onComplete(tc.failing(err -> tc.verify(() -> {
          assertThat(err.getMessage()).isEqualTo("embedding 0 has a non-numeric component");
          tc.completeNow();
        })));
  }

  @Test
  void settingsBuildTheUrlAndHideTheKey() {
    var plain = new OpenAiEmbeddingClient.Settings("https://api.example.test", KEY, "m", null, 1000);
    var withV1 = new OpenAiEmbeddingClient.Settings("https://api.example.test/v1/", KEY, "m", null, 1000);
    assertThat(plain.embeddingsUrl()).isEqualTo("https://api.example.test/v1/embeddings");
    assertThat(withV1.embeddingsUrl()).isEqualTo("https://api.example.test/v1/embeddings");
    assertThat(plain.toString()).contains("apiKey=***").doesNotContain(KEY);
    assertThatThrownBy(() -> new OpenAiEmbeddingClient.Settings("ftp://x", KEY, "m", null, 1000))
        .hasMessage("embedding base URL must start with http:// or https://");
    assertThatThrownBy(() -> new OpenAiEmbeddingClient.Settings("http://x", KEY, "m", 3072, 1000))
        .hasMessage("embedding dimensions must be 1..1536");
  }
}
