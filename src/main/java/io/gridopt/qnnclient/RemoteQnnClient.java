package io.gridopt.qnnclient;

import io.gridopt.bus.QnnPrediction;
import io.gridopt.bus.QnnRequest;
import io.gridopt.domain.ServiceException;
import io.gridopt.config.Secret;
import io.gridopt.config.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The remote QNN over HTTP: {@code POST {base}/api/v1/predictions/predict} with a bearer token and a
 * timeout. A connection that could not be opened is retried once (nothing reached the server, so it
 * is safe); anything after the request was sent is not retried.
 */
public final class RemoteQnnClient {
  static final String PREDICT_PATH = "/api/v1/predictions/predict";
  static final String HEALTH_PATH = "/api/v1/health/simple";
  private static final int MAX_RAW_CHARS = 65_536;

  private final WebClient client;
  private final String baseUrl;
  private final Secret token;
  private final long timeoutMs;
  private final long healthTimeoutMs;

  public RemoteQnnClient(WebClient client, String baseUrl, Secret token, Timeouts timeouts) {
    this.client = client;
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.token = token;
    this.timeoutMs = timeouts.qnnMs();
    this.healthTimeoutMs = timeouts.remoteQnnHealthMs();
  }

  /** Returns the parsed answer ({@link QnnResponseParser#parse}) plus {@code raw}: the upstream status and body. */
  public Future<QnnPrediction> predict(QnnRequest qnnRequest) {
    JsonObject request = qnnRequest.toJson();
    long deadline = System.currentTimeMillis() + timeoutMs;
    return send(request, deadline).recover(failure -> {
      long left = deadline - System.currentTimeMillis();
      if (failure instanceof ConnectException && left > 0) {
        return send(request, deadline);
      }
      return Future.failedFuture(failure);
    }).transform(ar -> ar.succeeded() ? Future.succeededFuture(interpret(ar.result()))
        : Future.failedFuture(translate(ar.cause())));
  }

  public Future<Void> health() {
    return authorized(client.getAbs(baseUrl + HEALTH_PATH)).timeout(healthTimeoutMs).send()
        .transform(ar -> {
          if (ar.failed()) {
            return Future.failedFuture(translate(ar.cause()));
          }
          int status = ar.result().statusCode();
          return status / 100 == 2 ? Future.succeededFuture()
              : Future.failedFuture(new ServiceException(503, "unavailable", "QNN health answered HTTP " + status));
        });
  }

  private Future<HttpResponse<Buffer>> send(JsonObject request, long deadline) {
    long left = Math.max(1, deadline - System.currentTimeMillis());
    return authorized(client.postAbs(baseUrl + PREDICT_PATH)).timeout(left).sendJsonObject(request);
  }

  private HttpRequest<Buffer> authorized(HttpRequest<Buffer> request) {
    return token.isSet() ? request.bearerTokenAuthentication(token.value()) : request;
  }

  private static QnnPrediction interpret(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    String text = response.bodyAsString();
    JsonObject json = null;
    try {
      json = text == null ? null : new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      // kept as text below
    }
    Map<String, Object> raw = Map.of("status", status, "body", json != null ? json.getMap() : truncate(text));
    if (json == null) {
      throw new ServiceException(502, "qnn_bad_response",
          "QNN answered HTTP " + status + " with a body that is not a JSON object", java.util.List.of(), raw);
    }
    if (status / 100 != 2) {
      ServiceException upstream = QnnResponseParser.failure(json.getValue("error") != null ? json.getValue("error")
          : "HTTP " + status);
      int mapped = upstream.status() == 502 ? 502 : upstream.status();
      String message = upstream.status() == 502 ? "QNN answered HTTP " + status + ": " + upstream.getMessage()
          : upstream.getMessage();
      throw new ServiceException(mapped, upstream.code(), message, upstream.details(), raw);
    }
    try {
      return QnnResponseParser.parse(json).withRaw(new JsonObject(raw));
    } catch (ServiceException e) {
      throw new ServiceException(e.status(), e.code(), e.getMessage(), e.details(), raw);
    }
  }

  private static Throwable translate(Throwable failure) {
    if (failure instanceof ServiceException) {
      return failure;
    }
    if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
      return new ServiceException(504, "timeout", "QNN did not answer in time");
    }
    if (failure instanceof ConnectException) {
      return new ServiceException(503, "unavailable", "QNN unreachable: " + failure.getMessage());
    }
    return new ServiceException(502, "qnn_bad_response", "QNN call failed: " + failure.getMessage());
  }

  private static String truncate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= MAX_RAW_CHARS ? text : text.substring(0, MAX_RAW_CHARS);
  }
}
