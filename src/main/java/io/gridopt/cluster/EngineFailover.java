package io.gridopt.cluster;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.bus.EngineAccepted;
import io.gridopt.config.Timeouts;
import io.gridopt.domain.ServiceException;
import io.gridopt.observability.Observability;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a solve to an engine node (the event bus picks one, round robin) and moves it to another
 * engine node when the first cannot have answered it: nobody took the message ({@code NO_HANDLERS}),
 * it could not be written (the connection to a departing node closed), the node dropped it unhandled
 * (a stopping engine unregisters its consumer and Vert.x discards the messages still queued for it), or
 * the node that took it left the cluster. Solves are pure functions of the request, so solving one twice
 * is safe; the run is written once, by the caller, after the single answer this returns. Failures of the
 * solve itself (400, 422, 501, ...) are answers and are never retried, nor is a live node that did not
 * answer within the whole time budget (504). With no engine node left: 503.
 *
 * <p>Which node took an attempt: in a cluster every request names this client's notice address; the
 * engine that receives it sends an {@link EngineAccepted} there before solving ({@link #acknowledge}).
 * When that node leaves, the attempt is retried at once instead of waiting out the timeout. An attempt
 * not acknowledged within {@link Timeouts#engineAckMs} is presumed lost (a crashed node whose
 * subscription is still known here swallows it silently) and a hedge attempt goes to another node while
 * the first stays open: the first answer of either wins. Used on one Vert.x context (the QNN client
 * verticle's); no locking.
 */
public final class EngineFailover {
  private static final Logger LOG = LoggerFactory.getLogger(EngineFailover.class);
  static final String ATTEMPT_HEADER = "x-gridopt-attempt";
  static final String NOTICE_HEADER = "x-gridopt-notice-to";
  /**
   * Bounds the attempts of one request: each retry needs a node to have left or refused, each hedge an
   * attempt left unacknowledged past its deadline.
   */
  private static final int MAX_ATTEMPTS = 4;
  /** Wait before retrying NO_HANDLERS: the subscription of a departed node may still be cached. */
  private static final long NO_HANDLERS_BACKOFF_MS = 300;

  private final Vertx vertx;
  private final long timeoutMs;
  private final Map<String, Attempt> inFlight = new HashMap<>();
  private String noticeAddress;
  private MessageConsumer<JsonObject> notices;
  private ClusterMembership.Registration membership;

  public EngineFailover(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  /** Registers the notice address and the membership listener (in a cluster; a no-op otherwise). */
  public Future<Void> start() {
    if (!vertx.isClustered()) {
      return Future.succeededFuture();
    }
    noticeAddress = Addresses.ENGINE_ACCEPTED_PREFIX + UUID.randomUUID();
    notices = vertx.eventBus().consumer(noticeAddress, msg -> {
      EngineAccepted accepted = EngineAccepted.fromJson(msg.body());
      Attempt attempt = inFlight.get(accepted.attemptId());
      if (attempt != null) {
        attempt.node = accepted.nodeId();
      }
    });
    membership = ClusterMembership.onNodeLeft(vertx, this::nodeLeft);
    return notices.completion();
  }

  public Future<Void> stop() {
    if (membership != null) {
      membership.close();
    }
    return notices == null ? Future.succeededFuture() : notices.unregister();
  }

  /** Engine side: tells the sender which node took {@code msg}, when the sender asked to know. */
  public static void acknowledge(Vertx vertx, Message<?> msg) {
    String to = msg.headers().get(NOTICE_HEADER);
    String node = ClusterMembership.localNodeId(vertx);
    if (to != null && node != null) {
      vertx.eventBus().send(to, new EngineAccepted(msg.headers().get(ATTEMPT_HEADER), node).toJson());
    }
  }

  /** The engine's answer to {@code request}, from whichever engine node could give it within the timeout. */
  public Future<JsonObject> request(JsonObject request, String requestId) {
    Solve solve = new Solve(request, requestId, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
    send(solve, null);
    return solve.answer.future();
  }

  /** Sends one more attempt of {@code solve}, unless it is answered, out of time or out of attempts. */
  private void send(Solve solve, Throwable previous) {
    if (solve.answer.future().isComplete()) {
      return;
    }
    long remainingMs = solve.remainingMs();
    if (remainingMs <= 0 || solve.attempts >= MAX_ATTEMPTS) {
      if (solve.open == 0) { // else an attempt still open may yet answer
        solve.answer.fail(remainingMs <= 0 ? timedOut() : noEngine(previous, solve.attempts));
      }
      return;
    }
    int number = ++solve.attempts;
    solve.open++;
    Attempt attempt = new Attempt(UUID.randomUUID().toString(), remainingMs);
    inFlight.put(attempt.id, attempt);
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(remainingMs);
    if (solve.requestId != null) {
      options.addHeader(Consumers.REQUEST_ID_HEADER, solve.requestId);
    }
    if (noticeAddress != null) {
      options.addHeader(ATTEMPT_HEADER, attempt.id).addHeader(NOTICE_HEADER, noticeAddress);
      long ackMs = Timeouts.engineAckMs(remainingMs);
      attempt.ackTimer = vertx.setTimer(ackMs, t -> unacknowledged(solve, attempt, number, ackMs));
    }
    vertx.eventBus().<JsonObject>request(Addresses.ENGINE_PREDICT, solve.request, options).onComplete(ar -> {
      if (ar.succeeded()) {
        attempt.result.tryComplete(ar.result().body());
      } else {
        attempt.result.tryFail(ar.cause());
      }
    });
    attempt.result.future().onComplete(ar -> settled(solve, attempt, number, ar));
  }

  /**
   * No engine node said it took the attempt within the acknowledgement deadline: presumed lost (a node
   * whose connection cannot be opened, for one: Vert.x then fails only the write, and the reply would
   * wait out the whole budget). Another attempt goes to another node while this one stays open, so
   * that a merely slow acknowledgement costs a duplicate solve, never a failure: the first answer wins.
   */
  private void unacknowledged(Solve solve, Attempt attempt, int number, long ackMs) {
    attempt.ackTimer = -1;
    if (attempt.node != null || attempt.result.future().isComplete() || solve.answer.future().isComplete()
        || solve.attempts >= MAX_ATTEMPTS || solve.remainingMs() <= 0) {
      return;
    }
    Observability.engineRetry("unacknowledged");
    LOG.info("[{}] engine attempt {} not acknowledged within {} ms; sending it to another engine node as well",
        solve.requestId, number, ackMs);
    send(solve, null);
  }

  /** One attempt of {@code solve} ended: its answer, a final failure, or a retry. */
  private void settled(Solve solve, Attempt attempt, int number, AsyncResult<JsonObject> ar) {
    inFlight.remove(attempt.id);
    if (attempt.ackTimer >= 0) {
      vertx.cancelTimer(attempt.ackTimer);
    }
    solve.open--;
    if (solve.answer.future().isComplete()) {
      return; // another attempt answered first; solves are pure, this one is ignored
    }
    if (ar.succeeded()) {
      solve.answer.complete(ar.result());
      return;
    }
    Throwable failure = ar.cause();
    Retry retry = retry(failure, attempt);
    if (retry == null) {
      solve.answer.fail(failure);
      return;
    }
    if (solve.attempts >= MAX_ATTEMPTS) {
      if (solve.open == 0) {
        solve.answer.fail(noEngine(failure, solve.attempts));
      }
      return;
    }
    Observability.engineRetry(retry.reason());
    LOG.info("[{}] engine attempt {} did not complete ({}); retrying on another engine node", solve.requestId,
        number, reason(failure));
    if (retry.delayMs() == 0) {
      send(solve, failure);
    } else {
      vertx.setTimer(retry.delayMs(), t -> send(solve, failure));
    }
  }

  private ServiceException timedOut() {
    return new ServiceException(504, "timeout", "no engine node answered within " + timeoutMs + " ms");
  }

  /** One request: its attempts share the deadline, and the first answer of any of them is the answer. */
  private static final class Solve {
    final JsonObject request;
    final String requestId;
    final long deadlineNanos;
    final Promise<JsonObject> answer = Promise.promise();
    int attempts;
    /** Attempts sent and not yet ended. */
    int open;

    Solve(JsonObject request, String requestId, long deadlineNanos) {
      this.request = request;
      this.requestId = requestId;
      this.deadlineNanos = deadlineNanos;
    }

    long remainingMs() {
      return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }
  }

  /**
   * Why an attempt cannot have been answered by its node (the {@code reason} tag of
   * {@code gridopt_engine_retries_total}) and the pause before the next attempt.
   */
  private record Retry(String reason, long delayMs) {
  }

  /** The retry when {@code failure} shows the attempt never completed; null when it is the answer. */
  private static Retry retry(Throwable failure, Attempt attempt) {
    if (failure instanceof NodeLeftException) {
      return new Retry("node_left", 0);
    }
    if (!(failure instanceof ReplyException reply)) {
      return null;
    }
    return switch (reply.failureType()) {
      // the subscription of a departed node may still be cached here: hence the pause
      case NO_HANDLERS -> new Retry("no_handlers", NO_HANDLERS_BACKOFF_MS);
      // the message could not be written to the chosen node (its connection closed)
      case ERROR -> new Retry("not_written", NO_HANDLERS_BACKOFF_MS);
      // the node dropped the message unhandled; TIMEOUT is how Vert.x reports that (see Attempt.discarded)
      case TIMEOUT -> attempt.discarded() ? new Retry("discarded", NO_HANDLERS_BACKOFF_MS)
          // our own timeout: a retry only when a node left meanwhile; the deadline usually leaves no time for it
          : attempt.sawNodeLeave ? new Retry("node_left", 0) : null;
      // the engine's answer: an error of the solve itself
      case RECIPIENT_FAILURE -> null;
    };
  }

  private static ServiceException noEngine(Throwable last, int attempts) {
    return new ServiceException(503, "unavailable", "no engine node available: " + attempts
        + " attempts found no engine node that could solve the request (last: " + reason(last)
        + "); start a node with GRIDOPT_DEPLOY=engine");
  }

  private static String reason(Throwable failure) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return "no engine node in the cluster";
    }
    return failure.getMessage();
  }

  private void nodeLeft(String node) {
    for (Attempt attempt : new ArrayList<>(inFlight.values())) {
      attempt.sawNodeLeave = true;
      if (node.equals(attempt.node)) {
        attempt.result.tryFail(new NodeLeftException(node));
      } else if (attempt.node == null) {
        // not acknowledged yet: the message may have gone down with the node, or the notice is on its way
        vertx.setTimer(Timeouts.ENGINE_ACK_GRACE_MS, t -> {
          if (attempt.node == null) {
            attempt.result.tryFail(new NodeLeftException(node));
          }
        });
      }
    }
  }

  private static final class Attempt {
    final String id;
    final Promise<JsonObject> result = Promise.promise();
    final long sentNanos = System.nanoTime();
    final long sendTimeoutMs;
    /** The acknowledgement deadline's timer, -1 when none is pending. */
    long ackTimer = -1;
    /** The cluster node id of the engine that took it, once known. */
    String node;
    boolean sawNodeLeave;

    Attempt(String id, long sendTimeoutMs) {
      this.id = id;
      this.sendTimeoutMs = sendTimeoutMs;
    }

    /**
     * Whether a TIMEOUT failure came before this attempt's own send timeout could fire. Vert.x answers a
     * message that a consumer drops without handling it ("Discarded the request": the consumer was
     * unregistered, as a stopping engine does, while the message waited in its queue) with a reply of
     * type TIMEOUT at once. Our timer never fires early, so an earlier TIMEOUT can only be that.
     */
    boolean discarded() {
      return System.nanoTime() - sentNanos < TimeUnit.MILLISECONDS.toNanos(sendTimeoutMs);
    }
  }

  /** The engine node that held an attempt left the cluster before answering. */
  static final class NodeLeftException extends RuntimeException {
    NodeLeftException(String node) {
      super("engine node " + node + " left the cluster before answering", null, false, false);
    }
  }
}
