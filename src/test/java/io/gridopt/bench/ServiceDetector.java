package io.gridopt.bench;

import io.gridopt.anomaly.Anomaly;
import io.gridopt.anomaly.Severity;
import io.gridopt.testsupport.PrivateDatabase;
import io.gridopt.testsupport.Stack;
import io.gridopt.testsupport.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The anomaly detectors as a client sees them: each window goes to {@code POST /forecast} of an
 * in-process service (embedded engine, hashing embedder, a throw-away database on the test server),
 * and the run's {@code anomalies} come back.
 */
final class ServiceDetector implements AnomalyDetectionBench.Detector {
  private final Vertx vertx;
  private final String dbUrl;
  private final WebClient client;
  private final int port;

  private ServiceDetector(Vertx vertx, String dbUrl, WebClient client, int port) {
    this.vertx = vertx;
    this.dbUrl = dbUrl;
    this.client = client;
    this.port = port;
  }

  static ServiceDetector start() {
    Vertx vertx = Vertx.vertx();
    String dbUrl = PrivateDatabase.create(vertx);
    Stack stack = new Stack().deploy(vertx, TestConfig.base().put("GRIDOPT_DB_URL", dbUrl)
        .put("GRIDOPT_QNN_TIMEOUT_MS", 120_000)).await();
    return new ServiceDetector(vertx, dbUrl, WebClient.create(vertx), stack.httpPort());
  }

  @Override
  public List<Anomaly> detect(String zone, OffsetDateTime start, double[] values) {
    JsonArray v = new JsonArray();
    for (double x : values) {
      v.add(x);
    }
    JsonObject request = new JsonObject().put("region", zone).put("unit", "MW").put("horizon_hours", 24)
        .put("holidays", new JsonObject().put("country", "US"))
        .put("history", new JsonObject().put("start", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(start)).put("interval_minutes", 60).put("values", v));
    HttpResponse<Buffer> response = client.post(port, "127.0.0.1", "/forecast").timeout(300_000)
        .sendJsonObject(request).await();
    if (response.statusCode() != 201) {
      throw new IllegalStateException("POST /forecast answered " + response.statusCode() + ": " + response.bodyAsString());
    }
    List<Anomaly> found = new ArrayList<>();
    JsonArray anomalies = response.bodyAsJsonObject().getJsonArray("anomalies");
    for (int i = 0; i < anomalies.size(); i++) {
      JsonObject a = anomalies.getJsonObject(i);
      found.add(new Anomaly(a.getString("type"), Severity.valueOf(a.getString("severity").toUpperCase(Locale.ROOT)),
          a.getString("description"), List.of(), time(a.getString("start")), time(a.getString("end")), List.of(),
          List.of(), a.getJsonObject("figures").getMap()));
    }
    return found;
  }

  private static OffsetDateTime time(String s) {
    return s == null ? null : OffsetDateTime.parse(s);
  }

  @Override
  public void close() {
    client.close();
    PrivateDatabase.drop(vertx, dbUrl);
    vertx.close().await();
  }
}
