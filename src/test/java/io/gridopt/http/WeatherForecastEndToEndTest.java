package io.gridopt.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.ServiceTest;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /forecast with weather through the whole service and the real database (the OpenAPI
 * document must accept the weather fields), and a storage request using that forecast as its load.
 */
class WeatherForecastEndToEndTest extends ServiceTest {

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext tc) {
    startService(vertx, TestConfig.base()).onComplete(tc.succeedingThenComplete());
  }

  /** 21 days from 2024-06-10 of hourly load that rises 5 MW per degree above 60 F, and the weather. */
  private static JsonObject request() {
    JsonArray values = new JsonArray();
    JsonArray temps = new JsonArray();
    JsonArray forecast = new JsonArray();
    for (int i = 0; i < 22 * 24; i++) {
      double t = 65 + 10 * Math.sin(2 * Math.PI * (i % 24 - 9) / 24.0) + 6 * Math.sin(2 * Math.PI * i / (24 * 6.7));
      if (i < 21 * 24) {
        values.add(100 + 20 * Math.sin(2 * Math.PI * i / 24) + 5 * Math.max(t - 60, 0));
        temps.add(i == 30 ? null : t); // one missing reading
      } else {
        forecast.add(t);
      }
    }
    return new JsonObject().put("region", "DAYTON").put("unit", "MW").put("horizon_hours", 24)
        .put("history", new JsonObject().put("start", "2024-06-10T00:00:00Z").put("interval_minutes", 60)
            .put("values", values))
        .put("weather", new JsonObject().put("temperature_unit", "F").put("temperature", temps)
            .put("temperature_forecast", forecast).put("temperature_forecast_sd", 2.0));
  }

  @Test
  void weatherForecastIsStoredWithItsEmbeddingAndFeedsAStorageRequest(VertxTestContext tc) {
    Http.post(client, stack.httpPort(), "/forecast", request()).compose(forecast -> {
      String runId = forecast.bodyAsJsonObject().getString("run_id");
      JsonObject storage = Requests.storage("DAYTON");
      storage.remove("load_kw");
      JsonArray prices = new JsonArray();
      for (int h = 0; h < 24; h++) {
        prices.add(h < 12 ? 0.10 : 0.30);
      }
      storage.put("forecast_run_id", runId).put("start", "2024-07-01T00:00:00Z").put("import_price", prices);
      return TestDatabase.count(pool, """
              select count(*) from optimization_runs r join optimization_embeddings e on e.optimization_run_id = r.id
              where r.id = $1::uuid and r.status = 'completed' and vector_dims(e.embedding) = 1536""", runId)
          .compose(embedded -> Http.post(client, stack.httpPort(), "/storage-optimize", storage)
              .compose(schedule -> Http.get(client, stack.httpPort(),
                      "/runs/" + schedule.bodyAsJsonObject().getString("run_id"))
                  .map(stored -> {
                    tc.verify(() -> {
                      assertThat(forecast.statusCode()).isEqualTo(201);
                      JsonObject result = forecast.bodyAsJsonObject().getJsonObject("result");
                      assertThat(result.getJsonObject("model").getString("name")).startsWith("weather_");
                      assertThat(result.getJsonObject("data_quality").getInteger("temperatures_filled")).isEqualTo(1);
                      assertThat(embedded).isEqualTo(1L);
                      JsonArray point = result.getJsonArray("point");
                      assertThat(point).hasSize(24);
                      assertThat(schedule.statusCode()).isEqualTo(201);
                      // the forecast (MW) became the storage load in kW
                      JsonArray load = stored.bodyAsJsonObject().getJsonObject("input").getJsonArray("load_kw");
                      assertThat(load).hasSize(24);
                      for (int j = 0; j < 24; j++) {
                        assertThat(load.getDouble(j)).isCloseTo(point.getDouble(j) * 1000, within(1e-6));
                      }
                    });
                    return stored;
                  })));
    }).onComplete(tc.succeedingThenComplete());
  }
}
