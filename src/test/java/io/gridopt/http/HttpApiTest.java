package io.gridopt.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.ServiceTest;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API on a real server (port 0) over the whole stack and the real database: error paths. */
class HttpApiTest extends ServiceTest {
  private static final String KEY = "test-key-0123456789";

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext tc) {
    startService(vertx, TestConfig.base().put("GRIDOPT_API_KEY", KEY).put("GRIDOPT_BODY_LIMIT_BYTES", 4096)).onComplete(tc.succeedingThenComplete());
  }

  private io.vertx.core.Future<HttpResponse<Buffer>> authorizedPost(String path, String body) {
    return client.post(stack.httpPort(), "127.0.0.1", path).putHeader("Authorization", "Bearer " + KEY)
        .sendBuffer(Buffer.buffer(body));
  }

  private io.vertx.core.Future<HttpResponse<Buffer>> authorizedGet(String path) {
    return client.get(stack.httpPort(), "127.0.0.1", path).putHeader("X-API-Key", KEY).send();
  }

  @Test
  void healthIsOpenAndReportsDatabaseQnnAndEngine(VertxTestContext tc) {
    Http.get(client, stack.httpPort(), "/health").onComplete(tc.succeeding(response -> tc.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.getString("outcome")).isEqualTo("UP");
      assertThat(body.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
          .containsExactlyInAnyOrder("database", "qnn", "engine");
      tc.completeNow();
    })));
  }

  @Test
  void missingOrWrongKeyIs401WithoutEchoingTheKey(VertxTestContext tc) {
    Http.post(client, stack.httpPort(), "/storage-optimize", "{\"region\":\"X\"}")
        .compose(noKey -> client.get(stack.httpPort(), "127.0.0.1", "/runs")
            .putHeader("Authorization", "Bearer wrong-" + KEY).send()
            .map(wrongKey -> new HttpResponse[] {noKey, wrongKey}))
        .compose(responses -> TestDatabase.count(pool, "select count(*) from optimization_runs")
            .map(rows -> {
              tc.verify(() -> {
                for (HttpResponse<?> r : responses) {
                  assertThat(r.statusCode()).isEqualTo(401);
                  assertThat(r.bodyAsString()).doesNotContain(KEY);
                  assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unauthorized");
                }
                assertThat(rows).isZero();
              });
              return rows;
            }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void malformedJsonAndMissingRegionAre400AndWriteNothing(VertxTestContext tc) {
    authorizedPost("/storage-optimize", "{\"region\": ")
        .compose(truncated -> authorizedPost("/grid-switch-optimize", "{}")
            .compose(empty -> authorizedPost("/forecast", "[1,2]")
                .map(array -> new HttpResponse[] {truncated, empty, array})))
        .compose(responses -> TestDatabase.count(pool, "select count(*) from optimization_runs").map(rows -> {
          tc.verify(() -> {
            assertThat(responses[0].statusCode()).isEqualTo(400);
            assertThat(Http.error(responses[0]).getJsonArray("details").getJsonObject(0).getString("field"))
                .isEqualTo("body");
            assertThat(responses[1].statusCode()).isEqualTo(400);
            assertThat(Http.error(responses[1]).getJsonArray("details").stream()
                .map(d -> ((JsonObject) d).getString("field"))).contains("region");
            assertThat(responses[2].statusCode()).isEqualTo(400);
            assertThat(Http.error(responses[2]).getString("request_id")).isNotBlank();
            assertThat(rows).isZero();
          });
          return rows;
        }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void oversizedBodyIs413Json(VertxTestContext tc) {
    JsonArray big = new JsonArray();
    for (int i = 0; i < 2000; i++) {
      big.add(1000.5);
    }
    authorizedPost("/storage-optimize", new JsonObject().put("region", "X").put("load_kw", big).encode())
        .onComplete(tc.succeeding(response -> tc.verify(() -> {
          assertThat(response.statusCode()).isEqualTo(413);
          assertThat(Http.error(response).getString("code")).isEqualTo("body_too_large");
          tc.completeNow();
        })));
  }

  @Test
  void unknownRunIs404MalformedIdIs400AndBadFiltersAre400(VertxTestContext tc) {
    authorizedGet("/runs/7b0e7c55-1111-4222-8333-944455556666")
        .compose(unknown -> authorizedGet("/runs/not-a-uuid")
            .compose(malformed -> authorizedGet("/runs?limit=500&request_type=nuclear")
                .map(filters -> new HttpResponse[] {unknown, malformed, filters})))
        .onComplete(tc.succeeding(r -> tc.verify(() -> {
          assertThat(r[0].statusCode()).isEqualTo(404);
          assertThat(Http.error(r[0]).getString("code")).isEqualTo("not_found");
          assertThat(r[1].statusCode()).isEqualTo(400);
          assertThat(Http.error(r[1]).getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("id");
          assertThat(r[2].statusCode()).isEqualTo(400);
          assertThat(Http.error(r[2]).getJsonArray("details").stream().map(d -> ((JsonObject) d).getString("field")))
              .containsExactlyInAnyOrder("limit", "request_type");
          tc.completeNow();
        })));
  }

  @Test
  void unknownEndpointIs404Json(VertxTestContext tc) {
    authorizedGet("/nowhere").onComplete(tc.succeeding(response -> tc.verify(() -> {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(Http.error(response).getString("message")).contains("/nowhere");
      tc.completeNow();
    })));
  }
}
