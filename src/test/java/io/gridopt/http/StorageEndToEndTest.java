package io.gridopt.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.ServiceTest;
import io.gridopt.testsupport.Stack;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * POST /storage-optimize through the whole service and the real database, with the QNN embedded and
 * remote (the client calling the engine's own QNN HTTP server).
 */
class StorageEndToEndTest extends ServiceTest {
  private void deploy(Vertx vertx, VertxTestContext tc, JsonObject config, Runnable test) {
    startService(vertx, config).onComplete(tc.succeeding(v -> test.run()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"embedded", "remote"})
  void optimalScheduleIsAnsweredAndStoredWithItsEmbedding(String mode, Vertx vertx, VertxTestContext tc) {
    JsonObject config = TestConfig.base();
    if (mode.equals("remote")) {
      config.put("GRIDOPT_QNN_MODE", "remote").put("GRIDOPT_QNN_BASE_URL", Stack.SELF);
    }
    deploy(vertx, tc, config, () -> Http.post(client, stack.httpPort(), "/storage-optimize", Requests.storage("DAYTON"))
        .compose(response -> TestDatabase.count(pool, """
                select count(*) from optimization_runs r join optimization_embeddings e on e.optimization_run_id = r.id
                where r.id = $1::uuid and r.status = 'completed' and vector_dims(e.embedding) = 1536""",
            response.bodyAsJsonObject().getString("run_id")).map(rows -> {
              tc.verify(() -> {
                assertThat(response.statusCode()).isEqualTo(201);
                JsonObject run = response.bodyAsJsonObject();
                assertThat(run.getString("request_type")).isEqualTo("storage");
                assertThat(run.getString("forecast_date")).isEqualTo("2024-07-01");
                assertThat(run.getJsonObject("qnn").getString("mode")).isEqualTo(mode);
                JsonObject result = run.getJsonObject("result");
                // charge 5 kWh at 0.10 in hour 1, discharge it in hour 2, import in hour 3:
                // 10*0.10 + 0 + 5*0.30 = 2.50; without the battery 5*(0.10+0.30+0.30) = 3.50
                assertThat(result.getDouble("total_cost")).isCloseTo(2.5, within(1e-6));
                assertThat(result.getDouble("baseline_cost")).isCloseTo(3.5, within(1e-6));
                assertThat(result.getDouble("savings")).isCloseTo(1.0, within(1e-6));
                assertThat(result.getJsonObject("schedule").getJsonArray("charge_kw").getDouble(0))
                    .isCloseTo(5.0, within(1e-6));
                assertThat(rows).isEqualTo(1L);
              });
              return rows;
            }))
        .onComplete(tc.succeedingThenComplete()));
  }

  @Test
  void infeasibleRequestIs422AndRecordedAsFailed(Vertx vertx, VertxTestContext tc) {
    JsonObject request = Requests.storage("DAYTON");
    request.getJsonObject("battery").put("final_soc_kwh", 9.0);
    request.getJsonObject("battery").put("max_charge_kw", 2.0); // 3 h * 2 kW = 6 kWh < 9 kWh
    deploy(vertx, tc, TestConfig.base(), () -> Http.post(client, stack.httpPort(), "/storage-optimize", request)
        .compose(response -> Http.get(client, stack.httpPort(), "/runs/" + Http.error(response).getString("run_id"))
            .map(stored -> {
              tc.verify(() -> {
                assertThat(response.statusCode()).isEqualTo(422);
                JsonObject error = Http.error(response);
                assertThat(error.getString("code")).isEqualTo("infeasible");
                assertThat(error.getString("message")).contains("final_soc_kwh");
                assertThat(stored.bodyAsJsonObject().getString("status")).isEqualTo("failed");
                assertThat(stored.bodyAsJsonObject().getString("error")).startsWith("422");
              });
              return stored;
            }))
        .onComplete(tc.succeedingThenComplete()));
  }
}
