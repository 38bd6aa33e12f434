package io.gridopt.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.Stack;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Anomalies through the whole service and the real database: found on every run, stored with it in
 * its transaction, shown on the run, listed with filters and paging, resolved with the API key.
 */
class AnomaliesEndToEndTest {
  private static final String KEY = "anomaly-key-0123456789";

  private Vertx vertx;
  private WebClient client;
  private Pool pool;
  private int port;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx);
    port = new Stack().deploy(vertx, TestConfig.base().put("GRIDOPT_API_KEY", KEY)).await().httpPort();
    TestDatabase.truncate(pool).await();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    pool.close().await();
    vertx.close().await();
  }

  private HttpResponse<Buffer> post(String path, JsonObject body) {
    return client.post(port, "127.0.0.1", path).bearerTokenAuthentication(KEY).sendJsonObject(body).await();
  }

  private JsonObject get(String path) {
    HttpResponse<Buffer> response = client.get(port, "127.0.0.1", path).putHeader("X-API-Key", KEY).send().await();
    assertThat(response.statusCode()).as(path + ": " + response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static JsonObject ofType(JsonArray anomalies, String type) {
    return anomalies.stream().map(JsonObject.class::cast).filter(a -> a.getString("type").equals(type)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " in " + anomalies.encodePrettily()));
  }

  @Test
  void undervoltageOfThe33BusFeederNamesTheBusesBelowTheLimitAndTheSwitchingThatLiftsThem() throws IOException {
    // Baran & Wu 1989: at nominal load the lowest voltage is 0.9131 pu at bus 18; the optimum
    // (open 7, 9, 14, 32, 37) lifts it to 0.9378 pu. With a limit of 0.93 the feeder is 0.0169 pu
    // short before switching: medium by the rule (0.01 <= deficit < 0.03), nothing after.
    String matpower = GridSwitchEndToEndTest.case33bw();
    JsonObject evaluate = new JsonObject().put("region", "Feeder 12").put("date", "2024-07-01").put("matpower", matpower)
        .put("mode", "evaluate").put("v_min_pu", 0.93);
    HttpResponse<Buffer> current = post("/grid-switch-optimize", evaluate);
    HttpResponse<Buffer> optimized = post("/grid-switch-optimize", evaluate.copy().put("mode", "optimize"));

    assertThat(current.statusCode()).isEqualTo(201);
    assertThat(optimized.statusCode()).isEqualTo(201);
    Set<String> below = new HashSet<>();
    for (Map.Entry<String, Object> e : current.bodyAsJsonObject().getJsonObject("result").getJsonObject("bus_voltages_pu")) {
      if (((Number) e.getValue()).doubleValue() < 0.93) {
        below.add(e.getKey());
      }
    }
    JsonObject run = optimized.bodyAsJsonObject();
    JsonObject before = ofType(run.getJsonArray("anomalies"), "grid_undervoltage");
    assertThat(before.getJsonObject("figures").getString("state")).isEqualTo("before");
    assertThat(before.getJsonArray("buses").getString(0)).isEqualTo("18");
    assertThat(new HashSet<>(before.getJsonArray("buses").getList())).isEqualTo(below).hasSizeGreaterThan(5);
    assertThat(before.getJsonObject("figures").getDouble("v_min_pu")).isCloseTo(0.9131, within(5e-4));
    assertThat(before.getJsonObject("figures").getDouble("deficit_pu")).isCloseTo(0.0169, within(5e-4));
    assertThat(before.getString("severity")).isEqualTo("medium");
    assertThat(before.getString("description")).contains("bus 18", "0.93 pu");
    // the tie switches 33..37 are open in the case: close four of them, then open 7, 9, 14, 32
    assertThat(before.getJsonArray("suggested_actions").getString(0))
        .startsWith("Close branches 33, 34, 35, 36, then open branches 7, 9, 14, 32:").contains("0.9378 pu");
    assertThat(run.getJsonArray("anomalies").stream().map(JsonObject.class::cast)
        .filter(a -> "after".equals(a.getJsonObject("figures").getString("state")))).isEmpty();
    // the same finding is on GET /runs/{id}, from the database, and the search summary names it
    JsonObject stored = get("/runs/" + run.getString("run_id"));
    assertThat(ofType(stored.getJsonArray("anomalies"), "grid_undervoltage").getString("anomaly_id"))
        .isEqualTo(before.getString("anomaly_id"));
    assertThat(stored.getJsonObject("embedding").getString("content")).contains("grid undervoltage", "bus 18");
    // evaluate mode: one finding about the given configuration, suggesting to optimize
    JsonObject given = ofType(current.bodyAsJsonObject().getJsonArray("anomalies"), "grid_undervoltage");
    assertThat(given.getJsonObject("figures").getString("state")).isEqualTo("current");
    assertThat(given.getJsonArray("suggested_actions").getString(0)).contains("mode=optimize");
  }

  @Test
  void infeasibleStorageRequestGetsACriticalAnomalyNamingTheBindingConstraint() {
    JsonObject request = Requests.storage("SITE-7");
    request.getJsonObject("battery").put("final_soc_kwh", 9.0).put("max_charge_kw", 2.0); // 3 h * 2 kW < 9 kWh
    HttpResponse<Buffer> response = post("/storage-optimize", request);

    assertThat(response.statusCode()).isEqualTo(422);
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    String runId = error.getString("run_id");
    JsonObject failedRun = get("/runs/" + runId);
    assertThat(failedRun.getString("status")).isEqualTo("failed");
    JsonArray anomalies = failedRun.getJsonArray("anomalies");
    // the error body carries the failed run's findings as stored, the same list as GET /runs/{id}
    assertThat(error.getJsonArray("anomalies")).isEqualTo(anomalies);
    JsonObject infeasible = ofType(error.getJsonArray("anomalies"), "storage_infeasible");
    assertThat(infeasible.getString("severity")).isEqualTo("critical");
    assertThat(infeasible.getJsonObject("figures").getString("binding_constraint")).isEqualTo("battery.final_soc_kwh");
    assertThat(infeasible.getString("description")).contains("final_soc_kwh 9", "battery.final_soc_kwh");
    assertThat(infeasible.getJsonArray("suggested_actions").getString(0))
        .contains("Lower battery.final_soc_kwh (now 9 kWh)", "max_charge_kw (now 2 kW)");
    assertThat(infeasible.getString("run_id")).isEqualTo(runId);
    assertThat(infeasible.getString("region")).isEqualTo("SITE-7");
    assertThat(TestDatabase.count(pool, "select count(*) from anomalies a join optimization_runs r"
        + " on r.id = a.optimization_run_id where r.id = $1::uuid and r.status = 'failed'"
        + " and a.type = 'storage_infeasible' and a.severity = 'critical'"
        + " and a.figures ->> 'binding_constraint' = 'battery.final_soc_kwh'", runId).await()).isEqualTo(1L);
    assertThat(TestDatabase.count(pool, "select count(*) from anomalies where optimization_run_id = $1::uuid", runId)
        .await()).isEqualTo((long) anomalies.size());
  }

  @Test
  void reembeddingKeepsTheSentenceThatNamesTheAnomalies() {
    JsonObject withFindings = Requests.storage("SITE-3");
    withFindings.put("import_price", new JsonArray().add(-0.05).add(0.30).add(0.30));
    withFindings.getJsonObject("battery").put("min_soc_kwh", 2);
    JsonObject infeasible = Requests.storage("SITE-3");
    infeasible.getJsonObject("battery").put("final_soc_kwh", 9.0).put("max_charge_kw", 2.0);
    assertThat(post("/storage-optimize", withFindings).statusCode()).isEqualTo(201);
    assertThat(post("/storage-optimize", infeasible).statusCode()).isEqualTo(422);
    Map<String, String> first = summaries();
    assertThat(first).hasSize(2);
    assertThat(first.values()).allSatisfy(content -> assertThat(content).contains(" Anomalies ("));
    assertThat(first.values()).anySatisfy(content -> assertThat(content)
        .contains("storage negative prices", "storage initial soc out of bounds"));
    assertThat(first.values()).anySatisfy(content -> assertThat(content)
        .contains("critical storage infeasible", "battery.final_soc_kwh"));

    // as after a change of embedding model: every run is pending and is summarised again
    TestDatabase.count(pool, "with moved as (update optimization_embeddings set model = 'old-model' returning 1)"
        + " select count(*) from moved").await();
    JsonObject reply = vertx.eventBus().<JsonObject>request(io.gridopt.bus.Addresses.EMBEDDING_REEMBED,
        new JsonObject().put("batch_size", 10).put("wait", true)).await().body();

    assertThat(reply.getInteger("reembedded")).isEqualTo(2);
    assertThat(summaries()).isEqualTo(first);
    assertThat(TestDatabase.count(pool, "select count(*) from optimization_embeddings where model = 'old-model'")
        .await()).isZero();
  }

  /** Run id to the summary stored with its embedding. */
  private Map<String, String> summaries() {
    Map<String, String> byRun = new java.util.HashMap<>();
    pool.query("select optimization_run_id::text as id, content from optimization_embeddings").execute().await()
        .forEach(row -> byRun.put(row.getString("id"), row.getString("content")));
    return byRun;
  }

  @Test
  void rejectedRequestWritesNoRunAndNoAnomaly() {
    JsonObject request = Requests.storage("REJECTED");
    request.put("import_price", new JsonArray().add(-5).add(-5)); // wrong length: 400
    request.getJsonObject("battery").put("initial_soc_kwh", 50); // above the capacity: 400 too

    HttpResponse<Buffer> response = post("/storage-optimize", request);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(TestDatabase.count(pool, "select count(*) from anomalies").await()).isZero();
    assertThat(TestDatabase.count(pool, "select count(*) from optimization_runs").await()).isZero();
  }

  @Test
  void resolveNeedsTheKeyIsIdempotentAndSetsResolvedAt() {
    JsonObject request = Requests.storage("SITE-9");
    request.put("import_price", new JsonArray().add(-0.05).add(0.30).add(0.30));
    JsonObject run = post("/storage-optimize", request).bodyAsJsonObject();
    JsonObject negative = ofType(run.getJsonArray("anomalies"), "storage_negative_prices");
    String path = "/anomalies/" + negative.getString("anomaly_id") + "/resolve";

    HttpResponse<Buffer> anonymous = client.post(port, "127.0.0.1", path).send().await();
    HttpResponse<Buffer> first = client.post(port, "127.0.0.1", path).bearerTokenAuthentication(KEY).send().await();
    HttpResponse<Buffer> second = client.post(port, "127.0.0.1", path).putHeader("X-API-Key", KEY).send().await();
    HttpResponse<Buffer> unknown = client.post(port, "127.0.0.1", "/anomalies/" + java.util.UUID.randomUUID()
        + "/resolve").bearerTokenAuthentication(KEY).send().await();
    HttpResponse<Buffer> malformed = client.post(port, "127.0.0.1", "/anomalies/nope/resolve")
        .bearerTokenAuthentication(KEY).send().await();

    assertThat(negative.getBoolean("resolved")).isFalse();
    assertThat(negative.getValue("resolved_at")).isNull();
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject().getBoolean("resolved")).isTrue();
    String resolvedAt = first.bodyAsJsonObject().getString("resolved_at");
    assertThat(resolvedAt).isNotNull();
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.bodyAsJsonObject().getString("resolved_at")).isEqualTo(resolvedAt);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(get("/anomalies/" + negative.getString("anomaly_id")).getBoolean("resolved")).isTrue();
  }

  @Test
  void listFiltersByTypeSeverityRegionRunAndResolvedAndPagesNewestFirst() {
    List<String> runIds = new ArrayList<>();
    for (String region : List.of("NORTH", "SOUTH", "NORTH")) {
      JsonObject request = Requests.storage(region);
      request.put("import_price", new JsonArray().add(-0.05).add(0.30).add(0.30)); // negative prices in 1 of 3 steps: medium
      request.getJsonObject("battery").put("min_soc_kwh", 2); // initial 0 below min 2: 20 % of capacity, high
      runIds.add(post("/storage-optimize", request).bodyAsJsonObject().getString("run_id"));
    }
    JsonObject infeasible = Requests.storage("SOUTH");
    infeasible.getJsonObject("battery").put("final_soc_kwh", 9.0).put("max_charge_kw", 2.0);
    post("/storage-optimize", infeasible);

    assertThat(get("/anomalies").getJsonArray("anomalies")).hasSize(7);
    JsonArray critical = get("/anomalies?severity=critical").getJsonArray("anomalies");
    assertThat(critical).hasSize(1);
    assertThat(critical.getJsonObject(0).getString("type")).isEqualTo("storage_infeasible");
    assertThat(get("/anomalies?type=storage_initial_soc_out_of_bounds&severity=high").getJsonArray("anomalies"))
        .hasSize(3);
    assertThat(get("/anomalies?region=NORTH").getJsonArray("anomalies")).hasSize(4);
    JsonArray ofRun = get("/anomalies?run_id=" + runIds.get(1)).getJsonArray("anomalies");
    assertThat(ofRun.stream().map(a -> ((JsonObject) a).getString("type")))
        .containsExactlyInAnyOrder("storage_negative_prices", "storage_initial_soc_out_of_bounds");
    String toResolve = ofRun.getJsonObject(0).getString("anomaly_id");
    client.post(port, "127.0.0.1", "/anomalies/" + toResolve + "/resolve").bearerTokenAuthentication(KEY).send().await();
    assertThat(get("/anomalies?resolved=true").getJsonArray("anomalies")).hasSize(1);
    assertThat(get("/anomalies?resolved=false").getJsonArray("anomalies")).hasSize(6);
    assertThat(get("/anomalies?from=2000-01-01&to=2000-01-02").getJsonArray("anomalies")).isEmpty();

    // pages of 2: every anomaly once, newest first
    List<String> seen = new ArrayList<>();
    List<String> detected = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = get("/anomalies?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      page.getJsonArray("anomalies").forEach(a -> {
        seen.add(((JsonObject) a).getString("anomaly_id"));
        detected.add(((JsonObject) a).getString("detected_at"));
      });
      cursor = page.getString("next_cursor");
    } while (cursor != null);
    assertThat(seen).hasSize(7).doesNotHaveDuplicates();
    List<String> newestFirst = new ArrayList<>(detected);
    newestFirst.sort(java.util.Comparator.comparing((String t) -> java.time.OffsetDateTime.parse(t)).reversed());
    assertThat(detected).isEqualTo(newestFirst);

    HttpResponse<Buffer> bad = client.get(port, "127.0.0.1", "/anomalies?severity=urgent&type=nope&resolved=maybe")
        .putHeader("X-API-Key", KEY).send().await();
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getJsonObject("error").getJsonArray("details").stream()
        .map(d -> ((JsonObject) d).getString("field"))).contains("severity", "type", "resolved");
  }
}
