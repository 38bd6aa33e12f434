package io.gridopt.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;

/**
 * This node's place in the Hazelcast cluster: its node id (the Vert.x cluster node id, which is the
 * Hazelcast member UUID) and the members that leave. Outside a cluster there is no id and nobody leaves.
 */
public final class ClusterMembership {
  private ClusterMembership() {
  }

  /** A listener registration; {@link #close()} removes it. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** The cluster node id of {@code vertx}, or null when it is not clustered. */
  public static String localNodeId(Vertx vertx) {
    HazelcastClusterManager manager = manager(vertx);
    return manager == null ? null : manager.getNodeId();
  }

  /**
   * Calls {@code handler} with the node id of every member that leaves (gracefully or by failure
   * detection), on the caller's Vert.x context.
   */
  public static Registration onNodeLeft(Vertx vertx, Handler<String> handler) {
    HazelcastClusterManager manager = manager(vertx);
    if (manager == null) {
      return () -> { };
    }
    Context context = vertx.getOrCreateContext();
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    UUID id = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // joining nodes take work through the event bus on their own
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        String nodeId = event.getMember().getUuid().toString();
        context.runOnContext(v -> handler.handle(nodeId));
      }
    });
    return () -> {
      try {
        hazelcast.getCluster().removeMembershipListener(id);
      } catch (HazelcastInstanceNotActiveException e) {
        // the member is already down: the listener went with it
      }
    };
  }

  private static HazelcastClusterManager manager(Vertx vertx) {
    // the cluster manager is reachable only through Vert.x's internal interface
    return vertx instanceof VertxInternal internal && internal.clusterManager() instanceof HazelcastClusterManager m
        ? m : null;
  }
}
