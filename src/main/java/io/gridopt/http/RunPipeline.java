package io.gridopt.http;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.bus.ErrorBody;
import io.gridopt.config.AppConfig;
import io.gridopt.config.Timeouts;
import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.gridopt.engine.EngineQueue;
import io.gridopt.problem.AnomalyJson;
import io.gridopt.problem.ParsedRequest;
import io.gridopt.problem.ProblemType;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.problem.RequestReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One optimization request from validation to its stored run: validate (400, nothing stored) →
 * QNN prediction → anomaly detection (worker thread) → embedding of the run summary → run +
 * embedding + metrics + anomalies written in one transaction. A request that passed validation is
 * always recorded, as a failed run when the QNN fails or the problem is infeasible.
 */
public final class RunPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(RunPipeline.class);

  private final Vertx vertx;
  private final ProblemTypes problems;
  private final AppConfig cfg;
  private final Timeouts timeouts;

  public RunPipeline(Vertx vertx, ProblemTypes problems, AppConfig cfg, Timeouts timeouts) {
    this.vertx = vertx;
    this.problems = problems;
    this.cfg = cfg;
    this.timeouts = timeouts;
  }

  /** The outcome: the stored run (or null when nothing could be stored) and, for a failed run, its error. */
  public record Outcome(JsonObject run, ErrorBody error) {
  }

  public Future<Outcome> submit(RequestType type, JsonObject request, String requestId) {
    return withForecastLoad(type, request, requestId).compose(body ->
        vertx.executeBlocking(() -> parse(type, body), false)
            .compose(parsed -> predict(type, parsed, body, requestId)
                .transform(ar -> {
                  if (notAccepted(ar.cause())) {
                    return Future.failedFuture(ar.cause());
                  }
                  JsonObject answer = ar.succeeded() ? ar.result() : null;
                  ErrorBody error = ar.failed() ? ErrorBody.from(ar.cause()) : null;
                  return detect(type, parsed, body, answer, error, requestId)
                      .compose(anomalies -> record(type, parsed, body, answer, error, anomalies, requestId));
                })));
  }

  /**
   * A full solver queue refuses the request before it is accepted: no run is recorded, the client gets
   * 503 with Retry-After. Recording it would turn overload into a flood of failed runs.
   */
  private static boolean notAccepted(Throwable failure) {
    return failure != null && EngineQueue.SATURATED.equals(ErrorBody.from(failure).code());
  }

  /**
   * A storage request naming a forecast run instead of giving {@code load_kw} gets that forecast as its
   * load; a network-dispatch request without {@code load_profile} gets it as its load profile.
   */
  private Future<JsonObject> withForecastLoad(RequestType type, JsonObject body, String requestId) {
    boolean storage = type == RequestType.STORAGE && body.getValue("load_kw") == null;
    boolean dispatch = type == RequestType.NETWORK_DISPATCH && body.getValue("load_profile") == null;
    if (!(storage || dispatch) || !(body.getValue("forecast_run_id") instanceof String id)) {
      return Future.succeededFuture(body);
    }
    UUID runId;
    try {
      runId = RunQuery.runId(id);
    } catch (ValidationException e) {
      return Future.failedFuture(new ValidationException("forecast_run_id", "must be a run id (UUID)"));
    }
    return vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_GET,
            new JsonObject().put("id", runId.toString()), options(requestId, timeouts.persistenceBusMs()))
        .recover(failure -> Future.failedFuture(ErrorBody.from(failure).status() == 404
            ? new ValidationException("forecast_run_id", "no run with this id") : failure))
        .map(run -> storage ? ForecastLoad.apply(body, run.body()) : ForecastLoad.applyAsProfile(body, run.body()));
  }

  private ParsedRequest<?> parse(RequestType type, JsonObject body) {
    ProblemType<?> problemType = problems.find(type).orElse(null);
    if (problemType != null) {
      return problemType.parse(body);
    }
    // no solver in this build: the engine will answer 501; still require what every run needs
    RequestReader reader = new RequestReader(body);
    String region = reader.requiredString("region");
    reader.throwIfInvalid();
    return new ParsedRequest<>(region, LocalDate.now(ZoneOffset.UTC), null);
  }

  private Future<JsonObject> predict(RequestType type, ParsedRequest<?> parsed, JsonObject body, String requestId) {
    JsonObject request = qnnRequest(type, parsed, body);
    return vertx.eventBus().<JsonObject>request(Addresses.QNN_PREDICT, request,
        options(requestId, timeouts.qnnBusMs())).map(Message::body);
  }

  /** The QNN contract's request: the descriptive {@code code} string plus our structured {@code input}. */
  private JsonObject qnnRequest(RequestType type, ParsedRequest<?> parsed, JsonObject body) {
    JsonObject qnnOptions = body.getValue("qnn") instanceof JsonObject o ? o : new JsonObject();
    String code = "Region=" + parsed.region() + "; Date=" + parsed.forecastDate()
        + "; PastLoads=" + pastLoads(type, parsed) + "; ForecastGoal=" + goal(type, parsed);
    return new JsonObject()
        .put("code", code)
        .put("model_id", qnnOptions.getValue("model_id") instanceof String m ? m : cfg.qnnModelId())
        .put("mode", qnnOptions.getValue("mode") instanceof String m ? m : "quantum")
        .put("optimization_level", qnnOptions.getValue("optimization_level") instanceof Number n ? n : 1)
        .put("task", type.wireName())
        .put("input", body);
  }

  @SuppressWarnings("unchecked")
  private <P> String pastLoads(RequestType type, ParsedRequest<P> parsed) {
    ProblemType<P> problemType = (ProblemType<P>) problems.find(type).orElse(null);
    JsonArray values = new JsonArray();
    if (problemType != null) {
      for (double v : problemType.pastLoadsKw(parsed.problem())) {
        values.add(Math.round(v * 10) / 10.0);
      }
    }
    return values.encode();
  }

  @SuppressWarnings("unchecked")
  private <P> String goal(RequestType type, ParsedRequest<P> parsed) {
    ProblemType<P> problemType = (ProblemType<P>) problems.find(type).orElse(null);
    return problemType != null ? problemType.qnnGoal(parsed.problem()) : type.wireName().toUpperCase(Locale.ROOT);
  }

  /**
   * The anomaly detectors of the request's type, on a worker thread (they are CPU-bound): on the
   * parsed request and the outcome, failed or not. A detector failure costs the findings, never the run.
   */
  @SuppressWarnings("unchecked")
  private <P> Future<JsonArray> detect(RequestType type, ParsedRequest<P> parsed, JsonObject body, JsonObject answer,
                                       ErrorBody error, String requestId) {
    ProblemType<P> problemType = (ProblemType<P>) problems.find(type).orElse(null);
    if (problemType == null || parsed.problem() == null) {
      return Future.succeededFuture(new JsonArray());
    }
    JsonObject result = answer != null && answer.getValue("result") instanceof JsonObject r ? r : null;
    return vertx.executeBlocking(() -> AnomalyJson.toJson(problemType.anomalies(parsed.problem(), body, result, error)),
            false)
        .otherwise(failure -> {
          LOG.warn("[{}] anomaly detection failed, storing the run without findings", requestId, failure);
          return new JsonArray();
        });
  }

  private Future<Outcome> record(RequestType type, ParsedRequest<?> parsed, JsonObject body, JsonObject answer,
                                 ErrorBody error, JsonArray anomalies, String requestId) {
    JsonObject run = new JsonObject()
        .put("request_type", type.wireName())
        .put("region", parsed.region())
        .put("forecast_date", parsed.forecastDate().toString())
        .put("input", body)
        .put("status", error == null ? "completed" : "failed")
        .put("error", error == null ? null : error.status() + " " + error.code() + ": " + error.message())
        .put("anomalies", anomalies);
    if (answer != null) {
      run.put("result", answer.getJsonObject("result"))
          .put("qnn", new JsonObject().put("mode", answer.getString("mode")).put("model_id", answer.getString("model_id"))
              .put("execution_time_ms", answer.getDouble("execution_time_ms")))
          .put("metrics", answer.getJsonObject("metrics"))
          .put("qnn_raw", answer.getJsonObject("raw"));
    } else {
      run.put("qnn", new JsonObject().put("mode", cfg.qnnMode()).put("model_id", cfg.qnnModelId()))
          .put("qnn_raw", error.upstream());
    }
    return embed(run, requestId)
        .compose(embedding -> vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE,
            run.put("embedding", embedding), options(requestId, timeouts.persistenceBusMs())))
        .map(saved -> new Outcome(saved.body(), error))
        .recover(failure -> {
          ErrorBody storeError = ErrorBody.from(failure);
          LOG.error("[{}] run could not be stored: {}", requestId, storeError.message());
          return Future.succeededFuture(new Outcome(null, ErrorBody.of(503, "unavailable",
              "the run could not be stored (" + storeError.message() + "); nothing was recorded, retry later")));
        });
  }

  /** The run's embedding; a run is still stored (without one) when the embedder fails. */
  private Future<JsonObject> embed(JsonObject run, String requestId) {
    return vertx.eventBus().<JsonObject>request(Addresses.EMBEDDING_EMBED, run, options(requestId, timeouts.embeddingBusMs()))
        .map(Message::body)
        .otherwise(failure -> {
          LOG.warn("[{}] embedding failed, storing the run without one: {}", requestId, failure.getMessage());
          return null;
        });
  }

  static DeliveryOptions options(String requestId, long timeoutMs) {
    return new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(Consumers.REQUEST_ID_HEADER, requestId);
  }
}
