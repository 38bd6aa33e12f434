package io.gridopt.testsupport;

import io.gridopt.embedding.EmbeddingVerticle;
import io.gridopt.engine.QnnEngineVerticle;
import io.gridopt.http.HttpApiVerticle;
import io.gridopt.persistence.PersistenceVerticle;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.qnnclient.QnnClientVerticle;
import io.gridopt.runs.RunsVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Deploys the whole service in one Vertx, keeping the HTTP and engine verticles to read their ports. */
public final class Stack {
  public final HttpApiVerticle http = new HttpApiVerticle();
  public final QnnEngineVerticle engine;
  private String httpDeployment;

  /** The service with the solvers of this build. */
  public Stack() {
    this(ProblemTypes.standard());
  }

  /** The service whose engine runs the given solvers (the HTTP side keeps the build's own validators). */
  public Stack(ProblemTypes engineSolvers) {
    engine = new QnnEngineVerticle(engineSolvers);
  }

  /** Base URL value that points the remote QNN client at this stack's own engine HTTP server. */
  public static final String SELF = "self";

  public Future<Stack> deploy(Vertx vertx, JsonObject config) {
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    return vertx.deployVerticle(new PersistenceVerticle(), options)
        .compose(id -> vertx.deployVerticle(new EmbeddingVerticle(), options))
        .compose(id -> vertx.deployVerticle(engine, options))
        .compose(id -> vertx.deployVerticle(new QnnClientVerticle(), new DeploymentOptions().setConfig(
            SELF.equals(config.getString("GRIDOPT_QNN_BASE_URL"))
                ? config.copy().put("GRIDOPT_QNN_BASE_URL", "http://127.0.0.1:" + engine.actualPort()) : config)))
        .compose(id -> vertx.deployVerticle(new RunsVerticle(), options))
        .compose(id -> vertx.deployVerticle(http, options))
        .map(id -> {
          httpDeployment = id;
          return this;
        });
  }

  /** Undeploys the HTTP API alone (graceful stop), as Main's shutdown hook does first. */
  public Future<Void> stopHttp(Vertx vertx) {
    return vertx.undeploy(httpDeployment);
  }

  public int httpPort() {
    return http.actualPort();
  }
}
