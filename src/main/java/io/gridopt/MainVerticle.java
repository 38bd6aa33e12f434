package io.gridopt;

import io.gridopt.config.AppConfig;
import io.gridopt.config.Role;
import io.gridopt.embedding.EmbeddingVerticle;
import io.gridopt.engine.QnnEngineVerticle;
import io.gridopt.http.HttpApiVerticle;
import io.gridopt.persistence.PersistenceVerticle;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.qnnclient.QnnClientVerticle;
import io.gridopt.runs.RunsVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the roles this node runs ({@code GRIDOPT_DEPLOY}), in dependency order: the services first,
 * the HTTP API last, so that it never accepts a request its services cannot yet serve.
 */
public class MainVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(MainVerticle.class);
  private final List<String> httpDeployments = new CopyOnWriteArrayList<>();
  private final ProblemTypes problems;

  public MainVerticle() {
    this(ProblemTypes.standard());
  }

  /** A node whose runs role and engine use {@code problems} (tests supply their own). */
  public MainVerticle(ProblemTypes problems) {
    this.problems = problems;
  }

  @Override
  public Future<?> start() {
    AppConfig cfg = AppConfig.fromJson(config());
    LOG.info("node {} deploys {} (QNN {}, cluster {})", cfg.nodeId(), cfg.deploy(), cfg.qnnMode(), cfg.cluster());
    return deploy(cfg, Role.PERSISTENCE, PersistenceVerticle::new, 1)
        .compose(v -> deploy(cfg, Role.EMBEDDING, () -> new EmbeddingVerticle(problems), 1))
        .compose(v -> deploy(cfg, Role.ENGINE, () -> new QnnEngineVerticle(problems), 1))
        .compose(v -> deploy(cfg, Role.QNN_CLIENT, QnnClientVerticle::new, 1))
        // as many event loops as the API's: the pipeline's message building is event-loop work
        .compose(v -> deploy(cfg, Role.RUNS, () -> new RunsVerticle(problems), cfg.httpInstances()))
        .compose(v -> deploy(cfg, Role.HTTP, HttpApiVerticle::new, cfg.httpInstances()));
  }

  private Future<Void> deploy(AppConfig cfg, Role role, Supplier<VerticleBase> factory, int instances) {
    if (!cfg.deploy().contains(role)) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(factory, new DeploymentOptions().setConfig(config()).setInstances(instances))
        .onSuccess(id -> {
          if (role == Role.HTTP) {
            httpDeployments.add(id);
          }
        })
        .mapEmpty();
  }

  /**
   * First step of a graceful shutdown: undeploys the HTTP API alone, which stops accepting and waits
   * for in-flight requests while the services they need are still up. (Closing Vert.x undeploys all
   * children at once, so a request could otherwise lose its database mid-way.)
   */
  public Future<Void> drainHttp() {
    return Future.join(httpDeployments.stream().map(id -> vertx.undeploy(id)).toList()).mapEmpty();
  }
}
