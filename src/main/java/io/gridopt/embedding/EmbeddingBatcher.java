package io.gridopt.embedding;

import io.gridopt.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Feeds an in-process {@link Embedder} in batches: texts that arrive while a batch is being embedded wait
 * and go together as the next batch (at most {@link #MAX_BATCH}). An idle service embeds a text at once (no
 * collection window); under load the window is the time the previous batch takes. One worker task per batch
 * instead of one per text, and one batch at a time: the model's own threads spread one inference over the
 * cores, and concurrent inferences (one per request, as before) only fought over them.
 *
 * <p>The model is not asked for one padded multi-row inference: with the int8 MiniLM, ONNX Runtime quantizes
 * activations over the whole input tensor, so a text's vector would depend on which other texts shared its
 * batch (cosine 0.99 to the text embedded alone, measured). Each text is embedded alone, in turn.
 *
 * <p>A text that waited longer than {@code deadlineMs} is failed (504), not embedded: its caller has given up.
 * Used on one Vert.x context (the embedding verticle's); no locking.
 */
final class EmbeddingBatcher {
  static final int MAX_BATCH = 32;

  private final Vertx vertx;
  private final Embedder embedder;
  private final long deadlineMs;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean embedding;

  private record Pending(String text, Promise<float[]> vector, long queuedNanos) {
  }

  EmbeddingBatcher(Vertx vertx, Embedder embedder, long deadlineMs) {
    this.vertx = vertx;
    this.embedder = embedder;
    this.deadlineMs = deadlineMs;
  }

  /** The vector of {@code text} (of length {@link Embedder#dimension()}), embedded with the next batch. */
  Future<float[]> embed(String text) {
    Promise<float[]> vector = Promise.promise();
    queue.add(new Pending(text, vector, System.nanoTime()));
    next();
    return vector.future();
  }

  private void next() {
    if (embedding) {
      return;
    }
    List<Pending> batch = new ArrayList<>();
    long tooOld = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      Pending pending = queue.poll();
      if (pending.queuedNanos() < tooOld) {
        pending.vector().fail(new ServiceException(504, "timeout",
            "the embedder did not reach this text within " + deadlineMs + " ms"));
      } else {
        batch.add(pending);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    embedding = true;
    vertx.executeBlocking(() -> embedEach(batch), false).onComplete(ar -> {
      // back on this context: the callers continue on the event loop, not on the worker thread
      embedding = false;
      for (int i = 0; i < batch.size(); i++) {
        Promise<float[]> vector = batch.get(i).vector();
        if (ar.failed()) {
          vector.fail(ar.cause());
        } else if (ar.result().get(i) instanceof float[] values) {
          vector.complete(values);
        } else {
          vector.fail((Throwable) ar.result().get(i));
        }
      }
      next();
    });
  }

  /** On a worker thread: each text alone, so that one bad text fails only itself. Vectors or failures, in order. */
  private List<Object> embedEach(List<Pending> batch) {
    List<Object> results = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      try {
        results.add(embedder.embed(pending.text()));
      } catch (RuntimeException e) {
        results.add(e);
      }
    }
    return results;
  }
}
