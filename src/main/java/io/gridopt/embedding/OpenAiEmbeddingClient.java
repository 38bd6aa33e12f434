package io.gridopt.embedding;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Remote embedder speaking the OpenAI-compatible {@code POST {base}/v1/embeddings} API:
 * {@code {"model": m, "input": [texts]}} answered by {@code {"data": [{"index": i, "embedding": [...]}]}}.
 * Works with OpenAI ({@code text-embedding-3-small} has 1536 dimensions natively) and with the many
 * servers that copy its API. The key goes only into the {@code Authorization: Bearer} header; it is
 * never logged nor put in an error message. Each call has a deadline; nothing is retried, because the
 * caller records the run either way and can re-embed it later.
 */
public final class OpenAiEmbeddingClient {
  private static final int MAX_ERROR_BODY_CHARS = 200;

  /**
   * Connection settings. {@code baseUrl} is the server root ({@code https://api.openai.com}); a
   * trailing {@code /v1} is accepted too. {@code dimensions}, when set, is sent as the API's
   * {@code dimensions} field to shorten the vectors (needed for models above 1536 dimensions).
   */
  public record Settings(String baseUrl, String apiKey, String model, Integer dimensions, long timeoutMs) {
    public Settings {
      if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
        throw new IllegalArgumentException("embedding base URL must start with http:// or https://");
      }
      if (model == null || model.isBlank()) {
        throw new IllegalArgumentException("embedding model name is required");
      }
      if (dimensions != null && (dimensions < 1 || dimensions > StoredVector.DIMENSION)) {
        throw new IllegalArgumentException("embedding dimensions must be 1.." + StoredVector.DIMENSION);
      }
      if (timeoutMs <= 0) {
        throw new IllegalArgumentException("embedding timeout must be positive");
      }
    }

    /** The endpoint URL: {@code {base}/v1/embeddings}. */
    public String embeddingsUrl() {
      String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      return (base.endsWith("/v1") ? base : base + "/v1") + "/embeddings";
    }

    @Override
    public String toString() {
      return "Settings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null || apiKey.isEmpty() ? "unset" : "***")
          + ", model=" + model + ", dimensions=" + dimensions + ", timeoutMs=" + timeoutMs + "]";
    }
  }

  private final Settings settings;
  private final WebClient client;

  public OpenAiEmbeddingClient(Vertx vertx, Settings settings) {
    this.settings = settings;
    int connectTimeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.timeoutMs());
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(connectTimeoutMs)
        .setUserAgent("gridopt-embeddings"));
  }

  /** The remote model's name, stored with each vector. */
  public String model() {
    return settings.model();
  }

  public Future<float[]> embed(String text) {
    return embedAll(List.of(text)).map(vectors -> vectors.get(0));
  }

  /** One request for all texts; the vectors come back in the order of the texts. */
  public Future<List<float[]>> embedAll(List<String> texts) {
    if (texts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    JsonObject body = new JsonObject().put("model", settings.model()).put("input", new JsonArray(new ArrayList<>(texts)));
    if (settings.dimensions() != null) {
      body.put("dimensions", settings.dimensions());
    }
    var request = client.postAbs(settings.embeddingsUrl()).timeout(settings.timeoutMs());
    if (settings.apiKey() != null && !settings.apiKey().isEmpty()) {
      request.bearerTokenAuthentication(settings.apiKey());
    }
    return request.sendJsonObject(body)
        .recover(err -> Future.failedFuture(transportFailure(err)))
        .map(response -> parse(response, texts.size()));
  }

  public void close() {
    client.close();
  }

  private RemoteEmbeddingException transportFailure(Throwable err) {
    if (err instanceof TimeoutException) {
      return new RemoteEmbeddingException(504,
          "embedding service did not answer within " + settings.timeoutMs() + " ms", err);
    }
    int status = err instanceof ConnectException ? 503 : 502;
    return new RemoteEmbeddingException(status, "embedding service unreachable: " + err.getMessage(), err);
  }

  private List<float[]> parse(HttpResponse<Buffer> response, int expected) {
    if (response.statusCode() != 200) {
      throw new RemoteEmbeddingException(502, "embedding service answered HTTP " + response.statusCode()
          + redacted(upstreamMessage(response)), null);
    }
    JsonArray data;
    try {
      JsonObject json = response.bodyAsJsonObject();
      data = json == null ? null : json.getJsonArray("data");
    } catch (DecodeException | ClassCastException e) {
      throw new RemoteEmbeddingException(502, "embedding service answered with malformed JSON", e);
    }
    if (data == null || data.size() != expected) {
      throw new RemoteEmbeddingException(502, "embedding service answered " + (data == null ? "no data" : data.size()
          + " embeddings") + " for " + expected + " inputs", null);
    }
    float[][] vectors = new float[expected][];
    for (int i = 0; i < expected; i++) {
      JsonObject item = data.getValue(i) instanceof JsonObject o ? o : new JsonObject();
      int index = item.getValue("index") instanceof Number n ? n.intValue() : i;
      if (index < 0 || index >= expected || vectors[index] != null) {
        throw new RemoteEmbeddingException(502, "embedding service answered a bad index " + index, null);
      }
      vectors[index] = vector(item.getValue("embedding"), index);
    }
    for (float[] v : vectors) {
      if (v.length != vectors[0].length) {
        throw new RemoteEmbeddingException(502, "embedding service answered vectors of different lengths", null);
      }
    }
    if (vectors[0].length > StoredVector.DIMENSION) {
      throw new RemoteEmbeddingException(502, "model " + settings.model() + " answered " + vectors[0].length
          + " dimensions; the store holds " + StoredVector.DIMENSION + " (set the dimensions option)", null);
    }
    return List.of(vectors);
  }

  /** Some servers quote the presented key in their 401 message; it must not reach a log. */
  private String redacted(String message) {
    String key = settings.apiKey();
    return key == null || key.isEmpty() ? message : message.replace(key, "***");
  }

  private static float[] vector(Object value, int index) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw new RemoteEmbeddingException(502, "embedding " + index + " is missing or not an array", null);
    }
    float[] vector = new float[array.size()];
    for (int i = 0; i < vector.length; i++) {
      if (!(array.getValue(i) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        throw new RemoteEmbeddingException(502, "embedding " + index + " has a non-numeric component", null);
      }
      vector[i] = n.floatValue();
    }
    return vector;
  }

  private static String upstreamMessage(HttpResponse<Buffer> response) {
    String message;
    try {
      JsonObject json = response.bodyAsJsonObject();
      Object error = json == null ? null : json.getValue("error");
      message = error instanceof JsonObject e ? e.getString("message") : error instanceof String s ? s : null;
    } catch (RuntimeException e) {
      message = null;
    }
    if (message == null || message.isBlank()) {
      return "";
    }
    String oneLine = message.replaceAll("\\s+", " ").strip();
    return ": " + (oneLine.length() > MAX_ERROR_BODY_CHARS ? oneLine.substring(0, MAX_ERROR_BODY_CHARS) + "..." : oneLine);
  }
}
