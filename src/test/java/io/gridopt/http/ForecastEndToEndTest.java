package io.gridopt.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.ServiceTest;
import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /forecast through the whole service, and a storage request that uses the stored forecast as its load. */
class ForecastEndToEndTest extends ServiceTest {

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext tc) {
    startService(vertx, TestConfig.base()).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void forecastIsStoredAndFeedsAStorageRequest(VertxTestContext tc) {
    Http.post(client, stack.httpPort(), "/forecast", Requests.forecast("DAYTON")).compose(forecast -> {
      JsonObject storage = Requests.storage("DAYTON");
      storage.remove("load_kw");
      JsonArray prices = new JsonArray();
      for (int h = 0; h < 24; h++) {
        prices.add(h < 12 ? 0.10 : 0.30);
      }
      storage.put("forecast_run_id", forecast.bodyAsJsonObject().getString("run_id"))
          .put("start", "2024-07-01T00:00:00Z").put("import_price", prices);
      return Http.post(client, stack.httpPort(), "/storage-optimize", storage)
          .compose(schedule -> Http.get(client, stack.httpPort(),
                  "/runs/" + schedule.bodyAsJsonObject().getString("run_id"))
              .map(stored -> {
                tc.verify(() -> {
                  assertThat(forecast.statusCode()).isEqualTo(201);
                  JsonObject run = forecast.bodyAsJsonObject();
                  assertThat(run.getString("request_type")).isEqualTo("forecast");
                  // the first forecast step is the hour after the history: 2024-07-01 00:00 UTC
                  assertThat(run.getString("forecast_date")).isEqualTo("2024-07-01");
                  JsonArray point = run.getJsonObject("result").getJsonArray("point");
                  assertThat(point).hasSize(24);
                  // an exact daily cycle is forecast as itself
                  assertThat(point.getDouble(6)).isCloseTo(120.0, within(1.0));
                  assertThat(schedule.statusCode()).isEqualTo(201);
                  // the forecast (MW) became the storage load in kW
                  JsonArray load = stored.bodyAsJsonObject().getJsonObject("input").getJsonArray("load_kw");
                  assertThat(load).hasSize(24);
                  assertThat(load.getDouble(6)).isCloseTo(point.getDouble(6) * 1000, within(1e-6));
                });
                return stored;
              }));
    }).onComplete(tc.succeedingThenComplete());
  }
}
