package io.gridopt.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.AnomalyPage;
import io.gridopt.bus.AnomalyView;
import io.gridopt.bus.Consumers;
import io.gridopt.bus.ErrorCodes;
import io.gridopt.bus.NearestRuns;
import io.gridopt.bus.Ping;
import io.gridopt.bus.QnnInfo;
import io.gridopt.bus.Reembed;
import io.gridopt.bus.RunView;
import io.gridopt.domain.ServiceException;
import io.gridopt.runs.RunsVerticle;
import io.gridopt.testsupport.Requests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP verticle alone, without the database: its routes answer through fake consumers of the bus
 * addresses it calls, so every failure kind of a callee can be produced on demand and its error body
 * checked. The whole stack against the real database is tested elsewhere (HttpApiTest and the end-to-end tests).
 */
@ExtendWith(VertxExtension.class)
class HttpRoutesTest {
  private static final String KEY = "routes-test-key-42";
  private static final String RUN_ID = "0b9f5e8e-6d3c-4c1e-9a51-3c0c2f7d8a10";

  private Vertx vertx;
  private WebClient client;
  private int port;
  /** The runs the pipeline asked persistence to save. */
  private final List<JsonObject> saved = new CopyOnWriteArrayList<>();
  private MessageConsumer<JsonObject> qnn;
  private volatile ServiceException saveFailure;
  private volatile ServiceException embedFailure;

  @BeforeEach
  void deploy(Vertx vertx) {
    this.vertx = vertx;
    client = WebClient.create(vertx);
    consume(Addresses.EMBEDDING_EMBED, msg -> embedFailure != null ? Future.failedFuture(embedFailure)
        : Future.succeededFuture(new JsonObject().put("model", "fake").put("content", "summary")
            .put("vector", new JsonArray().add(1.0))));
    consume(Addresses.PERSISTENCE_RUN_SAVE, msg -> {
      if (saveFailure != null) {
        return Future.failedFuture(saveFailure);
      }
      saved.add(msg.body());
      return Future.succeededFuture(new JsonObject().put("run_id", RUN_ID).put("status", msg.body().getString("status")));
    });
    consume(Addresses.PERSISTENCE_RUN_LIST, msg -> Future.succeededFuture(new JsonObject().put("runs", new JsonArray())));
    consume(Addresses.PERSISTENCE_RUN_GET, msg -> Future.failedFuture(new ServiceException(404, "not_found",
        "no run " + msg.body().getString("id"))));
    vertx.deployVerticle(new RunsVerticle(), new io.vertx.core.DeploymentOptions().setConfig(new JsonObject()
        .put("GRIDOPT_QNN_TIMEOUT_MS", 2_000))).await();
    HttpApiVerticle http = new HttpApiVerticle();
    vertx.deployVerticle(http, new io.vertx.core.DeploymentOptions().setConfig(new JsonObject()
        .put("GRIDOPT_HTTP_PORT", 0).put("GRIDOPT_API_KEY", KEY).put("GRIDOPT_BODY_LIMIT_BYTES", 8192)
        .put("GRIDOPT_QNN_TIMEOUT_MS", 2_000))).await();
    port = http.actualPort();
  }

  @AfterEach
  void close() {
    client.close();
  }

  private void consume(String address, Function<Message<JsonObject>, Future<JsonObject>> handler) {
    vertx.eventBus().<JsonObject>consumer(address, Consumers.replying(handler)).completion().await();
  }

  /** The QNN client's place on the bus, answering (or failing) as the test says. */
  private void qnnAnswers(Function<Message<JsonObject>, Future<JsonObject>> handler) {
    qnn = vertx.eventBus().consumer(Addresses.QNN_PREDICT, Consumers.replying(handler));
    qnn.completion().await();
  }

  private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request) {
    return request.putHeader("Authorization", "Bearer " + KEY);
  }

  private HttpResponse<Buffer> post(String path, String body) {
    return authorized(client.post(port, "127.0.0.1", path)).sendBuffer(Buffer.buffer(body)).await();
  }

  private HttpResponse<Buffer> get(String path, boolean withKey) {
    HttpRequest<Buffer> request = client.get(port, "127.0.0.1", path);
    return (withKey ? authorized(request) : request).send().await();
  }

  private static JsonObject error(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error");
  }

  private HttpResponse<Buffer> postStorage() {
    return post("/storage-optimize", Requests.storage("ROUTES").encode());
  }

  @Test
  void theContractAndItsDocsAreServedWithoutTheKeyEverythingElseNeedsIt() {
    HttpResponse<Buffer> document = get("/openapi.json", false);
    assertThat(document.statusCode()).isEqualTo(200);
    assertThat(document.bodyAsJsonObject().getString("openapi")).startsWith("3.1");
    assertThat(document.bodyAsJsonObject().getJsonObject("components").getJsonObject("securitySchemes").fieldNames())
        .as("Swagger UI's Authorize button offers these").containsExactlyInAnyOrder("bearer", "apiKey");
    HttpResponse<Buffer> page = get("/docs", false);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.bodyAsString()).contains("SwaggerUIBundle");
    assertThat(get("/docs/swagger-ui-bundle.js", false).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> runs = get("/runs", false);
    assertThat(runs.statusCode()).isEqualTo(401);
    assertThat(error(runs).getString("code")).isEqualTo("unauthorized");
    assertThat(get("/metrics", false).statusCode()).isEqualTo(401);
    assertThat(get("/runs", true).statusCode()).isEqualTo(200);
  }

  @Test
  void aMalformedBodyIs400SayingWhereTheJsonBreaksInOurWords() {
    HttpResponse<Buffer> truncated = post("/storage-optimize", "{\"region\": ");
    assertThat(truncated.statusCode()).isEqualTo(400);
    JsonObject detail = error(truncated).getJsonArray("details").getJsonObject(0);
    assertThat(detail.getString("field")).isEqualTo("body");
    assertThat(detail.getString("problem")).isEqualTo("is not valid JSON: the body ends at line 1, column 12 "
        + "before the JSON is complete (a string, object or array is not closed)");

    HttpResponse<Buffer> missingComma = post("/forecast", "{\n  \"region\": \"X\"\n  \"horizon_hours\": 24\n}");
    assertThat(error(missingComma).getString("message")).isEqualTo("body: is not valid JSON: unexpected '\"' at "
        + "line 3, column 3: expected ',' between fields or '}' to close the object");

    HttpResponse<Buffer> bareWord = post("/forecast", "{\"region\": Dayton}");
    assertThat(error(bareWord).getString("message")).startsWith("body: is not valid JSON: unexpected word 'Dayton' "
        + "at line 1, column 12: strings need double quotes");
    for (HttpResponse<Buffer> response : List.of(truncated, missingComma, bareWord)) {
      assertThat(response.bodyAsString()).doesNotContain("Failed to decode", "StreamReadFeature", "Source:",
          "end-of-input", "code 34");
    }
    assertThat(saved).as("nothing reaches the pipeline").isEmpty();
  }

  @Test
  void aSolvedRunIs201WithItsLocation() {
    qnnAnswers(msg -> Future.succeededFuture(new JsonObject().put("result", new JsonObject().put("cost", 1.5))
        .put("model_id", "m").put("execution_time_ms", 3.0).put("metrics", new JsonObject()).put("mode", "embedded")));
    HttpResponse<Buffer> created = postStorage();
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.getHeader("Location")).isEqualTo("/runs/" + RUN_ID);
    assertThat(saved).singleElement().satisfies(run -> {
      assertThat(run.getString("status")).isEqualTo("completed");
      assertThat(run.getJsonObject("result").getDouble("cost")).isEqualTo(1.5);
      assertThat(run.getJsonObject("embedding").getString("model")).isEqualTo("fake");
    });
  }

  /** A QNN failure after validation is recorded as a failed run, and the client gets its status, code and run id. */
  @Test
  void everyQnnFailureKindKeepsItsStatusAndCodeAndIsRecordedAsAFailedRun() {
    record Kind(ServiceException failure, int status, String code) {
    }
    List<Kind> kinds = List.of(
        new Kind(new ServiceException(422, "infeasible", "battery cannot cover the peak"), 422, "infeasible"),
        new Kind(new ServiceException(501, "not_implemented", "no storage solver"), 501, "not_implemented"),
        new Kind(new ServiceException(502, "qnn_bad_response", "QNN answer has no result"), 502, "qnn_bad_response"),
        new Kind(new ServiceException(504, "timeout", "QNN did not answer in time"), 504, "timeout"),
        new Kind(new ServiceException(503, "unavailable", "no engine node available"), 503, "unavailable"),
        new Kind(new ServiceException(503, ErrorCodes.QNN_CIRCUIT_OPEN, "breaker open"), 503,
            ErrorCodes.QNN_CIRCUIT_OPEN));
    for (Kind kind : kinds) {
      saved.clear();
      qnnAnswers(msg -> Future.failedFuture(kind.failure()));
      HttpResponse<Buffer> response = postStorage();
      qnn.unregister().await();
      assertThat(response.statusCode()).as(kind.code()).isEqualTo(kind.status());
      assertThat(error(response).getString("code")).isEqualTo(kind.code());
      assertThat(error(response).getString("message")).isEqualTo(kind.failure().getMessage());
      assertThat(error(response).getString("run_id")).isEqualTo(RUN_ID);
      assertThat(saved).singleElement().satisfies(run -> {
        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("error")).isEqualTo(kind.status() + " " + kind.code() + ": " + kind.failure().getMessage());
      });
      if (kind.status() == 503) {
        assertThat(response.getHeader("Retry-After")).as(kind.code()).isNotNull();
      }
    }
  }

  @Test
  void aSaturatedEngineIs503WithRetryAfterAndNothingIsRecorded() {
    qnnAnswers(msg -> Future.failedFuture(new ServiceException(503, ErrorCodes.ENGINE_SATURATED, "all solver threads are busy")));
    HttpResponse<Buffer> response = postStorage();
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(error(response).getString("code")).isEqualTo(ErrorCodes.ENGINE_SATURATED);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
    assertThat(error(response).containsKey("run_id")).isFalse();
    assertThat(saved).isEmpty();
  }

  @Test
  void noQnnClientOnTheBusIsARecordedFailedRun503() {
    HttpResponse<Buffer> response = postStorage();
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(error(response).getString("code")).isEqualTo("unavailable");
    assertThat(saved).singleElement().satisfies(run -> assertThat(run.getString("status")).isEqualTo("failed"));
  }

  @Test
  void aRunThatCannotBeStoredIs503NothingRecorded() {
    qnnAnswers(msg -> Future.succeededFuture(new JsonObject().put("result", new JsonObject()).put("mode", "embedded")
        .put("metrics", new JsonObject())));
    saveFailure = new ServiceException(503, "database_unavailable", "database unavailable (connection refused)");
    HttpResponse<Buffer> response = postStorage();
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(error(response).getString("code")).isEqualTo("unavailable");
    assertThat(error(response).getString("message")).isEqualTo("the run could not be stored (database unavailable "
        + "(connection refused)); nothing was recorded, retry later");
    assertThat(error(response).containsKey("run_id")).isFalse();
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
  }

  @Test
  void aFailingEmbedderStillStoresTheRunWithoutAVector() {
    qnnAnswers(msg -> Future.succeededFuture(new JsonObject().put("result", new JsonObject()).put("mode", "embedded")
        .put("metrics", new JsonObject())));
    embedFailure = new ServiceException(502, "embedding_failed", "embedding service answered HTTP 500");
    assertThat(postStorage().statusCode()).isEqualTo(201);
    assertThat(saved).singleElement().satisfies(run -> assertThat(run.getValue("embedding")).isNull());
  }

  @Test
  void readsMapTheCalleesFailuresAndTheRouterItsOwn() {
    HttpResponse<Buffer> unknown = get("/runs/" + UUID.randomUUID(), true);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(error(unknown).getString("code")).isEqualTo("not_found");
    HttpResponse<Buffer> malformedId = get("/runs/not-a-uuid", true);
    assertThat(malformedId.statusCode()).isEqualTo(400);
    assertThat(error(malformedId).getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("id");
    HttpResponse<Buffer> noRoute = get("/nothing-here", true);
    assertThat(noRoute.statusCode()).isEqualTo(404);
    assertThat(error(noRoute).getString("message")).isEqualTo("no such endpoint: GET /nothing-here");
    HttpResponse<Buffer> wrongMethod = authorized(client.delete(port, "127.0.0.1", "/runs")).send().await();
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(error(wrongMethod).getString("code")).isEqualTo("method_not_allowed");
    HttpResponse<Buffer> tooLarge = post("/storage-optimize", "{\"region\":\"" + "x".repeat(9000) + "\"}");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(error(tooLarge).getString("code")).isEqualTo("body_too_large");
    // no search embedder on the bus: the route says the service is missing, it does not hang
    HttpResponse<Buffer> search = get("/runs/search?q=battery", true);
    assertThat(search.statusCode()).isEqualTo(503);
    assertThat(error(search).getString("code")).isEqualTo("unavailable");
    assertThat(error(search).getString("request_id")).isNotBlank();
  }

  private static final UUID ANOMALY_ID = UUID.fromString("5d1e3c1a-0f4b-4a53-8e7d-2b0a6c9e1f20");
  private static final AnomalyView ANOMALY = new AnomalyView(ANOMALY_ID, UUID.fromString(RUN_ID), "DAYTON",
      "forecast", "load_spike", "high", "load 4.1 MW at 18:00", List.of("check the meter"),
      OffsetDateTime.parse("2024-07-01T18:00:00-04:00"), OffsetDateTime.parse("2024-07-01T18:15:00-04:00"),
      List.of(), List.of(), new JsonObject().put("robust_z", 3.2), false,
      OffsetDateTime.parse("2024-07-02T10:00:00Z"), null);

  private static NearestRuns nearest(UUID similarTo) {
    RunView run = new RunView(UUID.fromString(RUN_ID), "storage", "completed", "ROUTES", LocalDate.parse("2024-07-01"),
        OffsetDateTime.parse("2024-07-01T10:00:00Z"), new QnnInfo("embedded", "m", 3.0),
        new JsonObject().put("total_cost", 2.5), null, null, null, null, null, null);
    return new NearestRuns(similarTo, "fake", 2L, true,
        List.of(new NearestRuns.Hit(run, 0.9, "summary", 1, List.of(UUID.fromString(RUN_ID)))), null);
  }

  /** Each read route sends its request record and answers its callee's reply record, field for field. */
  @Test
  void readRoutesAnswerTheirCalleesRepliesAsTheyAre() {
    List<JsonObject> asked = new CopyOnWriteArrayList<>();
    consume(Addresses.EMBEDDING_EMBED_QUERY, msg -> Future.succeededFuture(new JsonObject().put("model", "fake")
        .put("content", msg.body().getString("text")).put("vector", new JsonArray().add(1.0))));
    consume(Addresses.PERSISTENCE_RUN_SEARCH, msg -> {
      asked.add(msg.body());
      return Future.succeededFuture(nearest(null).toJson());
    });
    consume(Addresses.PERSISTENCE_RUN_SIMILAR, msg -> {
      asked.add(msg.body());
      return Future.succeededFuture(nearest(UUID.fromString(msg.body().getString("id"))).toJson());
    });
    consume(Addresses.PERSISTENCE_ANOMALY_LIST, msg -> {
      asked.add(msg.body());
      return Future.succeededFuture(new AnomalyPage(List.of(ANOMALY), "next-page").toJson());
    });
    consume(Addresses.PERSISTENCE_ANOMALY_GET, msg -> Future.succeededFuture(ANOMALY.toJson()));
    consume(Addresses.PERSISTENCE_ANOMALY_RESOLVE, msg -> Future.succeededFuture(new AnomalyView(ANOMALY.anomalyId(),
        ANOMALY.runId(), ANOMALY.region(), ANOMALY.requestType(), ANOMALY.type(), ANOMALY.severity(),
        ANOMALY.description(), ANOMALY.suggestedActions(), ANOMALY.start(), ANOMALY.end(), ANOMALY.buses(),
        ANOMALY.branches(), ANOMALY.figures(), true, ANOMALY.detectedAt(), OffsetDateTime.parse("2024-07-03T08:00:00Z"))
        .toJson()));

    HttpResponse<Buffer> search = get("/runs/search?q=battery%20peak&k=3&request_type=storage", true);
    assertThat(search.statusCode()).isEqualTo(200);
    assertThat(search.bodyAsJsonObject()).isEqualTo(nearest(null).withQuery("battery peak").toJson());
    assertThat(asked.get(0).getInteger("k")).isEqualTo(3);
    assertThat(asked.get(0).getString("request_type")).isEqualTo("storage");

    HttpResponse<Buffer> similar = get("/runs/" + RUN_ID + "/similar?k=2&any_type=true", true);
    assertThat(similar.statusCode()).isEqualTo(200);
    assertThat(similar.bodyAsJsonObject()).isEqualTo(nearest(UUID.fromString(RUN_ID)).toJson());
    assertThat(asked.get(1)).isEqualTo(new JsonObject().put("id", RUN_ID).put("k", 2).put("any_type", true)
        .put("include_copies", false));

    HttpResponse<Buffer> list = get("/anomalies?severity=high&resolved=false", true);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.bodyAsJsonObject()).isEqualTo(new AnomalyPage(List.of(ANOMALY), "next-page").toJson());
    assertThat(list.bodyAsJsonObject().getJsonArray("anomalies").getJsonObject(0).getString("start"))
        .isEqualTo("2024-07-01T18:00:00-04:00");
    assertThat(asked.get(2).getString("severity")).isEqualTo("high");
    assertThat(asked.get(2).getBoolean("resolved")).isFalse();

    HttpResponse<Buffer> one = get("/anomalies/" + ANOMALY_ID, true);
    assertThat(one.bodyAsJsonObject()).isEqualTo(ANOMALY.toJson());
    HttpResponse<Buffer> resolved = authorized(client.post(port, "127.0.0.1", "/anomalies/" + ANOMALY_ID + "/resolve"))
        .send().await();
    assertThat(resolved.statusCode()).isEqualTo(200);
    assertThat(resolved.bodyAsJsonObject().getBoolean("resolved")).isTrue();
    assertThat(resolved.bodyAsJsonObject().getString("resolved_at")).isEqualTo("2024-07-03T08:00:00Z");
  }

  /** The error body of every failure kind a read's callee (or the HTTP edge itself) can produce. */
  @Test
  void everyFailureKindOfAReadKeepsItsStatusCodeAndMessage() {
    record Kind(RuntimeException failure, int status, String code, String message) {
    }
    List<Kind> kinds = List.of(
        new Kind(new ServiceException(404, ErrorCodes.NOT_FOUND, "no anomaly with id x"), 404, "not_found",
            "no anomaly with id x"),
        new Kind(new ServiceException(503, ErrorCodes.DATABASE_UNAVAILABLE, "database unavailable (connection refused)"),
            503, "database_unavailable", "database unavailable (connection refused)"),
        new Kind(new ServiceException(504, ErrorCodes.TIMEOUT, "no answer in time"), 504, "timeout",
            "no answer in time"),
        new Kind(new IllegalStateException("pool closed"), 500, "internal_error", "IllegalStateException: pool closed"));
    for (Kind kind : kinds) {
      MessageConsumer<JsonObject> failing = vertx.eventBus().consumer(Addresses.PERSISTENCE_ANOMALY_GET,
          Consumers.replying(msg -> {
            throw kind.failure();
          }));
      failing.completion().await();
      HttpResponse<Buffer> response = get("/anomalies/" + ANOMALY_ID, true);
      failing.unregister().await();
      assertThat(response.statusCode()).as(kind.code()).isEqualTo(kind.status());
      assertThat(error(response).getString("code")).as(kind.code()).isEqualTo(kind.code());
      assertThat(error(response).getString("message")).isEqualTo(kind.message());
      assertThat(error(response).getInteger("status")).isEqualTo(kind.status());
      assertThat(error(response).getString("request_id")).isEqualTo(response.getHeader("x-request-id"));
      assertThat(response.getHeader("Retry-After")).as(kind.code()).isEqualTo(kind.status() == 503 ? "5" : null);
    }

    HttpResponse<Buffer> badFilter = get("/anomalies?severity=dire&limit=0", true);
    assertThat(badFilter.statusCode()).isEqualTo(400);
    assertThat(error(badFilter).getString("code")).isEqualTo("validation_failed");
    assertThat(error(badFilter).getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")))
        .contains("severity", "limit");
    HttpResponse<Buffer> noKey = get("/anomalies", false);
    assertThat(noKey.statusCode()).isEqualTo(401);
    assertThat(noKey.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
    HttpResponse<Buffer> longLine = get("/runs?region=" + "x".repeat(5000), true);
    assertThat(longLine.statusCode()).isEqualTo(414);
    assertThat(error(longLine).getString("code")).isEqualTo("uri_too_long");
    HttpResponse<Buffer> bigHeaders = authorized(client.get(port, "127.0.0.1", "/runs"))
        .putHeader("X-Padding", "x".repeat(9000)).send().await();
    assertThat(bigHeaders.statusCode()).isEqualTo(431);
    assertThat(error(bigHeaders).getString("code")).isEqualTo("headers_too_large");
  }

  @Test
  void healthSaysWhichProbeIsDownAndWhy() {
    consume(Addresses.PERSISTENCE_PING, msg -> Future.succeededFuture(Ping.Up.database().toJson()));
    consume(Addresses.QNN_HEALTH, msg -> Future.succeededFuture(Ping.Up.qnn("embedded").toJson()));
    HttpResponse<Buffer> noEngine = get("/health", false);
    assertThat(noEngine.statusCode()).isEqualTo(503);
    JsonObject checks = new JsonObject();
    noEngine.bodyAsJsonObject().getJsonArray("checks").forEach(c -> checks.put(((JsonObject) c).getString("id"), c));
    assertThat(checks.getJsonObject("database").getJsonObject("data")).isEqualTo(Ping.Up.database().toJson());
    assertThat(checks.getJsonObject("qnn").getJsonObject("data")).isEqualTo(Ping.Up.qnn("embedded").toJson());
    assertThat(checks.getJsonObject("engine").getString("status")).isEqualTo("DOWN");
    assertThat(checks.getJsonObject("engine").getJsonObject("data").getString("reason"))
        .isEqualTo("no engine node available: no node of the cluster runs the engine role");

    consume(Addresses.ENGINE_PING, msg -> Future.succeededFuture(Ping.Up.engine("engine-7").toJson()));
    HttpResponse<Buffer> up = get("/health", false);
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  void reembeddingIs202WhenAPassStarts409WhileOneRunsAnd400ForABadBatchSize() {
    List<JsonObject> asked = new CopyOnWriteArrayList<>();
    consume(Addresses.EMBEDDING_REEMBED, msg -> {
      asked.add(msg.body());
      return Future.succeededFuture(asked.size() == 1 ? new Reembed.Status("fake", true, null, null).toJson()
          : new Reembed.Status("fake", false, "a pass is already running", null).toJson());
    });
    HttpResponse<Buffer> started = authorized(client.post(port, "127.0.0.1", "/admin/reembed?batch_size=20")).send()
        .await();
    assertThat(started.statusCode()).isEqualTo(202);
    assertThat(started.bodyAsJsonObject()).isEqualTo(new JsonObject().put("model", "fake").put("started", true));
    assertThat(asked.get(0)).isEqualTo(new Reembed(20, false).toJson());
    HttpResponse<Buffer> running = authorized(client.post(port, "127.0.0.1", "/admin/reembed")).send().await();
    assertThat(running.statusCode()).isEqualTo(409);
    assertThat(running.bodyAsJsonObject().getString("reason")).isEqualTo("a pass is already running");
    assertThat(asked.get(1).getInteger("batch_size")).isEqualTo(Reembed.DEFAULT_BATCH_SIZE);
    HttpResponse<Buffer> tooLarge = authorized(client.post(port, "127.0.0.1", "/admin/reembed?batch_size=5000"))
        .send().await();
    assertThat(tooLarge.statusCode()).isEqualTo(400);
    assertThat(error(tooLarge).getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("batch_size");
    assertThat(asked).as("a refused request reaches no one").hasSize(2);
  }
}
