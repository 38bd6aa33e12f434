package io.gridopt.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.cluster.ClusterNodes;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.solver.dispatch.DispatchInstances;
import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * gridopt used by another program over the event bus: a plain verticle on a node of its own, which runs no
 * gridopt role and knows only the documented messages (docs/bus.md: address names and JSON fields, no gridopt
 * class), submits runs of every type to a gridopt node of the Hazelcast cluster (TCP on 127.0.0.1), gets the
 * stored run back, gets the endpoints' validation failure for a bad request, and reads its runs back. The rows
 * are checked in the database.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunsOverTheBusTest {
  private static ClusterNodes nodes;
  private static ClusterNodes.Node gridopt;
  private static BusClient client;
  private static Pool pool;
  private final String region = "bus-" + UUID.randomUUID();

  /** The other program: a verticle that sends the documented JSON messages from its own context. */
  static final class BusClient extends VerticleBase {
    Future<JsonObject> request(String address, JsonObject body) {
      Promise<JsonObject> answer = Promise.promise();
      context.runOnContext(v -> vertx.eventBus().<JsonObject>request(address, body,
              new DeliveryOptions().setSendTimeout(90_000).addHeader("x-request-id", "bus-client-test"))
          .map(Message::body).onComplete(answer));
      return answer.future();
    }

    JsonObject submit(String requestType, JsonObject body) {
      return request("gridopt.runs.submit", new JsonObject().put("request_type", requestType).put("body", body))
          .await();
    }

    JsonObject get(String runId) {
      return request("gridopt.persistence.run.get", new JsonObject().put("id", runId)).await();
    }
  }

  @BeforeAll
  static void startNodes(Vertx vertx) {
    nodes = new ClusterNodes(ProblemTypes.standard());
    // http too, only to compare its answers with the bus's
    gridopt = nodes.start("gridopt", "http,runs,qnn-client,engine,persistence,embedding");
    ClusterNodes.Node other = nodes.bare("other-program");
    client = new BusClient();
    other.vertx().deployVerticle(client).await();
    pool = TestDatabase.pool(vertx);
  }

  @AfterAll
  static void stopNodes() {
    nodes.close();
    pool.close().await();
  }

  @Test
  void runsOfEveryTypeAreSubmittedStoredAndReadBackOverTheBus() throws IOException {
    JsonObject storage = client.submit("storage", Requests.storage(region));
    // 5 kW of charge in the cheap first hour cover one dear hour: 0.1 x 10 + 0.3 x 5 = 2.5 against 3.5
    assertThat(storage.getString("status")).isEqualTo("completed");
    assertThat(storage.getJsonObject("result").getDouble("total_cost")).isCloseTo(2.5, within(1e-6));

    JsonObject forecast = client.submit("forecast", Requests.forecast(region));
    assertThat(forecast.getString("status")).isEqualTo("completed");
    assertThat(forecast.getJsonObject("result").getJsonArray("point")).hasSize(24);

    JsonObject grid = client.submit("grid_switch", new JsonObject().put("region", region).put("matpower", case33bw()));
    // Baran & Wu 1989: the published optimum opens 7, 9, 14, 32, 37 at 139.55 kW
    assertThat(grid.getJsonObject("result").getJsonArray("open_branches").getList())
        .containsExactlyInAnyOrder("7", "9", "14", "32", "37");
    assertThat(grid.getJsonObject("result").getDouble("loss_kw_after")).isCloseTo(139.55, within(0.05));

    JsonObject dispatch = client.submit("network_dispatch", DispatchInstances.twoBus().put("region", region));
    assertThat(dispatch.getString("status")).isEqualTo("completed");
    assertThat(dispatch.getString("request_type")).isEqualTo("network_dispatch");

    for (JsonObject run : new JsonObject[] {storage, forecast, grid, dispatch}) {
      JsonObject stored = client.get(run.getString("run_id"));
      assertThat(stored.getString("request_type")).isEqualTo(run.getString("request_type"));
      assertThat(stored.getJsonObject("result")).isEqualTo(run.getJsonObject("result"));
      assertThat(stored.getJsonObject("input").getString("region")).isEqualTo(region);
      assertThat(stored.getJsonObject("embedding").getInteger("dimension")).isEqualTo(1536);
      Row row = pool.preparedQuery("""
              select r.request_type, r.status, r.region, count(e.id) as embeddings, count(m.id) as metrics
              from optimization_runs r
              left join optimization_embeddings e on e.optimization_run_id = r.id
              left join qnn_execution_metrics m on m.optimization_run_id = r.id
              where r.id = $1 group by r.id""")
          .execute(Tuple.of(UUID.fromString(run.getString("run_id")))).await().iterator().next();
      assertThat(row.getString("request_type")).isEqualTo(run.getString("request_type"));
      assertThat(row.getString("status")).isEqualTo("completed");
      assertThat(row.getString("region")).isEqualTo(region);
      assertThat(row.getLong("embeddings")).isEqualTo(1);
      assertThat(row.getLong("metrics")).isEqualTo(1);
    }
    assertThat(runsOfRegion()).isEqualTo(4);
  }

  @Test
  void aBadRequestFailsWithTheValidationCodeNamingTheFieldAndNothingIsStored() {
    JsonObject bad = Requests.storage(region);
    bad.getJsonObject("battery").put("capacity_kwh", -5);
    Throwable failure = catchThrowable(() -> client.submit("storage", bad));
    assertThat(failure).isInstanceOf(ReplyException.class);
    ReplyException reply = (ReplyException) failure;
    assertThat(reply.failureCode()).isEqualTo(400);
    JsonObject error = new JsonObject(reply.getMessage());
    assertThat(error.getString("code")).isEqualTo("validation_failed");
    assertThat(error.getJsonArray("details").getJsonObject(0).getString("field")).isEqualTo("battery.capacity_kwh");

    ReplyException nul = (ReplyException) catchThrowable(() -> client.submit("storage",
        Requests.storage(region).put("site", "roof\u0000top")));
    assertThat(nul.failureCode()).as("PostgreSQL cannot store U+0000: refused, not lost").isEqualTo(400);
    assertThat(new JsonObject(nul.getMessage()).getJsonArray("details").getJsonObject(0).getString("field"))
        .isEqualTo("site");

    ReplyException unknownType = (ReplyException) catchThrowable(() -> client.submit("teleport", Requests.storage(region)));
    assertThat(unknownType.failureCode()).isEqualTo(400);
    assertThat(new JsonObject(unknownType.getMessage()).getJsonArray("details").getJsonObject(0).getString("field"))
        .isEqualTo("request_type");
    assertThat(runsOfRegion()).isZero();
  }

  @Test
  void anUnknownFieldIsRefusedOnTheBusWithTheBodyHttpGives() throws Exception {
    JsonObject body = Requests.storage(region).put("colour", "blue");
    ReplyException reply = (ReplyException) catchThrowable(() -> client.submit("storage", body));
    assertThat(reply.failureCode()).isEqualTo(400);
    JsonObject overBus = new JsonObject(reply.getMessage());
    assertThat(overBus.getJsonArray("details").getJsonObject(0)).isEqualTo(new JsonObject().put("field", "colour")
        .put("problem", "is not a field of this request (unknown fields are rejected)"));

    HttpResponse<String> http = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + gridopt.httpPort() + "/storage-optimize"))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(http.statusCode()).isEqualTo(400);
    JsonObject overHttp = new JsonObject(http.body()).getJsonObject("error");
    assertThat(overHttp.remove("request_id")).isNotNull();
    assertThat(overBus).isEqualTo(overHttp);
    assertThat(runsOfRegion()).isZero();
  }

  private long runsOfRegion() {
    return TestDatabase.count(pool, "select count(*) from optimization_runs where region = $1", region).await();
  }

  private static String case33bw() throws IOException {
    try (InputStream in = RunsOverTheBusTest.class.getResourceAsStream("/grids/case33bw.m")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
