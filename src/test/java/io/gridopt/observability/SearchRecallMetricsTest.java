package io.gridopt.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.bus.Addresses;
import io.gridopt.embedding.HashingEmbedder;
import io.gridopt.persistence.SearchSettings;
import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.Stack;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The search recall self-check in /metrics: sampled stored vectors asked as the service asks them
 * (through the model's HNSW index here) and with an exact scan, periodically and off the request path.
 */
class SearchRecallMetricsTest {
  private static final String MODEL = new HashingEmbedder().model();
  private static final int SAMPLE = 4;
  private Vertx vertx;
  private Pool pool;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(Observability.vertxOptions());
    pool = TestDatabase.pool(vertx);
  }

  @AfterEach
  void stop() {
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void recallOfSampledSearchesAgainstAnExactScanIsPublished() {
    Stack stack = new Stack().deploy(vertx, TestConfig.base().put(SearchSettings.EXACT_BELOW, 0)
        .put(SearchSettings.RECALL_CHECK_MS, 300).put(SearchSettings.RECALL_SAMPLE, SAMPLE)).await();
    TestDatabase.truncate(pool).await();
    HashingEmbedder embedder = new HashingEmbedder();
    for (int i = 0; i < 30; i++) {
      String content = String.format(Locale.ROOT, "%s run %d for region R%d: losses %d kW, %d switch operations",
          i % 2 == 0 ? "grid switching" : "battery storage", i, i % 3, 100 + 7 * i, i % 5);
      JsonArray vector = new JsonArray();
      for (float v : embedder.embed(content)) {
        vector.add(v);
      }
      vertx.eventBus().request(Addresses.PERSISTENCE_RUN_SAVE, new JsonObject()
          .put("request_type", i % 2 == 0 ? "grid_switch" : "storage").put("region", "R" + i % 3)
          .put("forecast_date", "2024-07-01").put("input", new JsonObject()).put("status", "completed")
          .put("qnn", new JsonObject().put("mode", "embedded"))
          .put("embedding", new JsonObject().put("model", MODEL).put("content", content).put("vector", vector)))
          .await();
    }
    WebClient client = WebClient.create(vertx);
    Pattern recall = Pattern.compile("gridopt_search_recall\\{model=\"" + Pattern.quote(MODEL) + "\"\\} ([0-9.]+)");
    Pattern checks = Pattern.compile(
        "gridopt_search_recall_checks_total\\{model=\"" + Pattern.quote(MODEL) + "\"\\} ([0-9.]+)");
    String text = "";
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      text = Http.get(client, stack.httpPort(), "/metrics").await().bodyAsString();
      Matcher m = checks.matcher(text);
      if (m.find() && Double.parseDouble(m.group(1)) >= 3 * SAMPLE && recall.matcher(text).find()) {
        break;
      }
      vertx.timer(200).await();
    }
    client.close();
    Matcher r = recall.matcher(text);
    assertThat(r.find()).as(text).isTrue();
    // 30 distinct summaries: the intact index finds the exact top 10 of every sampled question
    assertThat(Double.parseDouble(r.group(1))).isEqualTo(1.0);
    assertThat(text).containsPattern("gridopt_search_recall_missed_total\\{model=\"" + Pattern.quote(MODEL)
        + "\"\\} 0\\.0");
  }
}
