package io.gridopt.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.solver.dispatch.DispatchInstances;
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

/** POST /network-dispatch through the whole service and the real database. */
class NetworkDispatchEndToEndTest extends ServiceTest {

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext tc) {
    startService(vertx, TestConfig.base()).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void dispatchIsAnsweredAndStoredWithItsEmbedding(VertxTestContext tc) {
    Http.post(client, stack.httpPort(), "/network-dispatch", DispatchInstances.twoBus())
        .compose(response -> TestDatabase.count(pool, """
                select count(*) from optimization_runs r join optimization_embeddings e on e.optimization_run_id = r.id
                where r.id = $1::uuid and r.status = 'completed' and r.request_type = 'network_dispatch'
                  and vector_dims(e.embedding) = 1536
                  and e.content like 'Network-aware battery and PV dispatch on a distribution feeder for region TEST%'
                  and e.content like '%network-blind schedule%breaking 1 limits%'""",
            response.bodyAsJsonObject().getString("run_id")).map(rows -> {
              tc.verify(() -> {
                assertThat(response.statusCode()).isEqualTo(201);
                assertThat(response.getHeader("Location")).endsWith(response.bodyAsJsonObject().getString("run_id"));
                JsonObject run = response.bodyAsJsonObject();
                assertThat(run.getString("request_type")).isEqualTo("network_dispatch");
                assertThat(run.getString("forecast_date")).isEqualTo("2024-06-01");
                // the hand-worked optimum of NetworkDispatchProblemTypeTest
                assertThat(run.getJsonObject("result").getDouble("cost")).isCloseTo(-595.9984, within(0.005));
                assertThat(rows).isEqualTo(1L);
              });
              return rows;
            }))
        .onComplete(tc.succeedingThenComplete());
  }

  /** The forecast (an exact daily cycle, 100 + 20 sin) divided by its peak becomes the load profile. */
  @Test
  void forecastRunIdBecomesTheLoadProfile(VertxTestContext tc) {
    Http.post(client, stack.httpPort(), "/forecast", Requests.forecast("DAYTON")).compose(forecast -> {
      JsonObject request = DispatchInstances.twoBus();
      request.remove("bus_load_kw");
      JsonArray prices = new JsonArray();
      JsonArray pv = new JsonArray();
      for (int h = 0; h < 24; h++) {
        prices.add(h < 17 ? 0.10 : 0.30);
        pv.add(0);
      }
      request.put("import_price", prices).put("forecast_run_id", forecast.bodyAsJsonObject().getString("run_id"));
      request.getJsonArray("pv").getJsonObject(0).put("profile_kw", pv);
      return Http.post(client, stack.httpPort(), "/network-dispatch", request)
          .compose(dispatch -> Http.get(client, stack.httpPort(), "/runs/" + dispatch.bodyAsJsonObject().getString("run_id"))
              .map(stored -> {
                tc.verify(() -> {
                  assertThat(forecast.statusCode()).isEqualTo(201);
                  assertThat(dispatch.statusCode()).isEqualTo(201);
                  JsonArray point = forecast.bodyAsJsonObject().getJsonObject("result").getJsonArray("point");
                  double peak = point.stream().mapToDouble(v -> ((Number) v).doubleValue()).max().orElseThrow();
                  JsonArray profile = stored.bodyAsJsonObject().getJsonObject("input").getJsonArray("load_profile");
                  assertThat(profile).hasSize(24);
                  assertThat(profile.getDouble(6)).isCloseTo(point.getDouble(6) / peak, within(1e-9));
                  // bus 2's 1000 kW base load follows the profile: the substation serves it plus the losses
                  JsonObject step6 = dispatch.bodyAsJsonObject().getJsonObject("result").getJsonArray("steps")
                      .getJsonObject(6);
                  JsonObject battery = dispatch.bodyAsJsonObject().getJsonObject("result").getJsonArray("batteries")
                      .getJsonObject(0);
                  double net = 1000 * point.getDouble(6) / peak + battery.getJsonArray("charge_kw").getDouble(6)
                      - battery.getJsonArray("discharge_kw").getDouble(6);
                  assertThat(step6.getDouble("substation_kw") - step6.getDouble("loss_kw")).isCloseTo(net, within(1e-3));
                });
                return stored;
              }));
    }).onComplete(tc.succeedingThenComplete());
  }

  @Test
  void infeasibleDispatchIs422AndRecordedAsFailed(VertxTestContext tc) {
    JsonObject request = DispatchInstances.twoBus();
    request.getJsonArray("pv").getJsonObject(0).put("profile_kw", new JsonArray().add(5000).add(0));
    request.getJsonArray("batteries").getJsonObject(0).put("max_charge_kw", 1000);
    Http.post(client, stack.httpPort(), "/network-dispatch", request)
        .compose(response -> Http.get(client, stack.httpPort(), "/runs/" + Http.error(response).getString("run_id"))
            .map(stored -> {
              tc.verify(() -> {
                assertThat(response.statusCode()).isEqualTo(422);
                JsonObject error = Http.error(response);
                assertThat(error.getString("code")).isEqualTo("infeasible");
                assertThat(error.getString("message")).contains("step 0").contains("bus 2").contains("1.0385");
                assertThat(stored.bodyAsJsonObject().getString("status")).isEqualTo("failed");
                assertThat(stored.bodyAsJsonObject().getString("error")).startsWith("422");
              });
              return stored;
            }))
        .onComplete(tc.succeedingThenComplete());
  }

  @Test
  void badFieldIs400NamingItAndNothingIsStored(VertxTestContext tc) {
    JsonObject request = DispatchInstances.twoBus().put("export_price", new JsonArray().add(0.5).add(0.1));
    Http.post(client, stack.httpPort(), "/network-dispatch", request)
        .compose(response -> TestDatabase.count(pool, "select count(*) from optimization_runs").map(rows -> {
          tc.verify(() -> {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Http.error(response).encode()).contains("export_price[0]");
            assertThat(rows).isZero();
          });
          return rows;
        }))
        .onComplete(tc.succeedingThenComplete());
  }
}
