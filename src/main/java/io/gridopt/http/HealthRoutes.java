package io.gridopt.http;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.ErrorBody;
import io.gridopt.bus.Ping;
import io.gridopt.config.Timeouts;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/** {@code GET /health}: the database, the QNN and (with the embedded engine) whether any engine node is up. */
final class HealthRoutes {
  private final Vertx vertx;
  private final Timeouts timeouts;
  private final boolean remoteQnn;

  HealthRoutes(Vertx vertx, Timeouts timeouts, boolean remoteQnn) {
    this.vertx = vertx;
    this.timeouts = timeouts;
    this.remoteQnn = remoteQnn;
  }

  void mount(Router router) {
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(healthChecks()));
  }

  private HealthChecks healthChecks() {
    HealthChecks checks = HealthChecks.create(vertx);
    checks.register("database", timeouts.healthCheckMs(), promise -> ping(Addresses.PERSISTENCE_PING, promise, null,
        timeouts.pingBusMs()));
    checks.register("qnn", timeouts.qnnHealthCheckMs(), promise -> ping(Addresses.QNN_HEALTH, promise, null,
        timeouts.qnnHealthBusMs()));
    if (!remoteQnn) {
      // in a cluster the engines run on other nodes: says whether any engine node is left
      checks.register("engine", timeouts.healthCheckMs(), promise -> ping(Addresses.ENGINE_PING, promise,
          "no engine node available: no node of the cluster runs the engine role", timeouts.pingBusMs()));
    }
    return checks;
  }

  /** UP with the reply; DOWN with the reason, {@code whenMissing} (if given) when nobody serves the address. */
  private void ping(String address, Promise<Status> promise, String whenMissing, long timeoutMs) {
    vertx.eventBus().<JsonObject>request(address, new Ping().toJson(), new DeliveryOptions().setSendTimeout(timeoutMs))
        .map(reply -> Ping.Up.fromJson(reply.body()))
        .onSuccess(up -> promise.complete(Status.OK(up.toJson())))
        .onFailure(failure -> promise.complete(Status.KO(new JsonObject().put("reason",
            whenMissing != null && failure instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
                ? whenMissing : ErrorBody.from(failure).message()))));
  }
}
