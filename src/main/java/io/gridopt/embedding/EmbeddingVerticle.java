package io.gridopt.embedding;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.config.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Embeds run summaries (and search queries) on the bus, with the configured embedder
 * ({@link EmbeddingSettings}): an in-process model on a worker thread, fed in batches
 * ({@link EmbeddingBatcher}), so the event loop never waits for it, or the remote OpenAI-compatible service. Vectors leave padded to the stored width.
 */
public class EmbeddingVerticle extends VerticleBase {
  private Embedder local;
  private EmbeddingBatcher batcher;
  private OpenAiEmbeddingClient remote;

  @Override
  public Future<?> start() {
    EmbeddingSettings settings = EmbeddingSettings.fromConfig(config());
    Future<?> ready;
    if (settings.provider() == EmbeddingSettings.Provider.OPENAI) {
      remote = new OpenAiEmbeddingClient(vertx, settings.remote());
      ready = Future.succeededFuture();
    } else {
      // loading the model takes seconds: never on the event loop
      // map, not onSuccess: compose below must see the embedder (an onSuccess listener may run after it)
      ready = vertx.executeBlocking(settings::createLocal).map(embedder -> {
        local = embedder;
        batcher = new EmbeddingBatcher(vertx, embedder, Timeouts.embeddingMs(config()));
        return null;
      });
    }
    return ready.compose(v -> {
      Reembedder reembedder = new Reembedder(vertx, model(), this::embedRun);
      return Future.all(
          vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_EMBED,
              Consumers.replying(msg -> embedRun(msg.body()))).completion(),
          vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_EMBED_QUERY,
              Consumers.replying(msg -> embedText(msg.body().getString("text")))).completion(),
          vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_REEMBED,
              Consumers.replying(msg -> reembed(reembedder, msg.body()))).completion(),
          vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_PING, Consumers.replying(msg ->
              Future.succeededFuture(new JsonObject().put("status", "UP").put("model", model())))).completion());
    });
  }

  @Override
  public Future<?> stop() {
    if (remote != null) {
      remote.close();
    }
    return Future.succeededFuture();
  }

  private String model() {
    return remote != null ? remote.model() : local.model();
  }

  /**
   * {@code run}: request_type, region, forecast_date, status, error, input, result and anomalies as
   * the pipeline stores them.
   */
  private Future<JsonObject> embedRun(JsonObject run) {
    return embedText(RunSummarizer.summarize(run));
  }

  /** {model, content, vector}: the vector normalised and zero-padded to the stored 1536 dimensions. */
  private Future<JsonObject> embedText(String content) {
    Future<float[]> vector = remote != null ? remote.embed(content) : batcher.embed(content);
    return vector.map(values -> {
      JsonArray padded = new JsonArray();
      for (float v : StoredVector.pad(values)) {
        padded.add(v);
      }
      return new JsonObject().put("model", model()).put("content", content).put("vector", padded);
    });
  }

  /** Starts a pass (or, with {@code wait}, runs it to the end); one pass at a time per instance. */
  private Future<JsonObject> reembed(Reembedder reembedder, JsonObject request) {
    JsonObject answer = new JsonObject().put("model", model());
    if (reembedder.running()) {
      return Future.succeededFuture(answer.put("started", false).put("reason", "a pass is already running"));
    }
    Future<Integer> pass = reembedder.pass(request.getInteger("batch_size", 100));
    if (request.getBoolean("wait", false)) {
      return pass.map(count -> answer.put("reembedded", count));
    }
    return Future.succeededFuture(answer.put("started", true));
  }
}
