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

  /** Asks for {@code texts} on {@code context} (where the batcher lives), adding their vectors to {@code vectors}. */
  private static void ask(Context context, EmbeddingBatcher batcher, List<Future<float[]>> vectors, String... texts)
      throws InterruptedException {
    CountDownLatch asked = new CountDownLatch(1);
    context.runOnContext(v -> {
      for (String text : texts) {
        vectors.add(batcher.embed(text));
      }
      asked.countDown();
    });
    asked.await();
  }

  /** A batcher with deadline {@code deadlineMs} whose held embedder has been asked for {@code texts}. */
  private record Held(GatedEmbedder embedder, EmbeddingBatcher batcher, Context context,
      List<Future<float[]>> vectors) {
    static Held asking(Vertx vertx, long deadlineMs, String... texts) throws InterruptedException {
      GatedEmbedder embedder = new GatedEmbedder();
      Held held = new Held(embedder, new EmbeddingBatcher(vertx, embedder, deadlineMs), vertx.getOrCreateContext(),
          new CopyOnWriteArrayList<>());
      ask(held.context, held.batcher, held.vectors, texts);
      return held;
    }
  }

  /** Queues {@code texts} on {@code context} while the embedder is held, then lets it go; the vectors, all done. */
  private static List<Future<float[]>> queueThenOpen(Context context, EmbeddingBatcher batcher, GatedEmbedder embedder,
      List<String> texts) throws InterruptedException {
    List<Future<float[]>> vectors = new CopyOnWriteArrayList<>();
    ask(context, batcher, vectors, texts.toArray(String[]::new));
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
    Held held = Held.asking(vertx, 300, "first, holds the embedder", "queued behind it for too long");
    GatedEmbedder embedder = held.embedder();
    List<Future<float[]>> vectors = held.vectors();
    Thread.sleep(600);
    embedder.gate.countDown();
    assertThat(vectors.get(0).await()).hasSize(embedder.dimension());
    Throwable late = vectors.get(1).transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(ErrorBody.from(late).status()).isEqualTo(504);
    assertThat(embedder.embedded).containsExactly("first, holds the embedder");

    // idle again: embedded at once; a blank text fails alone
    List<Future<float[]>> more = new CopyOnWriteArrayList<>();
    ask(held.context(), held.batcher(), more, " ", "feeder losses halved");
    Throwable blank = more.get(0).transform(ar -> Future.succeededFuture(ar.cause())).await();
    assertThat(blank).isInstanceOf(IllegalArgumentException.class);
    assertThat(more.get(1).await()).hasSize(embedder.dimension());
  }

  @Test
  void aCallerWhoJoinsAWaitingTextIsNotFailedForTheTimeItWaitedBefore(Vertx vertx) throws Exception {
    // the sleep only has to outlast the deadline; the deadline is long so that a loaded machine has
    // seconds to start the second batch after the second caller asks
    Held held = Held.asking(vertx, 5_000, "holds the embedder", "daily storage run");
    Thread.sleep(5_500);
    // the first caller of this text has given up by now; a second one asks for it
    ask(held.context(), held.batcher(), held.vectors(), "daily storage run");
    held.embedder().gate.countDown();
    assertThat(held.vectors().get(2).await()).isEqualTo(new HashingEmbedder().embed("daily storage run"));
    assertThat(held.embedder().embedded).containsExactly("holds the embedder", "daily storage run");
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
