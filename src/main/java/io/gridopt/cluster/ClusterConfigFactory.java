package io.gridopt.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.gridopt.config.AppConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The Hazelcast configuration of a gridopt node, built from the environment only: TCP-IP discovery
 * over the {@code GRIDOPT_CLUSTER_MEMBERS} seeds (multicast and cloud auto-detection off), bound to and
 * advertised on {@code GRIDOPT_CLUSTER_HOST:GRIDOPT_CLUSTER_PORT} and nothing else, one fixed port (no
 * auto-increment, so the firewall rule and the seed list name exactly the port in use).
 * The Vert.x maps ({@code __vertx.subs} etc.) come from vertx-hazelcast's default cluster.xml.
 */
public final class ClusterConfigFactory {
  /** Nodes of another cluster name refuse to join: a stray Hazelcast on the network stays apart. */
  public static final String CLUSTER_NAME = "gridopt";

  private ClusterConfigFactory() {
  }

  public static Config create(AppConfig cfg) {
    String host = ipOf(cfg.clusterHost());
    int port = cfg.clusterPort();
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(CLUSTER_NAME);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // Main's shutdown hook closes Vert.x, which leaves the cluster after undeploying; Hazelcast's own
    // hook would drop the member first and strand the in-flight work of this node
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    // a crashed node is noticed from its closed connections within a second; this bounds the silent case
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "15");
    config.setProperty("hazelcast.wait.seconds.before.join", "1");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false).setPublicAddress(host + ":" + port);
    network.getInterfaces().setEnabled(true).clear().addInterface(host);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    List<String> members = cfg.clusterMembers().isEmpty() ? List.of(host + ":" + port) : cfg.clusterMembers();
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    config.getMemberAttributeConfig().setAttribute("gridopt.node_id", cfg.nodeId());
    return config;
  }

  /** Hazelcast's interface filter matches IP addresses, so a host name is resolved once here. */
  private static String ipOf(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("GRIDOPT_CLUSTER_HOST: cannot resolve '" + host + "'", e);
    }
  }
}
