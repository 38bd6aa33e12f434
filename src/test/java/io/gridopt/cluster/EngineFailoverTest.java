package io.gridopt.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.ErrorBody;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Which failures of an engine call {@link EngineFailover} moves to another engine and which it returns,
 * on one Vert.x (no cluster: the failures are those the event bus itself produces). Every send to the
 * engine address is counted, so a test sees how many attempts a request took.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EngineFailoverTest {
  private static final JsonObject REQUEST = new JsonObject().put("task", "forecast");

  private Vertx vertx;
  private Context context;
  private final AtomicInteger sends = new AtomicInteger();

  @BeforeEach
  void countSends(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    vertx.eventBus().addOutboundInterceptor(ctx -> {
      if (Addresses.ENGINE_PREDICT.equals(ctx.message().address())) {
        sends.incrementAndGet();
      }
      ctx.next();
    });
  }

  /** Runs {@code action} on the failover's context (it is used from one context) and waits for its result. */
  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  private MessageConsumer<JsonObject> answering(String node) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.ENGINE_PREDICT,
        msg -> msg.reply(new JsonObject().put("node", node)));
    consumer.completion().await();
    return consumer;
  }

  @Test
  void aRequestDiscardedByAStoppingEngineIsAnsweredByAnother() {
    EngineFailover failover = new EngineFailover(vertx, 10_000);
    AtomicInteger handledByStopping = new AtomicInteger();
    // the stopping engine holds the request in its consumer's queue (its event loop is busy): paused here
    MessageConsumer<JsonObject> stopping = vertx.eventBus().consumer(Addresses.ENGINE_PREDICT,
        msg -> handledByStopping.incrementAndGet());
    stopping.pause();
    stopping.completion().await();

    long started = System.nanoTime();
    JsonObject answer = onContext(() -> {
      Future<JsonObject> result = failover.request(REQUEST, "req-discarded");
      // another engine is up; this one stops: unregistering discards the queued request (a TIMEOUT reply at once)
      vertx.eventBus().<JsonObject>consumer(Addresses.ENGINE_PREDICT, msg -> msg.reply(new JsonObject().put("node", "other")));
      stopping.unregister();
      return result;
    }).await();
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    assertThat(answer.getString("node")).isEqualTo("other");
    assertThat(handledByStopping).hasValue(0);
    assertThat(sends).as("the discarded attempt and its retry").hasValue(2);
    assertThat(tookMs).as("retried at once, not after the 10 s budget").isLessThan(5_000);
  }

  @Test
  void theDiscardItselfIsATimeoutReplyOfTheEventBus() {
    // the event-bus behaviour the failover relies on: a discarded request fails as TIMEOUT long before its timeout
    MessageConsumer<JsonObject> stopping = vertx.eventBus().consumer(Addresses.ENGINE_PREDICT, msg -> { });
    stopping.pause();
    stopping.completion().await();
    Throwable failure = catchThrowable(() -> onContext(() -> {
      Future<Object> reply = vertx.eventBus().request(Addresses.ENGINE_PREDICT, REQUEST).mapEmpty();
      stopping.unregister();
      return reply;
    }).await(5, TimeUnit.SECONDS));
    assertThat(failure).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.TIMEOUT);
    assertThat(failure.getMessage()).startsWith("Discarded the request");
  }

  @Test
  void aSolversOwnErrorIsTheAnswerAndIsNotRetried() {
    EngineFailover failover = new EngineFailover(vertx, 10_000);
    vertx.eventBus().<JsonObject>consumer(Addresses.ENGINE_PREDICT, msg -> msg.fail(422,
        new JsonObject().put("status", 422).put("code", "infeasible").put("message", "battery too small").encode()))
        .completion().await();
    answering("other");

    Throwable failure = catchThrowable(() -> onContext(() -> failover.request(REQUEST, "req-infeasible")).await());
    ErrorBody error = ErrorBody.from(failure);
    assertThat(error.status()).isEqualTo(422);
    assertThat(error.message()).isEqualTo("battery too small");
    assertThat(sends).hasValue(1);
  }

  @Test
  void aLiveEngineThatDoesNotAnswerWithinTheBudgetIsATimeoutNotARetry() {
    EngineFailover failover = new EngineFailover(vertx, 400);
    vertx.eventBus().consumer(Addresses.ENGINE_PREDICT, msg -> { }).completion().await(); // takes it, never answers
    long started = System.nanoTime();
    Throwable failure = catchThrowable(() -> onContext(() -> failover.request(REQUEST, "req-slow")).await());
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(400);
    assertThat(ErrorBody.from(failure).status()).as(String.valueOf(failure)).isEqualTo(504);
    assertThat(sends).hasValue(1);
  }

  @Test
  void withNoEngineAtAllTheAnswerIs503AfterTheBoundedRetries() {
    EngineFailover failover = new EngineFailover(vertx, 10_000);
    Throwable failure = catchThrowable(() -> onContext(() -> failover.request(REQUEST, "req-none")).await());
    ErrorBody error = ErrorBody.from(failure);
    assertThat(error.status()).isEqualTo(503);
    assertThat(error.message()).startsWith("no engine node available: 4 attempts");
    assertThat(sends).hasValue(4);
  }
}
