package io.gridopt;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Reembed;
import io.gridopt.cluster.ClusteredVertx;
import io.gridopt.config.AppConfig;
import io.gridopt.config.ConfigLoader;
import io.gridopt.config.Timeouts;
import io.gridopt.embedding.EmbeddingVerticle;
import io.gridopt.observability.Observability;
import io.gridopt.persistence.PersistenceVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts gridopt: reads the configuration, starts Vert.x (clustered over Hazelcast when
 * {@code GRIDOPT_CLUSTER=true}) and deploys {@link MainVerticle}.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  /**
   * {@code java -jar gridopt.jar [--reembed] [config-file]}: runs the service, or with
   * {@code --reembed} re-embeds every stored run with the configured embedder and exits.
   */
  public static void main(String[] args) {
    boolean reembed = Arrays.asList(args).contains("--reembed");
    String configFile = Arrays.stream(args).filter(a -> !a.startsWith("--")).findFirst()
        .orElse(ConfigLoader.DEFAULT_FILE);
    Vertx vertx = Vertx.vertx(Observability.vertxOptions());
    JsonObject config;
    AppConfig cfg;
    try {
      config = ConfigLoader.load(vertx, configFile).await();
      cfg = AppConfig.fromJson(config); // fail fast on a bad value, before anything is deployed
    } catch (RuntimeException e) {
      LOG.error("configuration error: {}", e.getMessage());
      vertx.close();
      System.exit(2);
      return;
    }
    if (reembed) {
      reembedAndExit(vertx, config);
      return;
    }
    if (cfg.cluster()) {
      // the plain instance only read the configuration; the node runs on a clustered one
      vertx.close().await();
      try {
        vertx = ClusteredVertx.start(cfg).await();
      } catch (RuntimeException e) {
        LOG.error("could not join the cluster at {}:{} (members {}): {}", cfg.clusterHost(), cfg.clusterPort(),
            cfg.clusterMembers(), e.getMessage());
        System.exit(1);
        return;
      }
    }
    Vertx node = vertx;
    MainVerticle main = new MainVerticle();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // the HTTP API first (stops accepting, in-flight requests finish), then every other verticle and
      // pool, then the node leaves the cluster
      main.drainHttp().eventually(node::close).await();
    }, "gridopt-shutdown"));
    node.deployVerticle(main, new DeploymentOptions().setConfig(config))
        .onSuccess(id -> LOG.info("gridopt started"))
        .onFailure(failure -> {
          LOG.error("gridopt failed to start: {}", failure.getMessage());
          node.close().onComplete(v -> System.exit(1));
        });
  }

  /** The re-embedding command: the persistence and embedding roles only, one pass to the end. */
  private static void reembedAndExit(Vertx vertx, JsonObject config) {
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    int exitCode = 0;
    try {
      vertx.deployVerticle(new PersistenceVerticle(), options).await();
      vertx.deployVerticle(new EmbeddingVerticle(), options).await();
      JsonObject done = vertx.eventBus().<JsonObject>request(Addresses.EMBEDDING_REEMBED,
          new Reembed(Reembed.DEFAULT_BATCH_SIZE, true).toJson(),
          new DeliveryOptions().setSendTimeout(Timeouts.REEMBED_PASS_MS)).await().body();
      Reembed.Status status = Reembed.Status.fromJson(done);
      LOG.info("re-embedded {} runs with {}", status.reembedded(), status.model());
    } catch (RuntimeException e) {
      LOG.error("re-embedding failed: {}", e.getMessage());
      exitCode = 1;
    }
    vertx.close().await();
    System.exit(exitCode);
  }
}
