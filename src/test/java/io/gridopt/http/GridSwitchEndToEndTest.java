package io.gridopt.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.ServiceTest;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /grid-switch-optimize with the IEEE 33-bus MATPOWER text through the whole service and the database. */
class GridSwitchEndToEndTest extends ServiceTest {

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext tc) {
    startService(vertx, TestConfig.base()).onComplete(tc.succeedingThenComplete());
  }

  static String case33bw() throws IOException {
    try (InputStream in = GridSwitchEndToEndTest.class.getResourceAsStream("/grids/case33bw.m")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void ieee33BusOptimumIsAnsweredAndStoredWithItsEmbedding(VertxTestContext tc) throws IOException {
    JsonObject request = new JsonObject().put("region", "BARAN-WU").put("date", "2024-07-01")
        .put("matpower", case33bw());
    Http.post(client, stack.httpPort(), "/grid-switch-optimize", request)
        .compose(response -> Http.get(client, stack.httpPort(), "/runs/" + response.bodyAsJsonObject().getString("run_id"))
            .map(stored -> {
              tc.verify(() -> {
                assertThat(response.statusCode()).isEqualTo(201);
                JsonObject result = response.bodyAsJsonObject().getJsonObject("result");
                // Baran & Wu 1989 feeder: published optimum opens 7, 9, 14, 32, 37 at about 139.55 kW (202.68 kW before)
                assertThat(result.getJsonArray("open_branches").getList())
                    .containsExactlyInAnyOrder("7", "9", "14", "32", "37");
                assertThat(result.getDouble("loss_kw_before")).isCloseTo(202.68, within(0.05));
                assertThat(result.getDouble("loss_kw_after")).isCloseTo(139.55, within(0.05));
                JsonObject run = stored.bodyAsJsonObject();
                assertThat(run.getString("forecast_date")).isEqualTo("2024-07-01");
                assertThat(run.getJsonObject("embedding").getInteger("dimension")).isEqualTo(1536);
                assertThat(run.getJsonObject("embedding").getString("content")).contains("33");
                assertThat(run.getJsonObject("metrics").getLong("iterations")).isPositive();
              });
              return stored;
            }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void invalidNetworkIs400NamingTheFieldAndNothingIsStored(VertxTestContext tc) {
    JsonObject request = new JsonObject("""
        {"region": "X", "network": {"base_kv": 12.66, "slack_bus": "1",
          "buses": [{"id": "1", "p_kw": 0}, {"id": "2", "p_kw": 100}],
          "branches": [{"id": "a", "from": "1", "to": "9", "r_ohm": 0.1, "x_ohm": 0.1}]}}""");
    Http.post(client, stack.httpPort(), "/grid-switch-optimize", request)
        .compose(response -> TestDatabase.count(pool, "select count(*) from optimization_runs").map(rows -> {
          tc.verify(() -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Http.error(response).getJsonArray("details").stream()
                .map(d -> ((JsonObject) d).getString("field"))).contains("network.branches[0].to");
            assertThat(rows).isZero();
          });
          return rows;
        }))
        .onComplete(tc.succeedingThenComplete());
  }
}
