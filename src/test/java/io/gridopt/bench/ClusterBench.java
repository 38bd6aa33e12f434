package io.gridopt.bench;

import io.gridopt.MainVerticle;
import io.gridopt.bus.Addresses;
import io.gridopt.cluster.ClusterNodes;
import io.gridopt.cluster.PrimeCountProblem;
import io.gridopt.testsupport.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster's two figures, on the event bus (no HTTP, no database, so that only engine work and bus
 * transport are measured):
 * <ol>
 *   <li>throughput of an engine-bound workload (primes below 10^7, a sieve of tens of milliseconds)
 *       with one and with two engine nodes, each node with 1 or 2 solver threads;</li>
 *   <li>round trip of a trivial engine request (primes below 10) through the QNN client, single JVM
 *       non-clustered vs clustered (client node and engine node talking over TCP on 127.0.0.1), and
 *       of the bare engine ping.</li>
 * </ol>
 * All nodes share this machine (and this JVM), so two engine nodes can never use more cores than the
 * machine has. Run: {@code mvn -B -q test-compile exec:java -Dexec.mainClass=io.gridopt.bench.ClusterBench}.
 */
public final class ClusterBench {
  private static final int HEAVY_BELOW = 10_000_000;
  private static final int HEAVY_REQUESTS = 120;
  /** Configurations are measured in interleaved rounds, so that a burst of load from other processes on the
   * shared machine hits both the one-node and the two-node figure rather than one of them. */
  private static final int ROUNDS = 2;
  private static final int CONCURRENCY = 8;
  private static final int LATENCY_WARMUP = 500;
  private static final int LATENCY_SAMPLES = 3_000;

  private ClusterBench() {
  }

  public static void main(String[] args) throws Exception {
    System.out.println("ClusterBench: " + EnvironmentBench.describe() + ", load average " + loadAverage());
    double solveMs = directSolveMs();
    System.out.printf("one solve (primes below %d), direct call on one thread, now: median %.1f ms; at that speed"
        + " 2 cores give at most about %.0f solves/s, whatever the number of engine nodes%n", HEAVY_BELOW, solveMs,
        2_000 / solveMs);
    System.out.println();
    System.out.println("| round | engine nodes | solver threads per node | requests | wall s | requests/s | per node |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (int round = 1; round <= ROUNDS; round++) {
      for (int threads : new int[] {1, 2}) {
        for (int engineNodes : new int[] {1, 2}) {
          throughput(round, engineNodes, threads);
        }
      }
    }
    System.out.println();
    System.out.println("| round trip (trivial request) | median ms | p99 ms | samples |");
    System.out.println("|---|---|---|---|");
    latencySingleJvm();
    latencyClustered();
    System.out.println();
    System.out.println("load average after: " + loadAverage());
    System.exit(0);
  }

  private static double directSolveMs() {
    PrimeCountProblem problem = new PrimeCountProblem();
    double[] samples = new double[21];
    for (int i = -5; i < samples.length; i++) {
      long started = System.nanoTime();
      problem.solve(new PrimeCountProblem.Problem(HEAVY_BELOW));
      if (i >= 0) {
        samples[i] = (System.nanoTime() - started) / 1e6;
      }
    }
    Arrays.sort(samples);
    return samples[samples.length / 2];
  }

  private static JsonObject qnnRequest(int below) {
    return new JsonObject().put("task", "forecast").put("model_id", "bench")
        .put("input", PrimeCountProblem.request("bench", below));
  }

  private static void throughput(int round, int engineNodes, int threadsPerNode) {
    try (ClusterNodes nodes = new ClusterNodes(PrimeCountProblem.types())) {
      ClusterNodes.Node client = nodes.start(nodes.config("client", "qnn-client").put("GRIDOPT_QNN_TIMEOUT_MS", 120_000));
      List<String> engineIds = new ArrayList<>();
      for (int i = 1; i <= engineNodes; i++) {
        engineIds.add(nodes.start(nodes.config("engine-" + i, "engine")
            .put("GRIDOPT_ENGINE_POOL_SIZE", threadsPerNode)).nodeId());
      }
      awaitEngines(client.vertx(), engineIds);
      run(client.vertx(), HEAVY_BELOW, 2 * CONCURRENCY, CONCURRENCY); // warm-up: JIT and connections
      long started = System.nanoTime();
      JsonObject byNode = run(client.vertx(), HEAVY_BELOW, HEAVY_REQUESTS, CONCURRENCY);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("| %d | %d | %d | %d | %.2f | %.1f | %s |%n", round, engineNodes, threadsPerNode, HEAVY_REQUESTS,
          seconds, HEAVY_REQUESTS / seconds, byNode.encode());
    }
  }

  /** Waits until a ping round robin has reached every engine node (their subscriptions have propagated). */
  private static void awaitEngines(Vertx vertx, List<String> engineIds) {
    for (int tries = 0; tries < 200; tries++) {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 2 * engineIds.size(); i++) {
        seen.add(vertx.eventBus().<JsonObject>request(Addresses.ENGINE_PING, new JsonObject()).await()
            .body().getString("node_id"));
      }
      if (seen.containsAll(engineIds)) {
        return;
      }
      vertx.timer(50).await();
    }
    throw new IllegalStateException("engine nodes not all reachable: " + engineIds);
  }

  /** {@code total} predictions with {@code concurrency} in flight; returns how many each node solved. */
  private static JsonObject run(Vertx vertx, int below, int total, int concurrency) {
    AtomicInteger next = new AtomicInteger();
    JsonObject byNode = new JsonObject();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      lanes.add(lane(vertx, below, total, next, byNode));
    }
    Future.all(lanes).await();
    return byNode;
  }

  private static Future<Void> lane(Vertx vertx, int below, int total, AtomicInteger next, JsonObject byNode) {
    if (next.getAndIncrement() >= total) {
      return Future.succeededFuture();
    }
    return vertx.eventBus().<JsonObject>request(Addresses.QNN_PREDICT, qnnRequest(below),
            new DeliveryOptions().setSendTimeout(120_000))
        .compose(reply -> {
          String node = reply.body().getJsonObject("metrics").getString("node_id");
          synchronized (byNode) {
            byNode.put(node, byNode.getInteger(node, 0) + 1);
          }
          return lane(vertx, below, total, next, byNode);
        });
  }

  private static void latencySingleJvm() {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = TestConfig.base().put("GRIDOPT_DEPLOY", "qnn-client,engine");
      vertx.deployVerticle(new MainVerticle(PrimeCountProblem.types()), new DeploymentOptions().setConfig(config))
          .await();
      report("single JVM, QNN client -> engine (predict)", roundTrips(vertx, Addresses.QNN_PREDICT, qnnRequest(10)));
      report("single JVM, engine ping", roundTrips(vertx, Addresses.ENGINE_PING, new JsonObject()));
    } finally {
      vertx.close().await();
    }
  }

  private static void latencyClustered() {
    try (ClusterNodes nodes = new ClusterNodes(PrimeCountProblem.types())) {
      ClusterNodes.Node client = nodes.start("client", "qnn-client");
      String engine = nodes.start("engine-1", "engine").nodeId();
      awaitEngines(client.vertx(), List.of(engine));
      report("clustered, QNN client node -> engine node (predict)",
          roundTrips(client.vertx(), Addresses.QNN_PREDICT, qnnRequest(10)));
      report("clustered, engine ping across nodes", roundTrips(client.vertx(), Addresses.ENGINE_PING, new JsonObject()));
    }
  }

  /** Sequential request/reply round trips in milliseconds, after a warm-up. */
  private static double[] roundTrips(Vertx vertx, String address, JsonObject body) {
    double[] samples = new double[LATENCY_SAMPLES];
    for (int i = -LATENCY_WARMUP; i < LATENCY_SAMPLES; i++) {
      long started = System.nanoTime();
      vertx.eventBus().request(address, body).await();
      if (i >= 0) {
        samples[i] = (System.nanoTime() - started) / 1e6;
      }
    }
    return samples;
  }

  private static void report(String what, double[] samples) {
    double[] sorted = samples.clone();
    Arrays.sort(sorted);
    System.out.printf("| %s | %.3f | %.3f | %d |%n", what, sorted[sorted.length / 2],
        sorted[(int) Math.ceil(sorted.length * 0.99) - 1], sorted.length);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
