package io.gridopt.embedding;

import io.gridopt.domain.ServiceException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Feeds an in-process {@link Embedder} in batches: texts that arrive while a batch is being embedded wait
 * and go together as the next batch (at most {@link #MAX_BATCH}). An idle service embeds a text at once (no
 * collection window); under load the window is the time the previous batch takes. One worker task per batch
 * instead of one per text, and one batch at a time: the model's own threads spread one inference over the
 * cores, and concurrent inferences only fought over them.
 *
 * <p>Every text's vector is that of the text embedded alone, whatever else is in its batch (see
 * {@link MiniLmEmbedder}), so a text is embedded once and its vector reused: a text asked for again while it
 * waits or is being embedded shares that vector, and the vectors of the last {@link #CACHED} distinct texts
 * are kept (a service often stores the same summary again: the same request repeated, a daily run with the
 * same figures). Every caller gets its own copy.
 *
 * <p>A text that waited longer than {@code deadlineMs} since its latest caller asked is failed (504), not
 * embedded: every caller has given up. A caller that joins a text already waiting restarts that wait, so it is
 * not failed for the time the text waited before it came.
 * Used on one Vert.x context (the embedding verticle's); no locking.
 */
final class EmbeddingBatcher {
  static final int MAX_BATCH = 32;
  /** About 2 MB with MiniLM (384 floats and a summary of about 400 characters each). */
  static final int CACHED = 1024;

  private final Vertx vertx;
  private final Embedder embedder;
  private final long deadlineMs;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  /** Texts queued or being embedded, each once. */
  private final Map<String, Pending> waiting = new HashMap<>();
  /** Least recently used first. */
  private final LinkedHashMap<String, float[]> recent = new LinkedHashMap<>(CACHED * 4 / 3 + 1, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
      return size() > CACHED;
    }
  };
  private boolean embedding;

  /** A text, the promise of its vector for every caller, and when its latest caller asked. */
  private static final class Pending {
    final String text;
    final Promise<float[]> vector = Promise.promise();
    long lastAskedNanos;

    Pending(String text, long askedNanos) {
      this.text = text;
      this.lastAskedNanos = askedNanos;
    }
  }

  EmbeddingBatcher(Vertx vertx, Embedder embedder, long deadlineMs) {
    this.vertx = vertx;
    this.embedder = embedder;
    this.deadlineMs = deadlineMs;
  }

  /** The vector of {@code text} (of length {@link Embedder#dimension()}), embedded with the next batch. */
  Future<float[]> embed(String text) {
    float[] known = recent.get(text);
    if (known != null) {
      return Future.succeededFuture(known.clone());
    }
    Pending pending = waiting.get(text);
    if (pending != null) {
      pending.lastAskedNanos = System.nanoTime();
    } else {
      pending = new Pending(text, System.nanoTime());
      waiting.put(text, pending);
      queue.add(pending);
      next();
    }
    return pending.vector.future().map(float[]::clone);
  }

  private void next() {
    if (embedding) {
      return;
    }
    List<Pending> batch = new ArrayList<>();
    long tooOld = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      Pending pending = queue.poll();
      if (pending.lastAskedNanos < tooOld) {
        waiting.remove(pending.text);
        pending.vector.fail(new ServiceException(504, "timeout",
            "the embedder did not reach this text within " + deadlineMs + " ms"));
      } else {
        batch.add(pending);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    embedding = true;
    List<String> texts = batch.stream().map(p -> p.text).toList();
    vertx.executeBlocking(() -> embedTexts(texts), false).onComplete(ar -> {
      // back on this context: the callers continue on the event loop, not on the worker thread
      embedding = false;
      for (Pending pending : batch) {
        waiting.remove(pending.text);
        Object result = ar.failed() ? ar.cause() : ar.result().get(pending.text);
        if (result instanceof float[] values) {
          recent.put(pending.text, values);
          pending.vector.complete(values);
        } else {
          pending.vector.fail((Throwable) result);
        }
      }
      next();
    });
  }

  /** On a worker thread: each text's vector, or its failure (a bad text fails only itself). */
  private Map<String, Object> embedTexts(List<String> texts) {
    Map<String, Object> results = new LinkedHashMap<>();
    try {
      List<float[]> vectors = embedder.embedAll(texts);
      for (int i = 0; i < texts.size(); i++) {
        results.put(texts.get(i), vectors.get(i));
      }
    } catch (RuntimeException batchFailed) {
      for (String text : texts) {
        try {
          results.put(text, embedder.embed(text));
        } catch (RuntimeException e) {
          results.put(text, e);
        }
      }
    }
    return results;
  }
}
