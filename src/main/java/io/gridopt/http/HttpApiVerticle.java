package io.gridopt.http;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.ErrorBody;
import io.gridopt.config.AppConfig;
import io.gridopt.config.ResilienceConfig;
import io.gridopt.config.Timeouts;
import io.gridopt.domain.RequestType;
import io.gridopt.observability.Observability;
import io.gridopt.problem.ProblemTypes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.gridopt.domain.FieldError;
import io.gridopt.domain.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public HTTP API: request ids, API-key auth, body limits, validation against the OpenAPI
 * contract ({@link OpenApiContract}), error mapping, docs and metrics. It owns no logic of its own:
 * optimizations go through {@link RunPipeline}, reads to the persistence verticle. On stop it stops
 * accepting and lets in-flight requests finish ({@link InFlight}, {@code GRIDOPT_SHUTDOWN_GRACE_MS}).
 */
public class HttpApiVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApiVerticle.class);
  private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  private final ProblemTypes problems;
  private HttpServer server;
  private AppConfig cfg;
  private ResilienceConfig resilience;
  private Timeouts timeouts;
  private RunPipeline pipeline;
  private OpenApiContract contract;
  private Router router;
  private final InFlight inFlight = new InFlight();

  public HttpApiVerticle() {
    this(ProblemTypes.standard());
  }

  /** An API that validates requests with {@code problems} (tests supply their own). */
  public HttpApiVerticle(ProblemTypes problems) {
    this.problems = problems;
  }

  @Override
  public Future<?> start() {
    cfg = AppConfig.fromJson(config());
    resilience = ResilienceConfig.fromJson(config());
    timeouts = Timeouts.fromJson(config());
    pipeline = new RunPipeline(vertx, problems, cfg, timeouts);
    return OpenApiContract.load(vertx).compose(loaded -> {
      contract = loaded;
      router = buildRouter();
      return vertx.createHttpServer().requestHandler(router).invalidRequestHandler(HttpApiVerticle::invalidRequest)
          .listen(cfg.httpPort());
    }).onSuccess(s -> {
      server = s;
      LOG.info("HTTP API listening on port {} (api key {})", s.actualPort(), cfg.apiKey().isSet() ? "required" : "off");
    });
  }

  private Router buildRouter() {
    Router router = Router.router(vertx);
    router.route().handler(this::assignRequestId);
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(healthChecks()));
    // the contract is no secret, and a browser cannot send the key: Swagger UI's Authorize adds it to "Try it out"
    router.get("/openapi.json").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
        .end(contract.document()));
    ApiDocs.mount(router);
    router.route().handler(this::authenticate);
    router.route().handler(BodyHandler.create().setBodyLimit(cfg.bodyLimitBytes()).setHandleFileUploads(false));
    router.route().handler(contract.validator(vertx));
    router.post("/forecast").handler(ctx -> optimize(ctx, RequestType.FORECAST));
    router.post("/storage-optimize").handler(ctx -> optimize(ctx, RequestType.STORAGE));
    router.post("/grid-switch-optimize").handler(ctx -> optimize(ctx, RequestType.GRID_SWITCH));
    router.post("/network-dispatch").handler(ctx -> optimize(ctx, RequestType.NETWORK_DISPATCH));
    router.get("/runs").handler(this::listRuns);
    router.get("/runs/search").handler(this::searchRuns);
    router.get("/runs/:id").handler(this::getRun);
    router.get("/runs/:id/similar").handler(this::similarRuns);
    router.post("/admin/reembed").handler(this::reembed);
    router.get("/anomalies").handler(ctx -> read(ctx, Addresses.PERSISTENCE_ANOMALY_LIST,
        () -> AnomalyQuery.filter(ctx.queryParams()).toJson()));
    router.get("/anomalies/:id").handler(ctx -> read(ctx, Addresses.PERSISTENCE_ANOMALY_GET,
        () -> new JsonObject().put("id", AnomalyQuery.anomalyId(ctx.pathParam("id")).toString())));
    router.post("/anomalies/:id/resolve").handler(ctx -> read(ctx, Addresses.PERSISTENCE_ANOMALY_RESOLVE,
        () -> new JsonObject().put("id", AnomalyQuery.anomalyId(ctx.pathParam("id")).toString())));
    router.get("/metrics").handler(Observability.scrapeHandler());
    errorHandlers(router);
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

  /**
   * A request the HTTP decoder refused (request line over 4096 bytes, headers over 8 KiB, malformed):
   * answered in our JSON error shape too, then the connection is closed as Vert.x does by default.
   */
  private static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    String kind = cause == null ? "" : cause.getClass().getSimpleName();
    ErrorBody error = kind.equals("TooLongHttpLineException")
        ? ErrorBody.of(414, "uri_too_long", "the request line exceeds 4096 bytes")
        : kind.equals("TooLongHttpHeaderException")
            ? ErrorBody.of(431, "headers_too_large", "the request headers exceed 8192 bytes")
            : ErrorBody.of(400, "bad_request", "the HTTP request could not be decoded");
    String requestId = UUID.randomUUID().toString();
    request.response().setStatusCode(error.status()).putHeader("content-type", "application/json")
        .putHeader("x-request-id", requestId)
        .end(new JsonObject().put("error", error.toHttpJson().put("request_id", requestId)).encode())
        .onComplete(v -> request.connection().close());
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
    ApiResponses.error(ctx, ErrorBody.of(401, "unauthorized",
        "missing or wrong API key: send Authorization: Bearer <key> or X-API-Key"));
  }

  private void optimize(RoutingContext ctx, RequestType type) {
    JsonObject body = jsonBody(ctx);
    if (body == null) {
      return;
    }
    String requestId = ApiResponses.requestId(ctx);
    pipeline.submit(type, body, requestId).onComplete(ar -> {
      if (ar.failed()) {
        ApiResponses.error(ctx, ErrorBody.from(ar.cause()));
        return;
      }
      RunPipeline.Outcome outcome = ar.result();
      String runId = outcome.run() == null ? null : outcome.run().getString("run_id");
      if (outcome.error() == null) {
        ctx.response().putHeader("Location", "/runs/" + runId);
        ApiResponses.json(ctx, 201, outcome.run());
      } else {
        ApiResponses.error(ctx, outcome.error(), outcome.run());
      }
    });
  }

  private JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject json = ctx.body().length() > 0 ? ctx.body().asJsonObject() : null;
      if (json != null) {
        return json;
      }
    } catch (DecodeException | ClassCastException e) {
      // answered below
    }
    ApiResponses.error(ctx, ErrorBody.from(new ValidationException("body", "must be a JSON object")));
    return null;
  }

  private void listRuns(RoutingContext ctx) {
    read(ctx, Addresses.PERSISTENCE_RUN_LIST, () -> RunQuery.filter(ctx.queryParams()).toJson());
  }

  private void getRun(RoutingContext ctx) {
    read(ctx, Addresses.PERSISTENCE_RUN_GET,
        () -> new JsonObject().put("id", RunQuery.runId(ctx.pathParam("id")).toString()));
  }

  private void similarRuns(RoutingContext ctx) {
    read(ctx, Addresses.PERSISTENCE_RUN_SIMILAR, () -> RunQuery.similar(ctx.pathParam("id"), ctx.queryParams()));
  }

  /** Embeds the query text with the current model, then ranks stored runs of that model by cosine similarity. */
  private void searchRuns(RoutingContext ctx) {
    JsonObject query;
    try {
      query = RunQuery.search(ctx.queryParams());
    } catch (RuntimeException e) {
      ApiResponses.error(ctx, ErrorBody.from(e));
      return;
    }
    String requestId = ApiResponses.requestId(ctx);
    vertx.eventBus().<JsonObject>request(Addresses.EMBEDDING_EMBED_QUERY,
            new JsonObject().put("text", query.getString("q")), RunPipeline.options(requestId, timeouts.embeddingBusMs()))
        .compose(embedded -> vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SEARCH,
            query.copy().put("vector", embedded.body().getJsonArray("vector"))
                .put("model", embedded.body().getString("model")), RunPipeline.options(requestId, timeouts.persistenceBusMs())))
        .map(Message::body)
        .onSuccess(body -> ApiResponses.json(ctx, 200, body.put("query", query.getString("q"))))
        .onFailure(failure -> ApiResponses.error(ctx, ErrorBody.from(failure)));
  }

  /** Starts a background re-embedding pass over stored runs with the current model (202). */
  private void reembed(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    int batchSize = RunQuery.integer(ctx.queryParams().get("batch_size"), "batch_size", 100, 1, 1000, errors);
    if (!errors.isEmpty()) {
      ApiResponses.error(ctx, ErrorBody.from(new ValidationException(errors)));
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.EMBEDDING_REEMBED, new JsonObject().put("batch_size", batchSize),
            RunPipeline.options(ApiResponses.requestId(ctx), timeouts.persistenceBusMs()))
        .onSuccess(reply -> ApiResponses.json(ctx, reply.body().getBoolean("started") ? 202 : 409, reply.body()))
        .onFailure(failure -> ApiResponses.error(ctx, ErrorBody.from(failure)));
  }

  private void read(RoutingContext ctx, String address, java.util.function.Supplier<JsonObject> query) {
    JsonObject request;
    try {
      request = query.get();
    } catch (RuntimeException e) {
      ApiResponses.error(ctx, ErrorBody.from(e));
      return;
    }
    vertx.eventBus().<JsonObject>request(address, request,
            RunPipeline.options(ApiResponses.requestId(ctx), timeouts.persistenceBusMs()))
        .map(Message::body)
        .onSuccess(body -> ApiResponses.json(ctx, 200, body))
        .onFailure(failure -> ApiResponses.error(ctx, ErrorBody.from(failure)));
  }

  private HealthChecks healthChecks() {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("database", timeouts.healthCheckMs(), promise -> ping(Addresses.PERSISTENCE_PING, promise, null,
        Timeouts.PING_MS));
    checks.register("qnn", timeouts.qnnHealthCheckMs(), promise -> ping(Addresses.QNN_HEALTH, promise, null,
        timeouts.qnnHealthCheckMs() - 500));
    if (!cfg.remoteQnn()) {
      // in a cluster the engines run on other nodes: says whether any engine node is left
      checks.register("engine", timeouts.healthCheckMs(), promise -> ping(Addresses.ENGINE_PING, promise,
          "no engine node available: no node of the cluster runs the engine role", Timeouts.PING_MS));
    }
    return checks;
  }

  /** UP with the reply; DOWN with the reason, {@code whenMissing} (if given) when nobody serves the address. */
  private void ping(String address, io.vertx.core.Promise<Status> promise, String whenMissing, long timeoutMs) {
    vertx.eventBus().<JsonObject>request(address, new JsonObject(), new DeliveryOptions().setSendTimeout(timeoutMs))
        .onSuccess(reply -> promise.complete(Status.OK(reply.body())))
        .onFailure(failure -> promise.complete(Status.KO(new JsonObject().put("reason",
            whenMissing != null && failure instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
                ? whenMissing : ErrorBody.from(failure).message()))));
  }

  private void errorHandlers(Router router) {
    router.errorHandler(404, ctx -> ApiResponses.error(ctx, ErrorBody.of(404, "not_found",
        "no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
    router.errorHandler(405, ctx -> ApiResponses.error(ctx, ErrorBody.of(405, "method_not_allowed",
        ctx.request().method() + " is not allowed on " + ctx.request().path())));
    router.errorHandler(413, ctx -> ApiResponses.error(ctx, ErrorBody.of(413, "body_too_large",
        "request body exceeds " + cfg.bodyLimitBytes() + " bytes")));
    router.errorHandler(400, ctx -> ApiResponses.error(ctx, ErrorBody.of(400, "bad_request",
        "the request could not be read")));
    router.errorHandler(503, ctx -> ApiResponses.error(ctx, ErrorBody.of(503, "unavailable",
        ctx.failure() == null ? "service unavailable" : ctx.failure().getMessage())));
    router.errorHandler(500, ctx -> {
      LOG.error("[{}] unhandled failure", ApiResponses.requestId(ctx), ctx.failure());
      ApiResponses.error(ctx, ErrorBody.of(500, "internal_error", "internal error"));
    });
  }
}
