package io.gridopt.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.ErrorBody;
import io.gridopt.embedding.HashingEmbedder;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PersistenceVerticleTest {
  private Pool pool;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext tc) {
    pool = TestDatabase.pool(vertx);
    vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(TestConfig.base()))
        .compose(id -> TestDatabase.truncate(pool))
        .onComplete(tc.succeedingThenComplete());
  }

  @AfterEach
  void close(VertxTestContext tc) {
    pool.close().onComplete(tc.succeedingThenComplete());
  }

  static JsonObject run(String region, String text) {
    float[] vector = new HashingEmbedder().embed(text);
    JsonArray values = new JsonArray();
    for (float v : vector) {
      values.add(v);
    }
    return new JsonObject()
        .put("request_type", "storage").put("region", region).put("forecast_date", "2024-07-01")
        .put("input", new JsonObject().put("region", region).put("load_kw", new JsonArray().add(10).add(12)))
        .put("result", new JsonObject().put("total_cost", 12.5))
        .put("status", "completed")
        .put("qnn", new JsonObject().put("mode", "embedded").put("model_id", "m1").put("execution_time_ms", 3.5))
        .put("metrics", new JsonObject().put("device_used", "cpu").put("solver", "lp").put("iterations", 42)
            .put("execution_time_ms", 3.5).put("quantum_cost_usd", 0.0).put("node_id", "n1"))
        .put("embedding", new JsonObject().put("model", "gridopt-hashing-v1").put("content", text)
            .put("vector", values));
  }

  @Test
  void savedRunIsReadBackWithMetricsAndA1536DimensionEmbedding(Vertx vertx, VertxTestContext tc) {
    vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE, run("DAYTON", "battery schedule Dayton"))
        .compose(saved -> vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_GET,
            new JsonObject().put("id", saved.body().getString("run_id"))))
        .onComplete(tc.succeeding(reply -> tc.verify(() -> {
          JsonObject run = reply.body();
          assertThat(run.getString("request_type")).isEqualTo("storage");
          assertThat(run.getString("region")).isEqualTo("DAYTON");
          assertThat(run.getString("forecast_date")).isEqualTo("2024-07-01");
          assertThat(run.getJsonObject("input").getJsonArray("load_kw")).containsExactly(10, 12);
          assertThat(run.getJsonObject("result").getDouble("total_cost")).isEqualTo(12.5);
          assertThat(run.getJsonObject("qnn").getDouble("execution_time_ms")).isEqualTo(3.5);
          assertThat(run.getJsonObject("metrics").getString("solver")).isEqualTo("lp");
          assertThat(run.getJsonObject("metrics").getLong("iterations")).isEqualTo(42L);
          assertThat(run.getJsonObject("embedding").getInteger("dimension")).isEqualTo(1536);
          assertThat(run.getJsonObject("embedding").getString("model")).isEqualTo("gridopt-hashing-v1");
          tc.completeNow();
        })));
  }

  @Test
  void aRunSavedTwiceUnderItsIdIsStoredOnceWithItsAnomaliesAndTheSecondSaveAnswersTheStoredRun(Vertx vertx,
                                                                                              VertxTestContext tc) {
    String id = "5f0c7f52-2c1e-4c47-9a3e-0d8e2b1f7a10";
    JsonObject run = run("DAYTON", "battery schedule Dayton twice").put("run_id", id).put("anomalies", new JsonArray()
        .add(new JsonObject().put("type", "load_spike").put("severity", "high").put("description", "a spike")
            .put("suggested_actions", new JsonArray().add("check the meter")).put("start", "2024-07-01T17:00:00Z")
            .put("end", "2024-07-01T18:00:00Z").put("figures", new JsonObject().put("z", 6.5)))
        .add(new JsonObject().put("type", "undervoltage").put("severity", "medium").put("description", "low volts")
            .put("buses", new JsonArray().add("18").add("33"))));
    vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE, run)
        .compose(first -> vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE, run)
            .map(second -> new JsonObject[] {first.body(), second.body()}))
        .compose(answers -> TestDatabase.count(pool, "select count(*) from optimization_runs")
            .compose(runs -> TestDatabase.count(pool, "select count(*) from optimization_embeddings"))
            .compose(embeddings -> TestDatabase.count(pool, "select count(*) from qnn_execution_metrics"))
            .compose(metrics -> TestDatabase.count(pool, "select count(*) from anomalies where optimization_run_id = $1"
                + " and (type, severity) in (('load_spike', 'high'), ('undervoltage', 'medium'))", java.util.UUID
                .fromString(id)))
            .compose(anomalies -> TestDatabase.count(pool, "select count(*) from optimization_runs r join"
                    + " optimization_embeddings e on e.optimization_run_id = r.id join qnn_execution_metrics m on"
                    + " m.optimization_run_id = r.id")
                .map(joined -> new Object[] {answers, anomalies, joined})))
        .onComplete(tc.succeeding(out -> tc.verify(() -> {
          JsonObject[] answers = (JsonObject[]) out[0];
          assertThat(out[1]).isEqualTo(2L);
          assertThat(out[2]).as("one run, one embedding, one metrics row").isEqualTo(1L);
          for (JsonObject answer : answers) {
            assertThat(answer.getString("run_id")).isEqualTo(id);
            assertThat(answer.getJsonObject("result").getDouble("total_cost")).isEqualTo(12.5);
            JsonArray anomalies = answer.getJsonArray("anomalies");
            assertThat(anomalies).hasSize(2);
            assertThat(anomalies.getJsonObject(0).getString("type")).isEqualTo("load_spike");
            assertThat(anomalies.getJsonObject(0).getJsonArray("suggested_actions")).containsExactly("check the meter");
            assertThat(anomalies.getJsonObject(0).getJsonObject("figures").getDouble("z")).isEqualTo(6.5);
            assertThat(anomalies.getJsonObject(1).getJsonArray("buses")).containsExactly("18", "33");
          }
          assertThat(answers[1].getJsonArray("anomalies").getJsonObject(0).getString("anomaly_id"))
              .isEqualTo(answers[0].getJsonArray("anomalies").getJsonObject(0).getString("anomaly_id"));
          tc.completeNow();
        })));
  }

  @Test
  void cosineNearestNeighbourFindsTheRun(Vertx vertx, VertxTestContext tc) {
    String query = toLiteral("grid switching Duquesne losses");
    vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE, run("DAYTON", "battery schedule Dayton prices"))
        .compose(a -> vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE,
            run("DUQ", "grid switching Duquesne losses reduced")))
        .compose(b -> pool.preparedQuery("""
                select r.region, e.embedding <=> $1::vector as distance
                from optimization_embeddings e join optimization_runs r on r.id = e.optimization_run_id
                order by e.embedding <=> $1::vector limit 1""").execute(Tuple.of(query)))
        .onComplete(tc.succeeding(rows -> tc.verify(() -> {
          var row = rows.iterator().next();
          assertThat(row.getString("region")).isEqualTo("DUQ");
          assertThat(row.getDouble("distance")).isLessThan(0.5);
          tc.completeNow();
        })));
  }

  @Test
  void aFailingInsertLeavesNothingBehind(Vertx vertx, VertxTestContext tc) {
    // the embedding row violates NOT NULL (model), after the run row was inserted in the same transaction
    JsonObject broken = run("DAYTON", "anything");
    broken.getJsonObject("embedding").putNull("model");
    vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE, broken)
        .onComplete(tc.failing(failure -> TestDatabase.count(pool, "select count(*) from optimization_runs")
            .compose(runs -> TestDatabase.count(pool, "select count(*) from qnn_execution_metrics")
                .map(metrics -> new long[] {runs, metrics}))
            .onComplete(tc.succeeding(counts -> tc.verify(() -> {
              assertThat(ErrorBody.from(failure).status()).isEqualTo(500);
              assertThat(counts).containsExactly(0L, 0L);
              tc.completeNow();
            })))));
  }

  @Test
  void unknownRunIs404AndListPagesNewestFirst(Vertx vertx, VertxTestContext tc) {
    vertx.eventBus().request(Addresses.PERSISTENCE_RUN_GET,
            new JsonObject().put("id", "00000000-0000-0000-0000-000000000000"))
        .onComplete(tc.failing(notFound -> {
          tc.verify(() -> assertThat(ErrorBody.from(notFound).status()).isEqualTo(404));
          vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE, run("A", "first"))
              .compose(a -> vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE, run("B", "second")))
              .compose(b -> vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE, run("C", "third")))
              .compose(c -> list(vertx, new JsonObject().put("limit", 2)))
              .compose(page1 -> list(vertx, new JsonObject().put("limit", 2)
                      .put("cursor", page1.getString("next_cursor")))
                  .map(page2 -> new JsonObject().put("p1", page1).put("p2", page2)))
              .onComplete(tc.succeeding(pages -> tc.verify(() -> {
                JsonArray p1 = pages.getJsonObject("p1").getJsonArray("runs");
                JsonArray p2 = pages.getJsonObject("p2").getJsonArray("runs");
                assertThat(p1.stream().map(r -> ((JsonObject) r).getString("region"))).containsExactly("C", "B");
                assertThat(p2.stream().map(r -> ((JsonObject) r).getString("region"))).containsExactly("A");
                assertThat(pages.getJsonObject("p2").getString("next_cursor")).isNull();
                tc.completeNow();
              })));
        }));
  }

  private static io.vertx.core.Future<JsonObject> list(Vertx vertx, JsonObject filter) {
    return vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_LIST, filter).map(Message::body);
  }

  private static String toLiteral(String text) {
    return new com.pgvector.PGvector(new HashingEmbedder().embed(text)).toString();
  }
}
