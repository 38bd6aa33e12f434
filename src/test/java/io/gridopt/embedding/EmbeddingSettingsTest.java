package io.gridopt.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridopt.embedding.EmbeddingSettings.Provider;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class EmbeddingSettingsTest {

  @Test
  void defaultIsTheInProcessSentenceModel() {
    EmbeddingSettings settings = EmbeddingSettings.fromConfig(new JsonObject());
    assertThat(settings.provider()).isEqualTo(Provider.MINILM);
    assertThat(settings.remote()).isNull();
    assertThat(settings.createLocal().model()).isEqualTo("all-minilm-l6-v2-q");
  }

  @Test
  void hashingIsTheConfiguredFallback() {
    EmbeddingSettings settings = EmbeddingSettings.fromConfig(new JsonObject().put("GRIDOPT_EMBEDDING_PROVIDER", " Hashing "));
    assertThat(settings.provider()).isEqualTo(Provider.HASHING);
    assertThat(settings.createLocal()).isInstanceOf(HashingEmbedder.class);
  }

  @Test
  void openAiReadsStringValuesAsTheEnvironmentGivesThem() {
    EmbeddingSettings settings = EmbeddingSettings.fromConfig(new JsonObject()
        .put("GRIDOPT_EMBEDDING_PROVIDER", "openai")
        .put("GRIDOPT_EMBEDDING_BASE_URL", "https://api.example.test")
        .put("GRIDOPT_EMBEDDING_API_KEY", "sk-secret")
        .put("GRIDOPT_EMBEDDING_DIMENSIONS", "512")
        .put("GRIDOPT_EMBEDDING_TIMEOUT_MS", "2500"));
    assertThat(settings.remote()).isEqualTo(new OpenAiEmbeddingClient.Settings("https://api.example.test", "sk-secret",
        "text-embedding-3-small", 512, 2500));
    assertThat(settings.toString()).doesNotContain("sk-secret");
    assertThatThrownBy(settings::createLocal).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> EmbeddingSettings.fromConfig(new JsonObject().put("GRIDOPT_EMBEDDING_PROVIDER", "bert")))
        .hasMessage("GRIDOPT_EMBEDDING_PROVIDER must be minilm, hashing or openai, not 'bert'");
    assertThatThrownBy(() -> EmbeddingSettings.fromConfig(new JsonObject().put("GRIDOPT_EMBEDDING_PROVIDER", "openai")))
        .hasMessage("GRIDOPT_EMBEDDING_BASE_URL is required when GRIDOPT_EMBEDDING_PROVIDER is openai");
    assertThatThrownBy(() -> EmbeddingSettings.fromConfig(new JsonObject().put("GRIDOPT_EMBEDDING_PROVIDER", "openai")
        .put("GRIDOPT_EMBEDDING_BASE_URL", "http://x").put("GRIDOPT_EMBEDDING_TIMEOUT_MS", "soon")))
        .hasMessage("GRIDOPT_EMBEDDING_TIMEOUT_MS must be a whole number, not 'soon'");
  }
}
