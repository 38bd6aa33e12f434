package io.gridopt.engine;

import io.gridopt.bus.ErrorCodes;
import io.gridopt.domain.ServiceException;
import io.gridopt.observability.Observability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission to the solver pool: at most {@code threads} solves run and at most {@code queueLimit}
 * wait; a request beyond that is refused at once with 503 {@code engine_saturated} instead of
 * queueing without bound (latency would grow with the queue while every caller times out). The
 * refused request was never accepted: the pipeline records no run for it and the client retries
 * after Retry-After.
 */
public final class EngineQueue {

  private final WorkerExecutor executor;
  private final int threads;
  private final int queueLimit;
  private final AtomicInteger admitted = new AtomicInteger();
  private final Counter rejected;

  public EngineQueue(WorkerExecutor executor, int threads, int queueLimit) {
    this.executor = executor;
    this.threads = threads;
    this.queueLimit = queueLimit;
    this.rejected = Counter.builder("gridopt.engine.rejected")
        .description("Solve requests refused because the solver pool and its queue were full")
        .register(Observability.registry());
    Gauge.builder("gridopt.engine.queue.waiting", this, EngineQueue::waiting)
        .description("Solve requests waiting for a solver thread").register(Observability.registry());
    Gauge.builder("gridopt.engine.running", this, EngineQueue::running)
        .description("Solve requests on a solver thread").register(Observability.registry());
  }

  /** Runs the task on a solver thread (unordered), or fails at once with 503 when pool and queue are full. */
  public <T> Future<T> submit(Callable<T> task) {
    if (admitted.incrementAndGet() > threads + queueLimit) {
      admitted.decrementAndGet();
      rejected.increment();
      return Future.failedFuture(new ServiceException(503, ErrorCodes.ENGINE_SATURATED, "all " + threads
          + " solver threads are busy and " + queueLimit + " requests are waiting; nothing was recorded, retry later"));
    }
    return executor.executeBlocking(task, false).andThen(ar -> admitted.decrementAndGet());
  }

  public int waiting() {
    return Math.max(0, admitted.get() - threads);
  }

  public int running() {
    return Math.min(admitted.get(), threads);
  }
}
