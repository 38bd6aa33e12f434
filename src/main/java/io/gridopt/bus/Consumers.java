package io.gridopt.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps bus handlers so that every message is answered: the handler's future value is the reply,
 * any failure (thrown or failed future) becomes {@code msg.fail(status, errorJson)}. A thrown
 * exception would otherwise leave the sender waiting for the bus timeout.
 */
public final class Consumers {
  private static final Logger LOG = LoggerFactory.getLogger(Consumers.class);
  public static final String REQUEST_ID_HEADER = "x-request-id";

  private Consumers() {
  }

  /** Options of a request: its bus timeout and the request id that every consumer logs. */
  public static DeliveryOptions options(String requestId, long timeoutMs) {
    return new DeliveryOptions().setSendTimeout(timeoutMs).addHeader(REQUEST_ID_HEADER, requestId);
  }

  public static <T, R> Handler<Message<T>> replying(Function<Message<T>, Future<R>> handler) {
    return msg -> {
      Future<R> result;
      try {
        result = handler.apply(msg);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> {
        if (ar.succeeded()) {
          msg.reply(ar.result());
        } else {
          fail(msg, ar.cause());
        }
      });
    };
  }

  public static void fail(Message<?> msg, Throwable cause) {
    ErrorBody error = ErrorBody.from(cause);
    if (error.status() >= 500) {
      LOG.warn("[{}] {} failed: {} {}", msg.headers().get(REQUEST_ID_HEADER), msg.address(), error.status(),
          error.message(), error.status() == 500 ? cause : null);
    }
    msg.fail(error.status(), error.toJson().encode());
  }
}
