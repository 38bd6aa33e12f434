package io.gridopt.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.bus.ErrorBody;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Texts queue while a batch is embedded and go together; the vectors are those of each text embedded alone. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EmbeddingBatcherTest {

  /** The hashing embedder (blank text refused, as MiniLM does), held until the test opens the gate; it watches its calls. */
  private static final class GatedEmbedder implements Embedder {
    final HashingEmbedder inner = new HashingEmbedder();
    final CountDownLatch gate = new CountDownLatch(1);
    final List<String> embedded = new CopyOnWriteArrayList<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    final List<Boolean> onEventLoop = new CopyOnWriteArrayList<>();

    @Override
    public String model() {
      return inner.model();
    }

    @Override
    public int dimension() {
      return inner.dimension();
    }

    @Override
    public float[] embed(String text) {
      maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      onEventLoop.add(Context.isOnEventLoopThread());
      try {
        if (text.isBlank()) {
          throw new IllegalArgumentException("cannot embed blank text");
        }
        gate.await(20, TimeUnit.SECONDS);
        embedded.add(text);
        return inner.embed(text);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        concurrent.decrementAndGet();
      }
    }
  }

  /** Queues {@code texts} on {@code context} while the embedder is held, then lets it go; the vectors, all done. */
  private static List<Future<float[]>> queueThenOpen(Context context, EmbeddingBatcher batcher, GatedEmbedder embedder,
      List<String> texts) throws InterruptedException {
    List<Future<float[]>> vectors = new CopyOnWriteArrayList<>();
    CountDownLatch queued = new CountDownLatch(1);
    context.runOnContext(v -> {
      texts.forEach(t -> vectors.add(batcher.embed(t)));
      queued.countDown();
    });
    queued.await();
    embedder.gate.countDown();
    Future.all(vectors).await();
    return vectors;
  }

  @Test
  void textsArrivingDuringABatchGoTogetherAsTheNextOneInOrder(Vertx vertx) throws Exception {
    GatedEmbedder embedder = new GatedEmbedder();
    EmbeddingBatcher batcher = new EmbeddingBatcher(vertx, embedder, 10_000);
    Context context = vertx.getOrCreateContext();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      texts.add("storage run " + i + " in DAYTON with " + (i * 7) + " kWh");
    }
    List<Future<float[]>> vectors = queueThenOpen(context, batcher, embedder, texts);

    assertThat(embedder.embedded).as("first come, first embedded").containsExactlyElementsOf(texts);
    assertThat(embedder.maxConcurrent).as("one inference at a time").hasValue(1);
    assertThat(embedder.onEventLoop).doesNotContain(true);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(vectors.get(i).result()).isEqualTo(new HashingEmbedder().embed(texts.get(i)));
    }
  }

  @Test
  void aBadTextFailsAloneAndATextThatWaitedPastTheDeadlineIsNotEmbedded(Vertx vertx) throws Exception {
    GatedEmbedder embedder = new GatedEmbedder();
    EmbeddingBatcher batcher = new EmbeddingBatcher(vertx, embedder, 300);
    Context context = vertx.getOrCreateContext();
    List<Future<float[]>> vectors = new CopyOnWriteArrayList<>();
    CountDownLatch queued = new CountDownLatch(1);
    context.runOnContext(v -> {
      vectors.add(batcher.embed("first, holds the embedder"));
      vectors.add(batcher.embed("queued behind it for too long"));
      queued.countDown();
    });
    queued.await();
    Thread.sleep(600);
    embedder.gate.countDown();
    assertThat(vectors.get(0).await()).hasSize(embedder.dimension());
    Throwable late = vectors.get(1).transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(ErrorBody.from(late).status()).isEqualTo(504);
    assertThat(embedder.embedded).containsExactly("first, holds the embedder");

    // idle again: embedded at once; a blank text fails alone
    List<Future<float[]>> more = new CopyOnWriteArrayList<>();
    CountDownLatch sent = new CountDownLatch(1);
    context.runOnContext(v -> {
      more.add(batcher.embed(" "));
      more.add(batcher.embed("feeder losses halved"));
      sent.countDown();
    });
    sent.await();
    Throwable blank = more.get(0).transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(blank).isInstanceOf(IllegalArgumentException.class);
    assertThat(more.get(1).await()).hasSize(embedder.dimension());
  }

  @Test
  void aCallerWhoJoinsAWaitingTextIsNotFailedForTheTimeItWaitedBefore(Vertx vertx) throws Exception {
    GatedEmbedder embedder = new GatedEmbedder();
    EmbeddingBatcher batcher = new EmbeddingBatcher(vertx, embedder, 1_500);
    Context context = vertx.getOrCreateContext();
    List<Future<float[]>> vectors = new CopyOnWriteArrayList<>();
    CountDownLatch first = new CountDownLatch(1);
    context.runOnContext(v -> {
      vectors.add(batcher.embed("holds the embedder"));
      vectors.add(batcher.embed("daily storage run"));
      first.countDown();
    });
    first.await();
    Thread.sleep(2_000);
    // the first caller of this text has given up by now; a second one asks for it, and the batch it
    // goes with starts well within the deadline (generous: a loaded machine is slow to hand over)
    CountDownLatch second = new CountDownLatch(1);
    context.runOnContext(v -> {
      vectors.add(batcher.embed("daily storage run"));
      second.countDown();
    });
    second.await();
    embedder.gate.countDown();
    assertThat(vectors.get(2).await()).isEqualTo(new HashingEmbedder().embed("daily storage run"));
    assertThat(embedder.embedded).containsExactly("holds the embedder", "daily storage run");
  }

  @Test
  void aTextIsEmbeddedOnceWhetherRepeatedInABatchOrLater(Vertx vertx) throws Exception {
    GatedEmbedder embedder = new GatedEmbedder();
    EmbeddingBatcher batcher = new EmbeddingBatcher(vertx, embedder, 10_000);
    Context context = vertx.getOrCreateContext();
    List<String> texts = List.of("holds the embedder", "daily storage run", "feeder losses", "daily storage run",
        "holds the embedder");
    List<Future<float[]>> vectors = queueThenOpen(context, batcher, embedder, texts);
    assertThat(embedder.embedded).containsExactly("holds the embedder", "daily storage run", "feeder losses");

    // later: the same text again is answered from the recent vectors, a copy the caller may change
    vectors.get(1).result()[0] = 42;
    Promise<float[]> again = Promise.promise();
    context.runOnContext(v -> batcher.embed("daily storage run").onComplete(again));
    assertThat(again.future().await()).isEqualTo(new HashingEmbedder().embed("daily storage run"));
    assertThat(embedder.embedded).hasSize(3);
    for (int i = 0; i < texts.size(); i++) {
      if (i != 1) {
        assertThat(vectors.get(i).result()).isEqualTo(new HashingEmbedder().embed(texts.get(i)));
      }
    }
  }
}
