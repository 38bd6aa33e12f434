package io.gridopt.cluster;

import io.gridopt.MainVerticle;
import io.gridopt.config.AppConfig;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.testsupport.TestConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts gridopt nodes as separate clustered Vert.x instances in this JVM, exactly as {@code Main}
 * does ({@link ClusteredVertx} + {@link MainVerticle} with the roles of {@code GRIDOPT_DEPLOY}), on
 * 127.0.0.1 with free ports. The first node started is the seed every later node joins.
 */
public final class ClusterNodes implements AutoCloseable {
  public static final String HOST = "127.0.0.1";
  public static final String API_ROLES = "http,qnn-client,persistence,embedding";

  private final ProblemTypes problems;
  private final List<Node> running = new ArrayList<>();
  private String seed;

  public ClusterNodes(ProblemTypes problems) {
    this.problems = problems;
  }

  /** A started node: its Vert.x and the configuration it runs with. */
  public record Node(Vertx vertx, JsonObject config) {
    public int httpPort() {
      return config.getInteger("GRIDOPT_HTTP_PORT");
    }

    public String nodeId() {
      return config.getString("GRIDOPT_NODE_ID");
    }
  }

  /** The configuration of a node with {@code roles}, joining the seed (or being it). */
  public JsonObject config(String nodeId, String roles) {
    int clusterPort = freePort();
    if (seed == null) {
      seed = HOST + ":" + clusterPort;
    }
    return TestConfig.base()
        .put("GRIDOPT_NODE_ID", nodeId)
        .put("GRIDOPT_DEPLOY", roles)
        .put("GRIDOPT_HTTP_PORT", freePort())
        .put("GRIDOPT_CLUSTER", true)
        .put("GRIDOPT_CLUSTER_HOST", HOST)
        .put("GRIDOPT_CLUSTER_PORT", clusterPort)
        .put("GRIDOPT_CLUSTER_BUS_PORT", freePort())
        .put("GRIDOPT_CLUSTER_MEMBERS", seed);
  }

  /** Starts a node and waits until its roles are deployed (blocking: call from the test thread). */
  public Node start(String nodeId, String roles) {
    return start(config(nodeId, roles));
  }

  public Node start(JsonObject config) {
    Node node = new Node(ClusteredVertx.start(AppConfig.fromJson(config)).await(), config);
    running.add(node);
    node.vertx().deployVerticle(new MainVerticle(problems), new DeploymentOptions().setConfig(config)).await();
    return node;
  }

  /**
   * A member of the cluster that runs no gridopt role: a plain clustered Vert.x, as another program that
   * uses gridopt over the bus would have. Closed with the others.
   */
  public Node bare(String nodeId) {
    JsonObject config = config(nodeId, "http");
    Node node = new Node(ClusteredVertx.start(AppConfig.fromJson(config)).await(), config);
    running.add(node);
    return node;
  }

  /** Closes a node gracefully: it finishes what it took, then leaves the cluster. No-op if already closed. */
  public void stop(Node node) {
    if (running.remove(node)) {
      node.vertx().close().await();
    }
  }

  public boolean isRunning(Node node) {
    return running.contains(node);
  }

  @Override
  public void close() {
    // later nodes first, the seed last
    for (int i = running.size() - 1; i >= 0; i--) {
      stop(running.get(i));
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
