package io.gridopt.runs;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.bus.EmbedText;
import io.gridopt.bus.Embedding;
import io.gridopt.bus.ErrorBody;
import io.gridopt.bus.ErrorCodes;
import io.gridopt.bus.NewRun;
import io.gridopt.bus.QnnInfo;
import io.gridopt.bus.QnnPrediction;
import io.gridopt.bus.QnnRequest;
import io.gridopt.bus.RunId;
import io.gridopt.bus.RunView;
import io.gridopt.config.AppConfig;
import io.gridopt.contract.RequestBodies;
import io.gridopt.config.Timeouts;
import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.gridopt.problem.AnomalyJson;
import io.gridopt.problem.ParsedRequest;
import io.gridopt.problem.ProblemType;
import io.gridopt.problem.ProblemTypes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One optimization request from validation to its stored run: validate against the contract's body
 * schema, then by the problem type (400, nothing stored) →
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
  private final RequestBodies bodies;

  public RunPipeline(Vertx vertx, ProblemTypes problems, RequestBodies bodies, AppConfig cfg, Timeouts timeouts) {
    this.vertx = vertx;
    this.problems = problems;
    this.bodies = bodies;
    this.cfg = cfg;
    this.timeouts = timeouts;
  }

  /** The outcome: the stored run (or null when nothing could be stored) and, for a failed run, its error. */
  public record Outcome(RunView run, ErrorBody error) {
  }

  public Future<Outcome> submit(RequestType type, JsonObject request, String requestId) {
    // the contract's schema first, as the HTTP edge did before: a bad body is refused before any lookup
    return vertx.executeBlocking(() -> {
      bodies.requireValid(type, request);
      return request;
    }, false).compose(checked -> withForecastLoad(type, checked, requestId)).compose(body ->
        vertx.executeBlocking(() -> problems.parse(type, body), false)
            .compose(parsed -> predict(type, parsed, body, requestId)
                .transform(ar -> {
                  if (notAccepted(ar.cause())) {
                    return Future.failedFuture(ar.cause());
                  }
                  QnnPrediction answer = ar.succeeded() ? ar.result() : null;
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
    return failure != null && ErrorCodes.ENGINE_SATURATED.equals(ErrorBody.from(failure).code());
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
      if (id.length() != 36) {
        throw new IllegalArgumentException(id);
      }
      runId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new ValidationException("forecast_run_id", "must be a run id (UUID)"));
    }
    return vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_GET,
            new RunId(runId).toJson(), Consumers.options(requestId, timeouts.persistenceBusMs()))
        .recover(failure -> Future.failedFuture(ErrorBody.from(failure).status() == 404
            ? new ValidationException("forecast_run_id", "no run with this id") : failure))
        .map(reply -> {
          RunView run = RunView.fromJson(reply.body());
          return storage ? ForecastLoad.apply(body, run) : ForecastLoad.applyAsProfile(body, run);
        });
  }

  private Future<QnnPrediction> predict(RequestType type, ParsedRequest<?> parsed, JsonObject body, String requestId) {
    return vertx.eventBus().<JsonObject>request(Addresses.QNN_PREDICT, qnnRequest(type, parsed, body).toJson(),
        Consumers.options(requestId, timeouts.qnnBusMs())).map(reply -> QnnPrediction.fromJson(reply.body()));
  }

  /** The QNN contract's request: the descriptive {@code code} string plus our structured {@code input}. */
  private QnnRequest qnnRequest(RequestType type, ParsedRequest<?> parsed, JsonObject body) {
    JsonObject qnnOptions = body.getValue("qnn") instanceof JsonObject o ? o : new JsonObject();
    String code = "Region=" + parsed.region() + "; Date=" + parsed.forecastDate()
        + "; PastLoads=" + pastLoads(type, parsed) + "; ForecastGoal=" + goal(type, parsed);
    return new QnnRequest(code,
        qnnOptions.getValue("model_id") instanceof String m ? m : cfg.qnnModelId(),
        qnnOptions.getValue("mode") instanceof String m ? m : "quantum",
        qnnOptions.getValue("optimization_level") instanceof Number n ? n : 1,
        type.wireName(), body);
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
  private <P> Future<JsonArray> detect(RequestType type, ParsedRequest<P> parsed, JsonObject body,
                                       QnnPrediction answer, ErrorBody error, String requestId) {
    ProblemType<P> problemType = (ProblemType<P>) problems.find(type).orElse(null);
    if (problemType == null || parsed.problem() == null) {
      return Future.succeededFuture(new JsonArray());
    }
    JsonObject result = answer == null ? null : answer.result();
    return vertx.executeBlocking(() -> AnomalyJson.toJson(problemType.anomalies(parsed.problem(), body, result, error)),
            false)
        .otherwise(failure -> {
          LOG.warn("[{}] anomaly detection failed, storing the run without findings", requestId, failure);
          return new JsonArray();
        });
  }

  private Future<Outcome> record(RequestType type, ParsedRequest<?> parsed, JsonObject body, QnnPrediction answer,
                                 ErrorBody error, JsonArray anomalies, String requestId) {
    String status = error == null ? NewRun.COMPLETED : NewRun.FAILED;
    String errorText = error == null ? null : error.status() + " " + error.code() + ": " + error.message();
    UUID runId = UUID.randomUUID();
    NewRun run = answer != null
        ? new NewRun(runId, type, parsed.region(), parsed.forecastDate(), body, status, errorText, answer.result(),
            new QnnInfo(answer.mode(), answer.modelId(), answer.executionTimeMs()), answer.metrics(), answer.raw(),
            anomalies, null)
        : new NewRun(runId, type, parsed.region(), parsed.forecastDate(), body, status, errorText, null,
            new QnnInfo(cfg.qnnMode(), cfg.qnnModelId(), null), null, error.upstream(), anomalies, null);
    return vertx.executeBlocking(() -> problems.summary(type, parsed, body, run.status(), run.error(), run.result(),
            run.anomalies()), false)
        .compose(text -> embed(text, requestId))
        .map(run::withEmbedding)
        .compose(embedded -> save(embedded, requestId)
            // the first answer may be lost while its transaction commits (a bus timeout): the same run id
            // makes a second save either find that run or store it, never store it twice
            .recover(lost -> {
              LOG.warn("[{}] saving run {} failed ({}), saving it again", requestId, runId,
                  ErrorBody.from(lost).message());
              return save(embedded, requestId).recover(again -> Future.failedFuture(
                  unconfirmed(runId, ErrorBody.from(lost), ErrorBody.from(again))));
            }))
        .map(saved -> new Outcome(saved, error))
        .recover(failure -> {
          ErrorBody storeError = ErrorBody.from(failure);
          LOG.error("[{}] run could not be stored: {}", requestId, storeError.message());
          return Future.succeededFuture(new Outcome(null, storeError));
        });
  }

  private Future<RunView> save(NewRun run, String requestId) {
    return vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SAVE, run.toJson(),
            Consumers.options(requestId, timeouts.persistenceBusMs()))
        .map(saved -> RunView.fromJson(saved.body()));
  }

  /**
   * The 503 of a run that two saves could not confirm. Only a save that timed out may have committed
   * unseen: then the client learns the run id to look up before it retries.
   */
  private static ErrorBody.Failure unconfirmed(UUID runId, ErrorBody first, ErrorBody second) {
    if (first.status() == 504 || second.status() == 504) {
      return new ErrorBody.Failure(ErrorBody.of(503, ErrorCodes.UNAVAILABLE, "the run could not be confirmed as"
          + " stored (" + second.message() + "); it may have been recorded: GET /runs/" + runId + " before retrying")
          .withRunId(runId.toString()));
    }
    return new ErrorBody.Failure(ErrorBody.of(503, ErrorCodes.UNAVAILABLE, "the run could not be stored ("
        + second.message() + "); nothing was recorded, retry later"));
  }

  /** The embedding of the run's summary; a run is still stored (without one) when the embedder fails. */
  private Future<Embedding> embed(String summary, String requestId) {
    return vertx.eventBus().<JsonObject>request(Addresses.EMBEDDING_EMBED, new EmbedText(summary).toJson(),
            Consumers.options(requestId, timeouts.embeddingBusMs()))
        .map(reply -> Embedding.fromJson(reply.body()))
        .otherwise(failure -> {
          LOG.warn("[{}] embedding failed, storing the run without one: {}", requestId, failure.getMessage());
          return null;
        });
  }

}
