package io.gridopt.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.gridopt.config.AppConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The Hazelcast configuration follows the environment and nothing else: TCP seeds, one address, no multicast. */
class ClusterConfigFactoryTest {

  private static Config config(JsonObject env) {
    return ClusterConfigFactory.create(AppConfig.fromJson(env.put("GRIDOPT_NODE_ID", "api-1")));
  }

  @Test
  void joinsOnlyTheListedMembersOverTcpFromItsOwnAddressAndPort() {
    Config config = config(new JsonObject()
        .put("GRIDOPT_CLUSTER_HOST", "127.0.0.1").put("GRIDOPT_CLUSTER_PORT", "6701")
        .put("GRIDOPT_CLUSTER_MEMBERS", "127.0.0.1:6701, 127.0.0.1:6702"));
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:6701", "127.0.0.1:6702");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(6701);
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("127.0.0.1:6701");
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getClusterName()).isEqualTo("gridopt");
    assertThat(config.getMemberAttributeConfig().getAttribute("gridopt.node_id")).isEqualTo("api-1");
    // the Vert.x subscription map of vertx-hazelcast's cluster.xml is kept
    assertThat(config.getMultiMapConfig("__vertx.subs").getValueCollectionType().name()).isEqualTo("SET");
  }

  @Test
  void withoutMembersANodeSeedsItsOwnCluster() {
    Config config = config(new JsonObject().put("GRIDOPT_CLUSTER_HOST", "127.0.0.1"));
    assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701");
  }

  @Test
  void anUnresolvableHostIsRejectedByName() {
    assertThatThrownBy(() -> config(new JsonObject().put("GRIDOPT_CLUSTER_HOST", "no-such-host.invalid")))
        .hasMessageContaining("GRIDOPT_CLUSTER_HOST");
  }
}
