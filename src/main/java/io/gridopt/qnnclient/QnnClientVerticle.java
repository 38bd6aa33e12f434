package io.gridopt.qnnclient;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.bus.ErrorBody;
import io.gridopt.bus.Ping;
import io.gridopt.bus.QnnPrediction;
import io.gridopt.bus.QnnRequest;
import io.gridopt.cluster.EngineFailover;
import io.gridopt.config.AppConfig;
import io.gridopt.config.ResilienceConfig;
import io.gridopt.config.Timeouts;
import io.gridopt.observability.Observability;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The QNN prediction API as the rest of gridopt sees it ({@code gridopt.qnn.predict}): the embedded
 * engine over the bus, or the remote QNN over HTTP. Either way the answer is the same normalised
 * JSON ({@link QnnResponseParser}) plus {@code mode}; failures keep their HTTP-like codes. The remote
 * QNN sits behind a {@link QnnCircuitBreaker}; every call's outcome is counted ({@code gridopt_qnn_calls_total}).
 */
public class QnnClientVerticle extends VerticleBase {
  private WebClient webClient;
  private EngineFailover engines;
  private QnnCircuitBreaker breaker;

  @Override
  public Future<?> start() {
    AppConfig cfg = AppConfig.fromJson(config());
    Timeouts timeouts = Timeouts.fromJson(config());
    if (cfg.remoteQnn()) {
      webClient = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(
          (int) timeouts.remoteQnnConnectMs()).setUserAgent("gridopt"));
      breaker = new QnnCircuitBreaker(vertx,
          new RemoteQnnClient(webClient, cfg.qnnBaseUrl(), cfg.qnnToken(), timeouts),
          ResilienceConfig.fromJson(config()));
    }
    QnnCircuitBreaker remoteClient = breaker;
    String mode = cfg.qnnMode();
    engines = remoteClient == null ? new EngineFailover(vertx, timeouts.qnnMs()) : null;
    return Future.all(
        engines == null ? Future.succeededFuture() : engines.start(),
        vertx.eventBus().<JsonObject>consumer(Addresses.QNN_PREDICT, Consumers.replying(msg -> {
          long started = System.nanoTime();
          QnnRequest request = QnnRequest.fromJson(msg.body());
          return (remoteClient != null ? remoteClient.predict(request) : embedded(request, msg))
              .map(answer -> answer.withMode(mode).toJson())
              .andThen(ar -> Observability.qnnCall(mode, ar.succeeded() ? Observability.SUCCESS
                  : outcome(ar.cause()), System.nanoTime() - started));
        })).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.QNN_HEALTH, Consumers.replying(msg ->
            (remoteClient != null ? remoteClient.health()
                : vertx.eventBus().<JsonObject>request(Addresses.ENGINE_PING, new Ping().toJson(),
                        new DeliveryOptions().setSendTimeout(timeouts.pingBusMs()))
                    .map(reply -> Ping.Up.fromJson(reply.body())))
                .map(up -> Ping.Up.qnn(mode).toJson()))).completion());
  }

  private static String outcome(Throwable failure) {
    ErrorBody error = ErrorBody.from(failure);
    return Observability.qnnOutcome(error.status(), error.code());
  }

  @Override
  public Future<?> stop() {
    if (breaker != null) {
      breaker.close();
    }
    if (webClient != null) {
      webClient.close();
    }
    return engines == null ? Future.succeededFuture() : engines.stop();
  }

  /** The embedded engine on this node or, in a cluster, on any engine node (retried on another when one leaves). */
  private Future<QnnPrediction> embedded(QnnRequest request, Message<JsonObject> msg) {
    return engines.request(request.toJson(), msg.headers().get(Consumers.REQUEST_ID_HEADER))
        .map(QnnResponseParser::parse);
  }
}
