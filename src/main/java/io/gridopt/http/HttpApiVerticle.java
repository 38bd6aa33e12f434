package io.gridopt.http;

import io.gridopt.bus.ErrorBody;
import io.gridopt.bus.ErrorCodes;
import io.gridopt.config.AppConfig;
import io.gridopt.config.ResilienceConfig;
import io.gridopt.config.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public HTTP API. It only wires: request ids, the contract and its docs, API-key auth, body limits,
 * validation against the OpenAPI contract ({@link OpenApiContract}), then the route groups (health, runs,
 * search, anomalies, admin, errors), which answer through the bus. On stop it stops accepting and lets
 * in-flight requests finish ({@link InFlight}, {@code GRIDOPT_SHUTDOWN_GRACE_MS}).
 */
public class HttpApiVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApiVerticle.class);
  private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  private HttpServer server;
  private AppConfig cfg;
  private ResilienceConfig resilience;
  private OpenApiContract contract;
  private Router router;
  private final InFlight inFlight = new InFlight();

  @Override
  public Future<?> start() {
    cfg = AppConfig.fromJson(config());
    resilience = ResilienceConfig.fromJson(config());
    Timeouts timeouts = Timeouts.fromJson(config());
    return OpenApiContract.load(vertx).compose(loaded -> {
      contract = loaded;
      router = buildRouter(timeouts);
      return vertx.createHttpServer().requestHandler(router).invalidRequestHandler(ErrorRoutes::invalidRequest)
          .listen(cfg.httpPort());
    }).onSuccess(s -> {
      server = s;
      LOG.info("HTTP API listening on port {} (api key {})", s.actualPort(), cfg.apiKey().isSet() ? "required" : "off");
    });
  }

  private Router buildRouter(Timeouts timeouts) {
    Router router = Router.router(vertx);
    router.route().handler(this::assignRequestId);
    new HealthRoutes(vertx, timeouts, cfg.remoteQnn()).mount(router);
    // the contract is no secret, and a browser cannot send the key: Swagger UI's Authorize adds it to "Try it out"
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(contract.document()));
    ApiDocs.mount(router);
    router.route().handler(this::authenticate);
    router.route().handler(BodyHandler.create().setBodyLimit(cfg.bodyLimitBytes()).setHandleFileUploads(false));
    router.route().handler(contract.validator(vertx));
    BusReads reads = new BusReads(vertx, timeouts);
    new SearchRoutes(vertx, timeouts).mount(router);
    new RunRoutes(vertx, timeouts, reads).mount(router);
    new AnomalyRoutes(reads).mount(router);
    new AdminRoutes(vertx, timeouts).mount(router);
    ErrorRoutes.mount(router, cfg.bodyLimitBytes());
    return router;
  }

  /**
   * Graceful stop: the server stops accepting connections and closes each one after its current
   * response; requests already inside the pipeline run to their end (their run is stored, or not at
   * all: the save is one transaction), bounded by {@code GRIDOPT_SHUTDOWN_GRACE_MS}.
   */
  @Override
  public Future<?> stop() {
    if (server == null) {
      return Future.succeededFuture();
    }
    long graceMs = resilience.shutdownGraceMs();
    LOG.info("HTTP API stopping: {} requests in flight, waiting up to {} ms", inFlight.count(), graceMs);
    return Future.all(server.shutdown(graceMs, TimeUnit.MILLISECONDS), inFlight.drained(vertx, graceMs))
        .onComplete(ar -> LOG.info("HTTP API stopped ({} requests still in flight)", inFlight.count()));
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** The router, for tests that compare its routes with the contract. */
  public Router router() {
    return router;
  }

  public OpenApiContract contract() {
    return contract;
  }

  private void assignRequestId(RoutingContext ctx) {
    String given = ctx.request().getHeader("x-request-id");
    String requestId = given != null && SAFE_REQUEST_ID.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(ApiResponses.REQUEST_ID, requestId);
    ctx.put(ApiResponses.RETRY_AFTER, resilience);
    ctx.response().putHeader("x-request-id", requestId);
    inFlight.enter(ctx);
    AccessLog.attach(ctx, requestId);
    ctx.next();
  }

  /** With GRIDOPT_API_KEY set, everything but /health, /openapi.json and /docs needs {@code Authorization: Bearer <key>} or {@code X-API-Key}. */
  private void authenticate(RoutingContext ctx) {
    if (!cfg.apiKey().isSet() || cfg.apiKey().matchesBearer(ctx.request().getHeader("Authorization"))
        || cfg.apiKey().matches(ctx.request().getHeader("X-API-Key"))) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    ApiResponses.error(ctx, ErrorBody.of(401, ErrorCodes.UNAUTHORIZED,
        "missing or wrong API key: send Authorization: Bearer <key> or X-API-Key"));
  }
}
