package io.gridopt.embedding;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.config.Timeouts;
import io.gridopt.bus.EmbedText;
import io.gridopt.bus.Embedding;
import io.gridopt.bus.Ping;
import io.gridopt.bus.Reembed;
import io.gridopt.domain.ValidationException;
import io.gridopt.problem.ProblemTypes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;

/**
 * Embeds run summaries (and search queries) on the bus, with the configured embedder
 * ({@link EmbeddingSettings}): an in-process model on a worker thread, fed in batches
 * ({@link EmbeddingBatcher}), so the event loop never waits for it, or the remote OpenAI-compatible service. Vectors leave padded to the stored width.
 */
public class EmbeddingVerticle extends VerticleBase {
  /** Re-embedding re-reads a stored run's input through its problem type, as the run pipeline read it. */
  private final ProblemTypes problems;
  private Embedder local;
  private EmbeddingBatcher batcher;
  private OpenAiEmbeddingClient remote;

  public EmbeddingVerticle() {
    this(ProblemTypes.standard());
  }

  /** A node whose re-embedding summarises runs with {@code problems} (the runs role's own). */
  public EmbeddingVerticle(ProblemTypes problems) {
    this.problems = problems;
  }

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
      Reembedder reembedder = new Reembedder(vertx, model(), problems, this::embedText,
          Timeouts.fromJson(config()));
      return Future.all(
          vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_EMBED, Consumers.replying(msg ->
              embedText(EmbedText.fromJson(msg.body()).text()).map(Embedding::toJson))).completion(),
          vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_EMBED_QUERY, Consumers.replying(msg ->
              embedText(EmbedText.fromJson(msg.body()).text()).map(Embedding::toJson))).completion(),
          vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_REEMBED, Consumers.replying(msg ->
              reembed(reembedder, Reembed.fromJson(msg.body())).map(Reembed.Status::toJson))).completion(),
          vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_PING, Consumers.replying(msg ->
              Future.succeededFuture(Ping.Up.embedding(model()).toJson()))).completion());
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

  /** The text's vector, normalised and zero-padded to the stored 1536 dimensions. */
  private Future<Embedding> embedText(String content) {
    if (content == null || content.isBlank()) {
      return Future.failedFuture(new ValidationException("text", "is required: the text to embed"));
    }
    Future<float[]> vector = remote != null ? remote.embed(content) : batcher.embed(content);
    return vector.map(values -> new Embedding(model(), content, StoredVector.pad(values)));
  }

  /** Starts a pass (or, with {@code wait}, runs it to the end); one pass at a time per instance. */
  private Future<Reembed.Status> reembed(Reembedder reembedder, Reembed request) {
    if (reembedder.running()) {
      return Future.succeededFuture(new Reembed.Status(model(), false, "a pass is already running", null));
    }
    Future<Integer> pass = reembedder.pass(request.batchSize());
    if (request.waitForEnd()) {
      return pass.map(count -> new Reembed.Status(model(), null, null, count));
    }
    return Future.succeededFuture(new Reembed.Status(model(), true, null, null));
  }
}
