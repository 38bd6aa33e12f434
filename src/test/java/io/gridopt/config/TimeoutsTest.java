package io.gridopt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Each bus timeout lies a margin above its callee's own deadline, so the callee's own failure arrives first. */
class TimeoutsTest {

  @Test
  void busTimeoutsExceedTheCalleesOwnDeadlines() {
    Timeouts defaults = Timeouts.fromJson(new JsonObject());
    assertThat(defaults.qnnMs()).isEqualTo(30_000);
    assertThat(defaults.embeddingMs()).isEqualTo(10_000);
    assertThat(defaults.qnnBusMs()).isEqualTo(32_000);
    assertThat(defaults.embeddingBusMs()).isEqualTo(12_000).isGreaterThan(defaults.embeddingMs());
    assertThat(defaults.persistenceBusMs()).isEqualTo(Timeouts.DB_POOL_WAIT_MS + Timeouts.DB_OPERATION_MS
        + Timeouts.BUS_MARGIN_MS);
    assertThat(defaults.healthCheckMs()).isGreaterThan(Timeouts.PING_MS);
    assertThat(defaults.qnnHealthCheckMs()).isGreaterThan(defaults.remoteQnnHealthMs()).isGreaterThan(Timeouts.PING_MS);
    assertThat(defaults.reembedStartBusMs()).isGreaterThan(Timeouts.BUS_MARGIN_MS);
    assertThat(Timeouts.ENGINE_ACK_GRACE_MS).as("a node that left is retried well before an unacknowledged attempt")
        .isLessThan(Timeouts.ENGINE_ACK_MS);

    // the configured timeouts' defaults are the ones written here, whichever config class reads the key
    AppConfig app = AppConfig.fromJson(new JsonObject());
    assertThat(app.qnnTimeoutMs()).isEqualTo(Timeouts.DEFAULT_QNN_MS);
    assertThat(app.engineMaxExecMs()).isEqualTo(Timeouts.DEFAULT_ENGINE_MAX_EXEC_MS);
    ResilienceConfig resilience = ResilienceConfig.fromJson(new JsonObject());
    assertThat(resilience.shutdownGraceMs()).isEqualTo(Timeouts.DEFAULT_SHUTDOWN_GRACE_MS);
    assertThat(resilience.breakerResetMs()).isEqualTo(Timeouts.DEFAULT_QNN_BREAKER_RESET_MS);

    Timeouts configured = Timeouts.fromJson(new JsonObject().put("GRIDOPT_QNN_TIMEOUT_MS", "4000")
        .put("GRIDOPT_EMBEDDING_TIMEOUT_MS", 25_000));
    assertThat(configured.qnnBusMs()).isEqualTo(6_000);
    assertThat(configured.remoteQnnHealthMs()).isEqualTo(4_000);
    assertThat(configured.remoteQnnConnectMs()).isEqualTo(4_000);
    assertThat(configured.embeddingBusMs()).isEqualTo(27_000);
  }

  @Test
  void aTimeoutMustBeAPositiveWholeNumber() {
    assertThatThrownBy(() -> Timeouts.fromJson(new JsonObject().put("GRIDOPT_EMBEDDING_TIMEOUT_MS", "0")))
        .hasMessage("GRIDOPT_EMBEDDING_TIMEOUT_MS must be a whole number, not '0'");
    assertThatThrownBy(() -> Timeouts.dbSchemaMs(new JsonObject().put("GRIDOPT_DB_SCHEMA_TIMEOUT_MS", "1m")))
        .hasMessage("GRIDOPT_DB_SCHEMA_TIMEOUT_MS must be a whole number, not '1m'");
  }

  @Test
  void theSchemaAttemptDeadlineIsConfigurable() {
    assertThat(Timeouts.dbSchemaMs(new JsonObject())).isEqualTo(60_000);
    assertThat(Timeouts.dbSchemaMs(new JsonObject().put("GRIDOPT_DB_SCHEMA_TIMEOUT_MS", "1500"))).isEqualTo(1_500);
  }
}
