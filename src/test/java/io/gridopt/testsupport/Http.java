package io.gridopt.testsupport;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** Small HTTP helpers for tests against a server on 127.0.0.1. */
public final class Http {
  private Http() {
  }

  public static Future<HttpResponse<Buffer>> post(WebClient client, int port, String path, String body) {
    return client.post(port, "127.0.0.1", path).putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer(body));
  }

  public static Future<HttpResponse<Buffer>> post(WebClient client, int port, String path, JsonObject body) {
    return post(client, port, path, body.encode());
  }

  public static Future<HttpResponse<Buffer>> get(WebClient client, int port, String path) {
    return client.get(port, "127.0.0.1", path).send();
  }

  /** The {@code error} object of an error answer. */
  public static JsonObject error(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error");
  }
}
