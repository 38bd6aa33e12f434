package io.gridopt.cluster;

import io.gridopt.config.AppConfig;
import io.gridopt.observability.Observability;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Starts a clustered Vert.x for {@code GRIDOPT_CLUSTER=true}: Hazelcast membership on
 * {@code GRIDOPT_CLUSTER_PORT}, event-bus traffic on {@code GRIDOPT_CLUSTER_BUS_PORT}, both bound to and
 * advertised as {@code GRIDOPT_CLUSTER_HOST}. Bodies are JSON, so no codec needs registering.
 */
public final class ClusteredVertx {
  private ClusteredVertx() {
  }

  public static Future<Vertx> start(AppConfig cfg) {
    HazelcastClusterManager manager = new HazelcastClusterManager(ClusterConfigFactory.create(cfg));
    EventBusOptions bus = new EventBusOptions()
        .setHost(cfg.clusterHost())
        .setPort(cfg.clusterBusPort())
        .setClusterPublicHost(cfg.clusterHost());
    return Vertx.builder()
        .with(Observability.vertxOptions().setEventBusOptions(bus))
        .withClusterManager(manager)
        .buildClustered();
  }
}
