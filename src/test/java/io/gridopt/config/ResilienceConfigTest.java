package io.gridopt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ResilienceConfigTest {
  @Test
  void defaultsAndOverrides() {
    ResilienceConfig defaults = ResilienceConfig.fromJson(new JsonObject());
    assertThat(defaults).isEqualTo(new ResilienceConfig(64, 5, 30_000, 30_000, 5));
    assertThat(defaults.breakerRetryAfterSeconds()).isEqualTo(30);
    // environment values arrive as strings
    ResilienceConfig env = ResilienceConfig.fromJson(new JsonObject().put("GRIDOPT_ENGINE_QUEUE_LIMIT", "0")
        .put("GRIDOPT_QNN_BREAKER_RESET_MS", "1500"));
    assertThat(env.engineQueueLimit()).isZero();
    assertThat(env.breakerRetryAfterSeconds()).isEqualTo(2);
  }

  @Test
  void badValuesAreConfigurationErrors() {
    assertThatThrownBy(() -> ResilienceConfig.fromJson(new JsonObject().put("GRIDOPT_QNN_BREAKER_FAILURES", 0)))
        .hasMessageContaining("GRIDOPT_QNN_BREAKER_FAILURES");
    assertThatThrownBy(() -> ResilienceConfig.fromJson(new JsonObject().put("GRIDOPT_ENGINE_QUEUE_LIMIT", "lots")))
        .hasMessageContaining("GRIDOPT_ENGINE_QUEUE_LIMIT must be an integer");
  }

  @Test
  void itsKeysDoNotCollideWithTheOtherSettings() {
    assertThat(ResilienceConfig.KEYS).doesNotContainAnyElementsOf(AppConfig.KEYS);
  }
}
