package io.gridopt.http;

import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request with its request id, method, path, status and time: WARN for 5xx, DEBUG
 * otherwise (logger {@code io.gridopt.access}; set it to DEBUG in logback.xml for a full access log).
 */
final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.gridopt.access");

  private AccessLog() {
  }

  static void attach(RoutingContext ctx, String requestId) {
    long started = System.nanoTime();
    ctx.addEndHandler(ar -> {
      int status = ctx.response().getStatusCode();
      long ms = (System.nanoTime() - started) / 1_000_000;
      if (status >= 500) {
        LOG.warn("[{}] {} {} -> {} in {} ms", requestId, ctx.request().method(), ctx.request().path(), status, ms);
      } else if (LOG.isDebugEnabled()) {
        LOG.debug("[{}] {} {} -> {} in {} ms", requestId, ctx.request().method(), ctx.request().path(), status, ms);
      }
    });
  }
}
