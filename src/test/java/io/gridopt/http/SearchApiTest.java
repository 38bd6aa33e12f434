package io.gridopt.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.bus.Addresses;
import io.gridopt.embedding.HashingEmbedder;
import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.ServiceTest;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Similar-run and text search over stored embeddings, and re-embedding, on the real database. */
class SearchApiTest extends ServiceTest {

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext tc) {
    startService(vertx, TestConfig.base()).onComplete(tc.succeedingThenComplete());
  }

  /** Stores a run whose embedding is computed from {@code content} with {@code model}'s name. */
  private Future<String> store(Vertx vertx, String type, String region, String content, String model) {
    JsonArray vector = new JsonArray();
    float[] values = new HashingEmbedder().embed(content);
    for (float v : values) {
      vector.add(v);
    }
    JsonObject run = new JsonObject().put("request_type", type).put("region", region)
        .put("forecast_date", "2024-07-01").put("input", new JsonObject().put("region", region))
        .put("status", "completed").put("qnn", new JsonObject().put("mode", "embedded"))
        .put("embedding", new JsonObject().put("model", model).put("content", content).put("vector", vector));
    return vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE, run)
        .map(reply -> reply.body().getString("run_id"));
  }

  private Future<List<String>> stored(Vertx vertx, String model) {
    return store(vertx, "storage", "DAYTON", "battery storage schedule Dayton negative prices overnight charging", model)
        .compose(a -> store(vertx, "storage", "DUQ", "battery storage schedule Duquesne peak shaving demand charge",
            model).map(b -> List.of(a, b)))
        .compose(ab -> store(vertx, "grid_switch", "DAYTON", "feeder reconfiguration Dayton losses reduced open switches",
            model).map(c -> List.of(ab.get(0), ab.get(1), c)))
        .compose(abc -> store(vertx, "forecast", "DUQ", "load forecast Duquesne next 24 hours peak", model)
            .map(d -> List.of(abc.get(0), abc.get(1), abc.get(2), d)));
  }

  @Test
  void textSearchRanksByMeaningOfTheCurrentModelOnly(Vertx vertx, VertxTestContext tc) {
    String model = new HashingEmbedder().model();
    stored(vertx, model)
        // a run embedded by another model must never be compared with the query's vectors
        .compose(ids -> store(vertx, "storage", "DAYTON", "battery storage schedule Dayton negative prices", "old-model")
            .map(other -> ids))
        .compose(ids -> Http.get(client, stack.httpPort(), "/runs/search?q=battery%20negative%20prices%20Dayton&k=3")
            .map(response -> {
              tc.verify(() -> {
                assertThat(response.statusCode()).isEqualTo(200);
                JsonObject body = response.bodyAsJsonObject();
                assertThat(body.getString("model")).isEqualTo(model);
                JsonArray results = body.getJsonArray("results");
                assertThat(results).hasSize(3);
                assertThat(results.getJsonObject(0).getString("run_id")).isEqualTo(ids.get(0));
                assertThat(results.getJsonObject(0).getString("summary")).contains("negative prices");
                double first = results.getJsonObject(0).getDouble("score");
                double second = results.getJsonObject(1).getDouble("score");
                assertThat(first).isGreaterThan(second);
              });
              return response;
            }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void filtersAndSimilarRuns(Vertx vertx, VertxTestContext tc) {
    stored(vertx, new HashingEmbedder().model())
        .compose(ids -> Http.get(client, stack.httpPort(), "/runs/search?q=schedule&request_type=storage&region=DUQ")
            .compose(filtered -> Http.get(client, stack.httpPort(), "/runs/" + ids.get(0) + "/similar?k=5")
                .compose(sameType -> Http.get(client, stack.httpPort(), "/runs/" + ids.get(0) + "/similar?any_type=true")
                    .map(anyType -> {
                      tc.verify(() -> {
                        JsonArray onlyDuq = filtered.bodyAsJsonObject().getJsonArray("results");
                        assertThat(onlyDuq).hasSize(1);
                        assertThat(onlyDuq.getJsonObject(0).getString("run_id")).isEqualTo(ids.get(1));
                        JsonArray similar = sameType.bodyAsJsonObject().getJsonArray("results");
                        assertThat(similar).hasSize(1); // the other storage run; never the run itself
                        assertThat(similar.getJsonObject(0).getString("run_id")).isEqualTo(ids.get(1));
                        assertThat(anyType.bodyAsJsonObject().getJsonArray("results")).hasSize(3);
                      });
                      return anyType;
                    }))))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void searchOnAnEmptyTableAndBadParameters(VertxTestContext tc) {
    Http.get(client, stack.httpPort(), "/runs/search?q=anything")
        .compose(empty -> Http.get(client, stack.httpPort(), "/runs/search?k=0")
            .compose(bad -> Http.get(client, stack.httpPort(), "/runs/00000000-0000-0000-0000-000000000001/similar")
                .compose(unknown -> Http.get(client, stack.httpPort(), "/runs/xyz/similar?any_type=maybe")
                    .map(malformed -> {
                      tc.verify(() -> {
                        assertThat(empty.statusCode()).isEqualTo(200);
                        assertThat(empty.bodyAsJsonObject().getJsonArray("results")).isEmpty();
                        assertThat(bad.statusCode()).isEqualTo(400);
                        assertThat(Http.error(bad).getJsonArray("details").stream()
                            .map(d -> ((JsonObject) d).getString("field"))).containsExactlyInAnyOrder("q", "k");
                        assertThat(unknown.statusCode()).isEqualTo(404);
                        assertThat(malformed.statusCode()).isEqualTo(400);
                        assertThat(Http.error(malformed).getJsonArray("details").stream()
                            .map(d -> ((JsonObject) d).getString("field"))).containsExactlyInAnyOrder("id", "any_type");
                      });
                      return malformed;
                    }))))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void reembeddingMovesEveryRunToTheCurrentModel(Vertx vertx, VertxTestContext tc) {
    stored(vertx, "old-model")
        .compose(ids -> vertx.eventBus().<JsonObject>request(Addresses.EMBEDDING_REEMBED,
            new JsonObject().put("batch_size", 3).put("wait", true)))
        .compose(reply -> TestDatabase.count(pool,
                "select count(*) from optimization_embeddings where model = $1", new HashingEmbedder().model())
            .compose(current -> TestDatabase.count(pool, "select count(*) from optimization_embeddings")
                .map(all -> {
                  tc.verify(() -> {
                    assertThat(reply.body().getInteger("reembedded")).isEqualTo(4);
                    assertThat(current).isEqualTo(4L);
                    assertThat(all).isEqualTo(4L);
                  });
                  return all;
                })))
        .onComplete(tc.succeedingThenComplete());
  }
}
