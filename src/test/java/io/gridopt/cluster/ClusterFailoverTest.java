package io.gridopt.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gridopt.bus.Addresses;
import io.gridopt.config.AppConfig;
import io.gridopt.observability.Observability;
import io.gridopt.testsupport.Http;
import io.micrometer.core.instrument.Counter;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.MessageConsumerOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * gridopt as a Hazelcast cluster on 127.0.0.1: an API node (http, qnn-client, persistence, embedding)
 * and engine nodes, each a separate clustered Vert.x in this JVM, started like {@code Main} starts a
 * node. The engines solve {@link PrimeCountProblem}, so answers are checked against pi(n).
 * One API node serves the whole class; each test starts with two running engine nodes (replacing those
 * a previous test closed). Each test posts under its own region and counts only that region's rows, so
 * other test classes sharing the database cannot disturb the counts. The test thread drives the nodes
 * with blocking {@code await()}; the injected Vertx is the client side (HTTP client, database checks).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterFailoverTest {
  /** Published values of the prime-counting function pi(n). */
  private static final Map<Integer, Integer> PI = Map.of(100_000, 9_592, 1_000_000, 78_498, 2_000_000, 148_933);
  private static final int[] SIZES = {100_000, 1_000_000, 2_000_000};

  private static ClusterNodes nodes;
  private static ClusterNodes.Node api;
  private static WebClient client;
  private static Pool pool;
  private static int engineCount;
  private static final List<ClusterNodes.Node> engines = new ArrayList<>();
  private final String region = "cluster-" + UUID.randomUUID();

  @BeforeAll
  static void startApiNode(Vertx vertx) {
    nodes = new ClusterNodes(PrimeCountProblem.types());
    // long enough that a request held by a killed node can only succeed through the node-left retry
    api = nodes.start(nodes.config("api", ClusterNodes.API_ROLES).put("GRIDOPT_QNN_TIMEOUT_MS", 20_000));
    client = WebClient.create(vertx);
    pool = TestDatabase.pool(vertx);
  }

  @AfterAll
  static void closeAll() {
    nodes.close();
    client.close();
    pool.close().await();
  }

  @BeforeEach
  void twoEngineNodes() throws InterruptedException {
    engines.removeIf(engine -> !nodes.isRunning(engine));
    awaitMembers(1 + engines.size());
    while (engines.size() < 2) {
      engines.add(startEngine());
    }
  }

  /**
   * Waits until the API node counts {@code expected} cluster members: a node a previous test killed may still
   * be a member (and its engine subscription still known) until Hazelcast's failure detection removes it, and
   * the next test's round-robin counts assume only its own engine nodes.
   */
  private static void awaitMembers(int expected) throws InterruptedException {
    ClusterManager manager = ((VertxInternal) api.vertx()).clusterManager();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    while (manager.getNodes().size() > expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(manager.getNodes()).as("cluster members seen by the API node").hasSize(expected);
  }

  private static ClusterNodes.Node startEngine() {
    return nodes.start("engine-" + ++engineCount, "engine");
  }

  private Future<HttpResponse<Buffer>> postAsync(int below) {
    return Http.post(client, api.httpPort(), "/forecast", PrimeCountProblem.request(region, below));
  }

  private HttpResponse<Buffer> post(int below) {
    return postAsync(below).await();
  }

  /** Metrics rows of this test's runs, by the node id that solved them. */
  private Map<String, Long> metricsRowsByNode() {
    Map<String, Long> byNode = new HashMap<>();
    for (Row row : pool.preparedQuery("select m.node_id, count(*) from qnn_execution_metrics m"
        + " join optimization_runs r on r.id = m.optimization_run_id where r.region = $1 group by m.node_id")
        .execute(Tuple.of(region)).await()) {
      byNode.put(row.getString(0), row.getLong(1));
    }
    return byNode;
  }

  /** {@code select count(*)} of this test's runs ({@code r}) with their metrics ({@code m}) where {@code condition}. */
  private long count(String condition) {
    return TestDatabase.count(pool, "select count(*) from optimization_runs r"
        + " left join qnn_execution_metrics m on m.optimization_run_id = r.id where r.region = $1 and " + condition,
        region).await();
  }

  /** Every 201 answer is one completed run in the database with one metrics row, and nothing else was written. */
  private List<String> assertRecordedExactlyOnce(List<HttpResponse<Buffer>> responses) {
    List<String> runIds = new ArrayList<>();
    for (HttpResponse<Buffer> response : responses) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
      JsonObject result = response.bodyAsJsonObject().getJsonObject("result");
      assertThat(result.getInteger("prime_count")).isEqualTo(PI.get(result.getInteger("below")));
      runIds.add(response.bodyAsJsonObject().getString("run_id"));
    }
    assertThat(runIds).doesNotHaveDuplicates();
    // the join yields one row per (run, metrics row): as many rows as answers means one metrics row per run
    assertThat(count("true")).isEqualTo(responses.size());
    assertThat(count("r.status = 'completed' and m.node_id is not null")).isEqualTo(responses.size());
    assertThat(TestDatabase.count(pool, "select count(distinct r.id) from optimization_runs r where r.region = $1",
        region).await()).isEqualTo(responses.size());
    return runIds;
  }

  @Test
  void requestsAreSolvedOnBothEngineNodesAndTheRunRecordsWhichOne() {
    List<HttpResponse<Buffer>> responses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      responses.add(post(SIZES[i % SIZES.length]));
    }
    List<String> runIds = assertRecordedExactlyOnce(responses);

    // round robin over two engine nodes: three runs each, and every run's metrics name its node
    assertThat(metricsRowsByNode()).containsOnly(
        Map.entry(engines.get(0).nodeId(), 3L), Map.entry(engines.get(1).nodeId(), 3L));
    JsonObject detail = Http.get(client, api.httpPort(), "/runs/" + runIds.get(0)).await().bodyAsJsonObject();
    assertThat(detail.getJsonObject("metrics").getString("node_id"))
        .isIn(engines.get(0).nodeId(), engines.get(1).nodeId());
    assertThat(detail.getJsonObject("metrics").getString("solver")).isEqualTo("sieve-of-eratosthenes");
  }

  @Test
  void anEngineNodeClosedDuringAStreamLosesAndDuplicatesNoRun() throws InterruptedException {
    int total = 40;
    int lanes = 4;
    AtomicInteger answered = new AtomicInteger();
    List<Future<List<HttpResponse<Buffer>>>> laneResults = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      laneResults.add(lane(lane, total / lanes, answered, new ArrayList<>()));
    }
    while (answered.get() < 8) {
      Thread.sleep(10);
    }
    nodes.stop(engines.get(1)); // mid-stream: requests are in flight on it and more keep coming

    List<HttpResponse<Buffer>> responses = new ArrayList<>();
    laneResults.forEach(f -> responses.addAll(f.await()));
    assertThat(responses).hasSize(total);
    assertRecordedExactlyOnce(responses);
    Map<String, Long> byNode = metricsRowsByNode();
    assertThat(byNode.keySet()).containsExactlyInAnyOrder(engines.get(0).nodeId(), engines.get(1).nodeId());
    assertThat(byNode.get(engines.get(0).nodeId())).isGreaterThan(total / 2);
  }

  /** One client lane: {@code n} requests one after another, collecting the answers. */
  private Future<List<HttpResponse<Buffer>>> lane(int lane, int n, AtomicInteger answered,
                                                  List<HttpResponse<Buffer>> collected) {
    if (collected.size() == n) {
      return Future.succeededFuture(collected);
    }
    int below = SIZES[(lane + collected.size()) % SIZES.length];
    return postAsync(below)
        .compose(response -> {
          collected.add(response);
          answered.incrementAndGet();
          return lane(lane, n, answered, collected);
        });
  }

  /**
   * A node whose engine consumer drops every request unhandled, as Vert.x drops the requests still queued for
   * a stopping engine (the sender gets a TIMEOUT reply "Discarded the request" at once, long before its own
   * timeout): each such request is solved by another node, none answers 504, each run is recorded once.
   */
  @Test
  void requestsAnEngineNodeDropsUnhandledAreSolvedByAnotherNode() throws InterruptedException {
    Vertx dropping = ClusteredVertx.start(AppConfig.fromJson(nodes.config("engine-dropping", "engine"))).await();
    try {
      AtomicInteger handled = new AtomicInteger();
      MessageConsumer<JsonObject> consumer = dropping.eventBus().consumer(
          new MessageConsumerOptions().setAddress(Addresses.ENGINE_PREDICT).setMaxBufferedMessages(2));
      consumer.pause().handler(msg -> handled.incrementAndGet());
      consumer.completion().await();
      // fill its queue from the node itself (local only): what does not fit is discarded at once, and so (the
      // consumer stays paused) is every request that reaches this node from then on
      DeliveryOptions local = new DeliveryOptions().setLocalOnly(true);
      List<Future<Object>> fill = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        fill.add(dropping.eventBus().request(Addresses.ENGINE_PREDICT, new JsonObject(), local).mapEmpty());
      }
      assertThat(catchThrowable(() -> Future.all(fill).await(10, TimeUnit.SECONDS)))
          .hasMessageStartingWith("Discarded the request");

      double discardedBefore = retries("discarded");
      List<HttpResponse<Buffer>> responses = new ArrayList<>();
      // round robin over three nodes: every third request goes to the dropping one once the API node knows it
      for (int i = 0; i < 30 && retries("discarded") - discardedBefore < 2; i++) {
        responses.add(post(SIZES[i % SIZES.length]));
      }
      assertRecordedExactlyOnce(responses);
      assertThat(retries("discarded") - discardedBefore).as("requests dropped by the node and retried").isEqualTo(2);
      assertThat(handled).hasValue(0);
      assertThat(metricsRowsByNode().keySet()).isSubsetOf(engines.get(0).nodeId(), engines.get(1).nodeId());
    } finally {
      dropping.close().await();
    }
  }

  /**
   * A node that takes engine requests but neither acknowledges nor answers them, as a crashed node does whose
   * subscription the API node still holds (the write to it fails, the reply would wait out the whole budget):
   * each request it swallows is sent to another engine node once its acknowledgement deadline passes, and
   * answered 201 by that node long before the 20 s budget; each run is recorded once.
   */
  @Test
  void requestsSwallowedByANodeThatNeverAcknowledgesAreSolvedByAnotherNode() {
    Vertx blackHole = ClusteredVertx.start(AppConfig.fromJson(nodes.config("engine-black-hole", "engine"))).await();
    try {
      AtomicInteger swallowed = new AtomicInteger();
      blackHole.eventBus().<JsonObject>consumer(Addresses.ENGINE_PREDICT, msg -> swallowed.incrementAndGet())
          .completion().await();
      double hedgesBefore = retries("unacknowledged");
      List<HttpResponse<Buffer>> responses = new ArrayList<>();
      List<Long> tookMs = new ArrayList<>();
      // round robin over three nodes: every third request goes to the black hole once the API node knows it
      for (int i = 0; i < 12 && swallowed.get() < 2; i++) {
        long started = System.nanoTime();
        responses.add(post(SIZES[i % SIZES.length]));
        tookMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      }
      assertThat(swallowed).as("requests that reached the black hole").hasValue(2);
      assertRecordedExactlyOnce(responses);
      assertThat(retries("unacknowledged") - hedgesBefore).as("hedges, one per swallowed request").isEqualTo(2);
      assertThat(metricsRowsByNode().keySet()).isSubsetOf(engines.get(0).nodeId(), engines.get(1).nodeId());
      // answered by the hedge, not at the end of the budget (the 504 of a request lost on a dead node)
      assertThat(tookMs).as("milliseconds per request").allMatch(ms -> ms < 20_000);
    } finally {
      blackHole.close().await();
    }
  }

  private static double retries(String reason) {
    Counter counter = Observability.registry().find("gridopt.engine.retries").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void anEngineProcessKilledWhileSolvingHasItsRequestSolvedByAnotherNode() throws Exception {
    JsonObject config = nodes.config("engine-killed", "engine");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), StallingEngineNode.class.getName(), config.encode())
        .redirectErrorStream(true).start();
    try {
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          in.lines().filter(l -> l.equals("READY") || l.equals("SOLVING")).forEach(lines::add);
        } catch (java.io.IOException e) {
          // the process was killed
        }
      }, "stalling-engine-output");
      reader.setDaemon(true);
      reader.start();
      assertThat(lines.poll(40, TimeUnit.SECONDS)).as("the engine process started").isEqualTo("READY");

      // round robin: keep sending until one request is held by the stalling process, then kill it
      List<Future<HttpResponse<Buffer>>> pending = new ArrayList<>();
      String solving = null;
      for (int i = 0; i < 12 && solving == null; i++) {
        pending.add(postAsync(100_000));
        solving = lines.poll(1, TimeUnit.SECONDS);
      }
      assertThat(solving).as("a request reached the stalling engine process").isEqualTo("SOLVING");
      process.destroyForcibly().waitFor();

      List<HttpResponse<Buffer>> responses = new ArrayList<>();
      pending.forEach(f -> responses.add(f.await()));
      assertRecordedExactlyOnce(responses);
      // the held request was solved again elsewhere: no run names the killed node
      assertThat(metricsRowsByNode().keySet()).doesNotContain("engine-killed")
          .isSubsetOf(engines.get(0).nodeId(), engines.get(1).nodeId());
    } finally {
      process.destroyForcibly().waitFor();
    }
  }

  @Test
  void withNoEngineNodeLeftTheApiAnswers503AndHealthSaysSoUntilOneJoins() throws InterruptedException {
    assertThat(post(100_000).statusCode()).isEqualTo(201);
    String firstNode = metricsRowsByNode().keySet().iterator().next();
    engines.forEach(nodes::stop);

    HttpResponse<Buffer> refused = post(100_000);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(Http.error(refused).getString("code")).isEqualTo("unavailable");
    assertThat(Http.error(refused).getString("message")).startsWith("no engine node available");

    HttpResponse<Buffer> health = Http.get(client, api.httpPort(), "/health").await();
    assertThat(health.statusCode()).isEqualTo(503);
    JsonObject engineCheck = check(health.bodyAsJsonObject(), "engine");
    assertThat(engineCheck.getString("status")).isEqualTo("DOWN");
    assertThat(engineCheck.getJsonObject("data").getString("reason"))
        .isEqualTo("no engine node available: no node of the cluster runs the engine role");
    assertThat(check(health.bodyAsJsonObject(), "database").getString("status")).isEqualTo("UP");

    ClusterNodes.Node joined = startEngine();
    engines.add(joined);
    // the new node's subscription reaches the API node asynchronously: poll /health
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    do {
      health = Http.get(client, api.httpPort(), "/health").await();
      if (health.statusCode() == 200) {
        break;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(check(health.bodyAsJsonObject(), "engine").getJsonObject("data").getString("node_id"))
        .isEqualTo(joined.nodeId());
    HttpResponse<Buffer> solved = post(1_000_000);
    assertThat(solved.statusCode()).isEqualTo(201);
    assertThat(solved.bodyAsJsonObject().getJsonObject("result").getInteger("prime_count")).isEqualTo(78_498);

    // the refused request is recorded as a failed run with its reason; the two others completed
    assertThat(count("r.status = 'completed'")).isEqualTo(2);
    assertThat(count("r.status = 'failed' and r.error like '503 unavailable: no engine node available%'"))
        .isEqualTo(1);
    assertThat(metricsRowsByNode()).containsOnly(Map.entry(firstNode, 1L), Map.entry(joined.nodeId(), 1L));
  }

  private static JsonObject check(JsonObject health, String id) {
    return health.getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(c -> id.equals(c.getString("id"))).findFirst().orElseThrow();
  }
}
