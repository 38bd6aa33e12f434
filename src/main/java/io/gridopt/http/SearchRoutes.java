package io.gridopt.http;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.bus.EmbedText;
import io.gridopt.bus.Embedding;
import io.gridopt.bus.ErrorBody;
import io.gridopt.bus.NearestRuns;
import io.gridopt.bus.SearchQuery;
import io.gridopt.config.Timeouts;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /runs/search}: the query text embedded with the current model, then stored runs ranked by cosine. */
final class SearchRoutes {
  private final Vertx vertx;
  private final Timeouts timeouts;

  SearchRoutes(Vertx vertx, Timeouts timeouts) {
    this.vertx = vertx;
    this.timeouts = timeouts;
  }

  /** Mount before the run routes: {@code /runs/search} must not be read as {@code /runs/{id}}. */
  void mount(Router router) {
    router.get("/runs/search").handler(this::search);
  }

  private void search(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    RunQuery.Search query;
    try {
      query = RunQuery.search(params);
    } catch (RuntimeException e) {
      ApiResponses.error(ctx, ErrorBody.from(e));
      return;
    }
    String requestId = ApiResponses.requestId(ctx);
    vertx.eventBus().<JsonObject>request(Addresses.EMBEDDING_EMBED_QUERY, new EmbedText(query.q()).toJson(),
            Consumers.options(requestId, timeouts.embeddingBusMs()))
        .map(reply -> Embedding.fromJson(reply.body()))
        .compose(embedded -> vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_RUN_SEARCH,
            new SearchQuery(embedded.vector(), embedded.model(), query.k(), query.requestType(), query.region())
                .toJson(), Consumers.options(requestId, timeouts.persistenceBusMs())))
        .map(reply -> NearestRuns.fromJson(reply.body()).withQuery(query.q()).toJson())
        .onSuccess(body -> ApiResponses.json(ctx, 200, body))
        .onFailure(failure -> ApiResponses.error(ctx, ErrorBody.from(failure)));
  }
}
