package io.gridopt.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts requests between arrival and the end of their response, so that a stop can wait for them. */
final class InFlight {
  private static final long POLL_MS = 20;
  private final AtomicInteger count = new AtomicInteger();

  void enter(RoutingContext ctx) {
    count.incrementAndGet();
    // called once when the response ends or the connection closes first
    ctx.addEndHandler(ar -> count.decrementAndGet());
  }

  int count() {
    return count.get();
  }

  /** Completes when no request is in flight, or after {@code timeoutMs} (then some are cut short). */
  Future<Void> drained(Vertx vertx, long timeoutMs) {
    Promise<Void> promise = Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMs;
    poll(vertx, deadline, promise);
    return promise.future();
  }

  private void poll(Vertx vertx, long deadline, Promise<Void> promise) {
    if (count.get() <= 0 || System.currentTimeMillis() >= deadline) {
      promise.complete();
    } else {
      vertx.setTimer(POLL_MS, id -> poll(vertx, deadline, promise));
    }
  }
}
