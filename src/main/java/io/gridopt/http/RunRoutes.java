package io.gridopt.http;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.bus.ErrorBody;
import io.gridopt.bus.NearestRuns;
import io.gridopt.bus.RunId;
import io.gridopt.bus.RunPage;
import io.gridopt.bus.RunSubmit;
import io.gridopt.bus.RunView;
import io.gridopt.config.Timeouts;
import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The optimization endpoints, which submit runs to the runs role ({@code gridopt.runs.submit}), and the run
 * reads ({@code GET /runs}, {@code /runs/{id}}, {@code /runs/{id}/similar}).
 */
final class RunRoutes {
  private final Vertx vertx;
  private final Timeouts timeouts;
  private final BusReads reads;

  RunRoutes(Vertx vertx, Timeouts timeouts, BusReads reads) {
    this.vertx = vertx;
    this.timeouts = timeouts;
    this.reads = reads;
  }

  void mount(Router router) {
    router.post("/forecast").handler(ctx -> submit(ctx, RequestType.FORECAST));
    router.post("/storage-optimize").handler(ctx -> submit(ctx, RequestType.STORAGE));
    router.post("/grid-switch-optimize").handler(ctx -> submit(ctx, RequestType.GRID_SWITCH));
    router.post("/network-dispatch").handler(ctx -> submit(ctx, RequestType.NETWORK_DISPATCH));
    router.get("/runs").handler(ctx -> reads.answer(ctx, Addresses.PERSISTENCE_RUN_LIST,
        () -> RunQuery.filter(ctx.queryParams()).toJson(), RunPage::fromJson, RunPage::toJson));
    router.get("/runs/:id").handler(ctx -> reads.answer(ctx, Addresses.PERSISTENCE_RUN_GET,
        () -> new RunId(RunQuery.runId(ctx.pathParam("id"))).toJson(), RunView::fromJson, RunView::toJson));
    router.get("/runs/:id/similar").handler(ctx -> reads.answer(ctx, Addresses.PERSISTENCE_RUN_SIMILAR,
        () -> RunQuery.similar(ctx.pathParam("id"), ctx.queryParams()).toJson(), NearestRuns::fromJson,
        NearestRuns::toJson));
  }

  /** 201 with the stored run and its Location, or the run's error (with the id of the failed run recorded). */
  private void submit(RoutingContext ctx, RequestType type) {
    JsonObject body = jsonBody(ctx);
    if (body == null) {
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.RUNS_SUBMIT, new RunSubmit(type, body).toJson(),
            Consumers.options(ApiResponses.requestId(ctx), timeouts.runSubmitBusMs()))
        .onSuccess(reply -> {
          ctx.response().putHeader("Location", "/runs/" + reply.body().getString("run_id"));
          ApiResponses.json(ctx, 201, reply.body());
        })
        .onFailure(failure -> ApiResponses.error(ctx, ErrorBody.from(failure)));
  }

  /** The body as contract validation decoded it (the schema requires an object): decoded once, not again here. */
  private static JsonObject jsonBody(RoutingContext ctx) {
    if (ctx.get(OpenApiContract.VALID_BODY) instanceof JsonObject json) {
      return json;
    }
    ApiResponses.error(ctx, ErrorBody.from(new ValidationException("body", "must be a JSON object")));
    return null;
  }
}
