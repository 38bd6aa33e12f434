package io.gridopt.embedding;

import io.gridopt.config.Timeouts;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * Which embedder the service uses, read from flat configuration keys (the same names in
 * {@code conf/config.json} and in the environment; values may be strings, as the environment gives them).
 *
 * <ul>
 *   <li>{@value #PROVIDER}: {@code minilm} (default), {@code hashing} or {@code openai}</li>
 *   <li>{@value #BASE_URL}, {@value #API_KEY}, {@value #MODEL} (default {@value #DEFAULT_REMOTE_MODEL}),
 *       {@value #DIMENSIONS} (optional), {@value #TIMEOUT_MS} (default {@value #DEFAULT_TIMEOUT_MS}): the
 *       remote embedder, used only with {@code openai}</li>
 * </ul>
 *
 * @param remote the remote embedder's settings; null unless the provider is {@link Provider#OPENAI}
 */
public record EmbeddingSettings(Provider provider, OpenAiEmbeddingClient.Settings remote) {
  public static final String PROVIDER = "GRIDOPT_EMBEDDING_PROVIDER";
  public static final String BASE_URL = "GRIDOPT_EMBEDDING_BASE_URL";
  public static final String API_KEY = "GRIDOPT_EMBEDDING_API_KEY";
  public static final String MODEL = "GRIDOPT_EMBEDDING_MODEL";
  public static final String DIMENSIONS = "GRIDOPT_EMBEDDING_DIMENSIONS";
  public static final String TIMEOUT_MS = Timeouts.EMBEDDING_TIMEOUT_KEY;
  public static final String DEFAULT_REMOTE_MODEL = "text-embedding-3-small";
  public static final long DEFAULT_TIMEOUT_MS = Timeouts.DEFAULT_EMBEDDING_MS;

  public enum Provider {
    /** all-MiniLM-L6-v2 (quantized) in-process: the default. */
    MINILM,
    /** Feature hashing: the lexical fallback, no model file, no native code. */
    HASHING,
    /** An OpenAI-compatible {@code /v1/embeddings} service. */
    OPENAI
  }

  /** Reads the keys above; throws {@link IllegalArgumentException} naming the key that is wrong. */
  public static EmbeddingSettings fromConfig(JsonObject config) {
    String name = text(config, PROVIDER);
    Provider provider;
    try {
      provider = name == null ? Provider.MINILM : Provider.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PROVIDER + " must be minilm, hashing or openai, not '" + name + "'");
    }
    if (provider != Provider.OPENAI) {
      return new EmbeddingSettings(provider, null);
    }
    String baseUrl = text(config, BASE_URL);
    if (baseUrl == null) {
      throw new IllegalArgumentException(BASE_URL + " is required when " + PROVIDER + " is openai");
    }
    String model = text(config, MODEL);
    Long dimensions = integer(config, DIMENSIONS);
    try {
      return new EmbeddingSettings(provider, new OpenAiEmbeddingClient.Settings(baseUrl, text(config, API_KEY),
          model == null ? DEFAULT_REMOTE_MODEL : model, dimensions == null ? null : Math.toIntExact(dimensions),
          Timeouts.embeddingMs(config)));
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(DIMENSIONS + " is out of range");
    }
  }

  /** The in-process embedder of this provider (MiniLM loads its model here, about a second). */
  public Embedder createLocal() {
    return switch (provider) {
      case MINILM -> new MiniLmEmbedder();
      case HASHING -> new HashingEmbedder();
      case OPENAI -> throw new IllegalStateException("the openai provider is remote: use OpenAiEmbeddingClient");
    };
  }

  private static String text(JsonObject config, String key) {
    Object value = config.getValue(key);
    String s = value == null ? null : String.valueOf(value).strip();
    return s == null || s.isEmpty() ? null : s;
  }

  private static Long integer(JsonObject config, String key) {
    String s = text(config, key);
    if (s == null) {
      return null;
    }
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, not '" + s + "'");
    }
  }
}
