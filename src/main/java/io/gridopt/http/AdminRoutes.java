package io.gridopt.http;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.bus.ErrorBody;
import io.gridopt.bus.Reembed;
import io.gridopt.config.Timeouts;
import io.gridopt.domain.FieldError;
import io.gridopt.domain.ValidationException;
import io.gridopt.observability.Observability;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** Operators' routes: {@code POST /admin/reembed} and {@code GET /metrics}. */
final class AdminRoutes {
  private final Vertx vertx;
  private final Timeouts timeouts;

  AdminRoutes(Vertx vertx, Timeouts timeouts) {
    this.vertx = vertx;
    this.timeouts = timeouts;
  }

  void mount(Router router) {
    router.post("/admin/reembed").handler(this::reembed);
    router.get("/metrics").handler(Observability.scrapeHandler());
  }

  /** Starts a background re-embedding pass over stored runs with the current model (202; 409 while one runs). */
  private void reembed(RoutingContext ctx) {
    List<FieldError> errors = new ArrayList<>();
    int batchSize = RunQuery.integer(ctx.queryParams().get("batch_size"), "batch_size", Reembed.DEFAULT_BATCH_SIZE, 1,
        1000, errors);
    if (!errors.isEmpty()) {
      ApiResponses.error(ctx, ErrorBody.from(new ValidationException(errors)));
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.EMBEDDING_REEMBED, new Reembed(batchSize, false).toJson(),
            Consumers.options(ApiResponses.requestId(ctx), timeouts.reembedStartBusMs()))
        .onSuccess(reply -> ApiResponses.json(ctx, Boolean.TRUE.equals(Reembed.Status.fromJson(reply.body()).started())
            ? 202 : 409, reply.body()))
        .onFailure(failure -> ApiResponses.error(ctx, ErrorBody.from(failure)));
  }
}
