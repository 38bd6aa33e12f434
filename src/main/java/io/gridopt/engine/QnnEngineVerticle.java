package io.gridopt.engine;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.bus.ErrorBody;
import io.gridopt.bus.Ping;
import io.gridopt.bus.QnnRequest;
import io.gridopt.cluster.EngineFailover;
import io.gridopt.config.AppConfig;
import io.gridopt.config.ResilienceConfig;
import io.gridopt.domain.RequestType;
import io.gridopt.observability.Observability;
import io.gridopt.problem.ProblemTypes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the embedded QNN engine: on the bus ({@code gridopt.engine.predict}) and as the QNN HTTP
 * contract on its own port ({@code POST /api/v1/predictions/predict}, {@code GET /api/v1/health/simple}),
 * so that the remote QNN path can be exercised against a real server. Solves run on a named worker
 * pool, unordered, so N requests use N threads and never the event loop; the pool's queue is bounded
 * ({@link EngineQueue}, {@code GRIDOPT_ENGINE_QUEUE_LIMIT}).
 */
public class QnnEngineVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(QnnEngineVerticle.class);

  private final ProblemTypes problems;
  private WorkerExecutor solvers;
  private EngineQueue queue;
  private HttpServer server;
  private MessageConsumer<JsonObject> predictConsumer;
  /** Solves taken from the bus and not yet answered; stop() waits for them (on this verticle's context). */
  private int busSolvesInFlight;
  private Promise<Void> drained;
  private long maxExecMs;

  public QnnEngineVerticle() {
    this(ProblemTypes.standard());
  }

  /** An engine that solves {@code problems} (tests supply their own). */
  public QnnEngineVerticle(ProblemTypes problems) {
    this.problems = problems;
  }

  @Override
  public Future<?> start() {
    AppConfig cfg = AppConfig.fromJson(config());
    String nodeId = cfg.nodeId();
    maxExecMs = cfg.engineMaxExecMs();
    QnnEngine engine = new QnnEngine(problems, cfg.qnnModelId(), nodeId);
    solvers = vertx.createSharedWorkerExecutor("gridopt-engine", cfg.enginePoolSize(), cfg.engineMaxExecMs(),
        TimeUnit.MILLISECONDS);
    queue = new EngineQueue(solvers, cfg.enginePoolSize(), ResilienceConfig.fromJson(config()).engineQueueLimit());

    Router router = Router.router(vertx);
    router.post("/api/v1/predictions/predict")
        .handler(BodyHandler.create().setBodyLimit(cfg.bodyLimitBytes()))
        .handler(ctx -> predictOverHttp(ctx, engine, cfg));
    router.get("/api/v1/health/simple").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));

    predictConsumer = vertx.eventBus().consumer(Addresses.ENGINE_PREDICT, Consumers.replying(msg -> {
      EngineFailover.acknowledge(vertx, msg);
      busSolvesInFlight++;
      return solve(engine, msg.body()).andThen(ar -> {
        busSolvesInFlight--;
        if (busSolvesInFlight == 0 && drained != null) {
          drained.tryComplete();
        }
      });
    }));
    return Future.all(
            predictConsumer.completion(),
            vertx.eventBus().<JsonObject>consumer(Addresses.ENGINE_PING,
                Consumers.replying(msg -> Future.succeededFuture(Ping.Up.engine(nodeId).toJson()))).completion())
        .compose(v -> vertx.createHttpServer().requestHandler(router).listen(cfg.enginePort()))
        .onSuccess(s -> {
          server = s;
          LOG.info("QNN engine listening on port {} ({} solver threads)", s.actualPort(), cfg.enginePoolSize());
        });
  }

  /** The solver pool's admission queue (tests watch it fill). */
  public EngineQueue queue() {
    return queue;
  }

  /** The port of the engine's QNN HTTP server (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /**
   * Leaving gracefully: take no new bus work (other engine nodes get it), answer what was taken, then
   * close the pool. Without the drain, closing a node would strand its in-flight solves.
   */
  @Override
  public Future<?> stop() {
    if (solvers == null) {
      return Future.succeededFuture();
    }
    drained = Promise.promise();
    if (busSolvesInFlight == 0) {
      drained.complete();
    }
    return predictConsumer.unregister()
        .compose(v -> drained.future().timeout(maxExecMs, TimeUnit.MILLISECONDS).otherwiseEmpty())
        .eventually(() -> solvers.close());
  }

  private Future<JsonObject> solve(QnnEngine engine, JsonObject request) {
    // a known request type or "unknown": the tag's values stay few whatever a client sends
    String task = RequestType.fromWire(QnnRequest.fromJson(request).task()).map(RequestType::wireName).orElse("unknown");
    return queue.submit(() -> {
      long started = System.nanoTime();
      String outcome = "error";
      try {
        JsonObject answer = engine.predict(request);
        outcome = "ok";
        return answer;
      } catch (RuntimeException e) {
        outcome = String.valueOf(ErrorBody.from(e).status());
        throw e;
      } finally {
        Observability.solverTimer(task, outcome).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      }
    });
  }

  private void predictOverHttp(RoutingContext ctx, QnnEngine engine, AppConfig cfg) {
    if (cfg.qnnToken().isSet() && !cfg.qnnToken().matchesBearer(ctx.request().getHeader("Authorization"))) {
      answerError(ctx, ErrorBody.of(401, "unauthorized", "a valid bearer token is required"));
      return;
    }
    JsonObject request;
    try {
      request = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      request = null;
    }
    if (request == null) {
      answerError(ctx, ErrorBody.of(400, "validation_failed", "body must be a JSON object"));
      return;
    }
    solve(engine, request).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.json(ar.result());
      } else {
        answerError(ctx, ErrorBody.from(ar.cause()));
      }
    });
  }

  private static void answerError(RoutingContext ctx, ErrorBody error) {
    ctx.response().setStatusCode(error.status()).putHeader("content-type", "application/json")
        .end(new JsonObject().put("success", false).put("error", error.toHttpJson()).encode());
  }

}
