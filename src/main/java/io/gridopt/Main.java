package io.gridopt;

import io.gridopt.config.AppConfig;
import io.gridopt.config.ConfigLoader;
import io.gridopt.observability.Observability;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts gridopt: reads the configuration, starts Vert.x and deploys {@link MainVerticle}. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    String configFile = args.length > 0 ? args[0] : ConfigLoader.DEFAULT_FILE;
    Vertx vertx = Vertx.vertx(Observability.vertxOptions());
    JsonObject config;
    try {
      config = ConfigLoader.load(vertx, configFile).await();
      AppConfig.fromJson(config); // fail fast on a bad value, before anything is deployed
    } catch (RuntimeException e) {
      LOG.error("configuration error: {}", e.getMessage());
      vertx.close();
      System.exit(2);
      return;
    }
    MainVerticle main = new MainVerticle();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // the HTTP API first (stops accepting, in-flight requests finish), then every other verticle and pool
      main.drainHttp().eventually(vertx::close).await();
    }, "gridopt-shutdown"));
    vertx.deployVerticle(main, new DeploymentOptions().setConfig(config))
        .onSuccess(id -> LOG.info("gridopt started"))
        .onFailure(failure -> {
          LOG.error("gridopt failed to start: {}", failure.getMessage());
          vertx.close().onComplete(v -> System.exit(1));
        });
  }
}
