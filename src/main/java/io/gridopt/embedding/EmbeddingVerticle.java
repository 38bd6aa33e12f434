package io.gridopt.embedding;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.persistence.RunRepository;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Embeds run summaries (and search queries) on the bus. The model runs on worker threads, unordered,
 * so several runs embed in parallel and the event loop never waits for it.
 */
public class EmbeddingVerticle extends VerticleBase {
  private final Embedder embedder;

  public EmbeddingVerticle() {
    this(new HashingEmbedder());
  }

  public EmbeddingVerticle(Embedder embedder) {
    this.embedder = embedder;
  }

  @Override
  public Future<?> start() {
    Reembedder reembedder = new Reembedder(vertx, embedder.model(),
        run -> vectorJson(RunSummarizer.summarize(run)));
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_REEMBED, Consumers.replying(msg ->
            reembed(reembedder, msg.body()))).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_EMBED, Consumers.replying(msg -> {
          String content = RunSummarizer.summarize(msg.body());
          return vertx.executeBlocking(() -> vectorJson(content), false);
        })).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_EMBED_QUERY, Consumers.replying(msg ->
            vertx.executeBlocking(() -> vectorJson(msg.body().getString("text")), false))).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.EMBEDDING_PING, Consumers.replying(msg ->
            Future.succeededFuture(new JsonObject().put("status", "UP").put("model", embedder.model()))))
            .completion());
  }

  /** Starts a pass (or, with {@code wait}, runs it to the end); one pass at a time per instance. */
  private Future<JsonObject> reembed(Reembedder reembedder, JsonObject request) {
    JsonObject answer = new JsonObject().put("model", embedder.model());
    if (reembedder.running()) {
      return Future.succeededFuture(answer.put("started", false).put("reason", "a pass is already running"));
    }
    Future<Integer> pass = reembedder.pass(request.getInteger("batch_size", 100));
    if (request.getBoolean("wait", false)) {
      return pass.map(count -> answer.put("reembedded", count));
    }
    return Future.succeededFuture(answer.put("started", true));
  }

  private JsonObject vectorJson(String content) {
    float[] vector = Vectors.padTo(embedder.embed(content), RunRepository.VECTOR_DIMENSION);
    JsonArray values = new JsonArray();
    for (float v : vector) {
      values.add(v);
    }
    return new JsonObject().put("model", embedder.model()).put("content", content).put("vector", values);
  }
}
