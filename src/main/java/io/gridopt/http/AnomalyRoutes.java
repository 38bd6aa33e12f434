package io.gridopt.http;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.AnomalyPage;
import io.gridopt.bus.AnomalyView;
import io.gridopt.bus.RunId;
import io.vertx.ext.web.Router;

/** {@code GET /anomalies}, {@code GET /anomalies/{id}} and {@code POST /anomalies/{id}/resolve}. */
final class AnomalyRoutes {
  private final BusReads reads;

  AnomalyRoutes(BusReads reads) {
    this.reads = reads;
  }

  void mount(Router router) {
    router.get("/anomalies").handler(ctx -> reads.answer(ctx, Addresses.PERSISTENCE_ANOMALY_LIST,
        () -> AnomalyQuery.filter(ctx.queryParams()).toJson(), AnomalyPage::fromJson, AnomalyPage::toJson));
    router.get("/anomalies/:id").handler(ctx -> reads.answer(ctx, Addresses.PERSISTENCE_ANOMALY_GET,
        () -> new RunId(AnomalyQuery.anomalyId(ctx.pathParam("id"))).toJson(), AnomalyView::fromJson,
        AnomalyView::toJson));
    router.post("/anomalies/:id/resolve").handler(ctx -> reads.answer(ctx, Addresses.PERSISTENCE_ANOMALY_RESOLVE,
        () -> new RunId(AnomalyQuery.anomalyId(ctx.pathParam("id"))).toJson(), AnomalyView::fromJson,
        AnomalyView::toJson));
  }
}
