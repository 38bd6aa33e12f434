package io.gridopt.http;

import io.gridopt.bus.Consumers;
import io.gridopt.bus.ErrorBody;
import io.gridopt.config.Timeouts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A read route's whole work: build the request from the path and query (a bad parameter is a 400 naming it),
 * ask the persistence role, read its reply as the address's reply record and answer it with 200, or its
 * failure with the error body.
 */
final class BusReads {
  private final Vertx vertx;
  private final Timeouts timeouts;

  BusReads(Vertx vertx, Timeouts timeouts) {
    this.vertx = vertx;
    this.timeouts = timeouts;
  }

  /** {@code read} and {@code write} are the reply record's {@code fromJson} and {@code toJson}. */
  <T> void answer(RoutingContext ctx, String address, Supplier<JsonObject> request, Function<JsonObject, T> read,
                  Function<T, JsonObject> write) {
    JsonObject body;
    try {
      body = request.get();
    } catch (RuntimeException e) {
      ApiResponses.error(ctx, ErrorBody.from(e));
      return;
    }
    vertx.eventBus().<JsonObject>request(address, body,
            Consumers.options(ApiResponses.requestId(ctx), timeouts.persistenceBusMs()))
        .map(reply -> write.apply(read.apply(reply.body())))
        .onSuccess(reply -> ApiResponses.json(ctx, 200, reply))
        .onFailure(failure -> ApiResponses.error(ctx, ErrorBody.from(failure)));
  }
}
