package io.gridopt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class AppConfigTest {

  @Test
  void defaultsAreTheEmbeddedQuickStart() {
    AppConfig cfg = AppConfig.fromJson(new JsonObject());
    assertThat(cfg.httpPort()).isEqualTo(8080);
    assertThat(cfg.dbUrl().value()).isEqualTo(AppConfig.LOCAL_DB_URL);
    assertThat(cfg.remoteQnn()).isFalse();
    assertThat(cfg.apiKey().isSet()).isFalse();
    assertThat(cfg.deploy()).containsExactlyInAnyOrder(Role.values());
    assertThat(cfg.cluster()).isFalse();
    assertThat(cfg.clusterPort()).isEqualTo(5701);
    assertThat(cfg.clusterBusPort()).isEqualTo(5711);
  }

  @Test
  void clusterSettingsAndRolesComeFromTheirKeys() {
    AppConfig cfg = AppConfig.fromJson(new JsonObject()
        .put("GRIDOPT_CLUSTER", "true").put("GRIDOPT_CLUSTER_HOST", "10.0.0.11").put("GRIDOPT_CLUSTER_PORT", "5801")
        .put("GRIDOPT_CLUSTER_BUS_PORT", "5811").put("GRIDOPT_CLUSTER_MEMBERS", "10.0.0.11:5801, 10.0.0.12:5801,")
        .put("GRIDOPT_DEPLOY", "engine"));
    assertThat(cfg.cluster()).isTrue();
    assertThat(cfg.clusterHost()).isEqualTo("10.0.0.11");
    assertThat(cfg.clusterPort()).isEqualTo(5801);
    assertThat(cfg.clusterBusPort()).isEqualTo(5811);
    assertThat(cfg.clusterMembers()).containsExactly("10.0.0.11:5801", "10.0.0.12:5801");
    assertThat(cfg.deploy()).containsExactly(Role.ENGINE);
  }

  @Test
  void secretsNeverAppearInToString() {
    AppConfig cfg = AppConfig.fromJson(new JsonObject()
        .put("GRIDOPT_API_KEY", "k-123456").put("GRIDOPT_QNN_TOKEN", "t-abcdef")
        .put("GRIDOPT_DB_URL", "postgresql://u:pw-secret@h:5432/db"));
    assertThat(cfg.toString()).doesNotContain("k-123456", "t-abcdef", "pw-secret");
    assertThat(cfg.apiKey().matches("k-123456")).isTrue();
    assertThat(cfg.apiKey().matches("k-123457")).isFalse();
    assertThat(cfg.apiKey().matchesBearer("Bearer k-123456")).isTrue();
  }

  @Test
  void badValuesAreRejectedByName() {
    assertThatThrownBy(() -> AppConfig.fromJson(new JsonObject().put("GRIDOPT_HTTP_PORT", "eighty")))
        .hasMessageContaining("GRIDOPT_HTTP_PORT");
    assertThatThrownBy(() -> AppConfig.fromJson(new JsonObject().put("GRIDOPT_QNN_MODE", "remote")))
        .hasMessageContaining("GRIDOPT_QNN_BASE_URL");
    assertThatThrownBy(() -> AppConfig.fromJson(new JsonObject().put("GRIDOPT_DEPLOY", "http,gpu")))
        .hasMessageContaining("gpu");
  }

  @Test
  void systemPropertiesOverrideTheFile(Vertx vertx, VertxTestContext tc, @TempDir Path dir) throws Exception {
    // the env store sits between file and sys; a sys property stands in for it (the env cannot be set in-process)
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\"GRIDOPT_HTTP_PORT\": 9000, \"GRIDOPT_QNN_MODEL_ID\": \"from-file\"}");
    System.setProperty("GRIDOPT_QNN_MODEL_ID", "from-override");
    ConfigLoader.load(vertx, file.toString()).onComplete(tc.succeeding(json -> tc.verify(() -> {
      System.clearProperty("GRIDOPT_QNN_MODEL_ID");
      AppConfig cfg = AppConfig.fromJson(json);
      assertThat(cfg.httpPort()).isEqualTo(9000);
      assertThat(cfg.qnnModelId()).isEqualTo("from-override");
      tc.completeNow();
    })));
  }
}
