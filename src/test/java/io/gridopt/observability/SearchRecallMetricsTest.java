package io.gridopt.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.bus.Addresses;
import io.gridopt.embedding.HashingEmbedder;
import io.gridopt.persistence.ModelIndexes;
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
import java.util.Random;
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
  private static final String DEGRADED_MODEL = "degraded-index-test-model";
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
    // The service goes first: its recall self-check keeps searching the tables that the clean-up
    // truncates, and a search and a truncate that lock them in opposite orders deadlock.
    for (String deployment : vertx.deploymentIDs()) {
      vertx.undeploy(deployment).await();
    }
    try {
      // the degraded index and its vectors must not outlive this class in the shared test database
      TestDatabase.truncate(pool).await();
      TestDatabase.newSessions(pool, "reset enable_seqscan", "reset enable_sort");
      pool.query("drop index if exists " + ModelIndexes.indexName(DEGRADED_MODEL)).execute().await();
      pool.query("delete from embedding_vectors where model = '" + DEGRADED_MODEL + "'").execute().await();
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }

  @Test
  void recallOfSampledSearchesAgainstAnExactScanIsPublished() {
    Stack stack = deploy();
    HashingEmbedder embedder = new HashingEmbedder();
    for (int i = 0; i < 30; i++) {
      String content = String.format(Locale.ROOT, "%s run %d for region R%d: losses %d kW, %d switch operations",
          i % 2 == 0 ? "grid switching" : "battery storage", i, i % 3, 100 + 7 * i, i % 5);
      save(i, MODEL, content, embedder.embed(content));
    }
    String text = metricsAfterThreeRounds(stack, MODEL);
    // 30 distinct summaries: the intact index finds the exact top 10 of every sampled question
    assertThat(recall(text, MODEL)).as(text).isEqualTo(1.0);
    assertThat(text).containsPattern("gridopt_search_recall_missed_total\\{model=\"" + Pattern.quote(MODEL)
        + "\"\\} 0\\.0");
  }

  /**
   * An index built far too sparse for its data (m 2, ef_construction 4, over random vectors, where HNSW
   * has no structure to exploit) stands for any index that went bad: the self-check must report it.
   */
  @Test
  void aDegradedIndexShowsAsRecallBelowOne() {
    // 400 vectors are few enough for the planner to prefer a sequential scan, which would be exact;
    // set before the service opens its sessions
    TestDatabase.newSessions(pool, "set enable_seqscan = off", "set enable_sort = off");
    // the service creates the schema as it starts, and a model's index only when its first vector
    // comes, so the degraded index made in between is the one it keeps
    Stack stack = deploy();
    pool.query("create index " + ModelIndexes.indexName(DEGRADED_MODEL) + " on embedding_vectors using hnsw"
        + " (embedding vector_cosine_ops) with (m = 2, ef_construction = 4) where model = '" + DEGRADED_MODEL + "'")
        .execute().await();
    Random random = new Random(16);
    for (int i = 0; i < 400; i++) {
      float[] vector = new float[HashingEmbedder.DIMENSION];
      for (int d = 0; d < vector.length; d++) {
        vector[d] = (float) random.nextGaussian();
      }
      save(i, DEGRADED_MODEL, "random summary " + i, vector);
    }
    String text = metricsAfterThreeRounds(stack, DEGRADED_MODEL);
    assertThat(recall(text, DEGRADED_MODEL)).as(text).isLessThan(1.0);
    Matcher missed = Pattern.compile("gridopt_search_recall_missed_total\\{model=\"" + DEGRADED_MODEL
        + "\"\\} ([0-9.]+)").matcher(text);
    assertThat(missed.find()).as(text).isTrue();
    assertThat(Double.parseDouble(missed.group(1))).isPositive();
  }

  /** The service on empty tables, emptied before it starts (its self-check searches them from then on). */
  private Stack deploy() {
    TestDatabase.truncate(pool).await();
    return new Stack().deploy(vertx, TestConfig.base().put(SearchSettings.EXACT_BELOW, 0)
        .put(SearchSettings.RECALL_CHECK_MS, 300).put(SearchSettings.RECALL_SAMPLE, SAMPLE)).await();
  }

  private void save(int i, String model, String content, float[] embedding) {
    JsonArray vector = new JsonArray();
    for (float v : embedding) {
      vector.add(v);
    }
    vertx.eventBus().request(Addresses.PERSISTENCE_RUN_SAVE, new JsonObject()
        .put("request_type", i % 2 == 0 ? "grid_switch" : "storage").put("region", "R" + i % 3)
        .put("forecast_date", "2024-07-01").put("input", new JsonObject()).put("status", "completed")
        .put("qnn", new JsonObject().put("mode", "embedded"))
        .put("embedding", new JsonObject().put("model", model).put("content", content).put("vector", vector)))
        .await();
  }

  /** /metrics once the self-check has asked at least three rounds' worth of questions in the model. */
  private String metricsAfterThreeRounds(Stack stack, String model) {
    WebClient client = WebClient.create(vertx);
    Pattern checks = Pattern.compile(
        "gridopt_search_recall_checks_total\\{model=\"" + Pattern.quote(model) + "\"\\} ([0-9.]+)");
    String text = "";
    // generous: a round runs twelve questions twice, and a loaded CI machine may be slow at it
    long deadline = System.currentTimeMillis() + 180_000;
    while (System.currentTimeMillis() < deadline) {
      text = Http.get(client, stack.httpPort(), "/metrics").await().bodyAsString();
      Matcher m = checks.matcher(text);
      if (m.find() && Double.parseDouble(m.group(1)) >= 3 * SAMPLE && recallPattern(model).matcher(text).find()) {
        break;
      }
      vertx.timer(200).await();
    }
    client.close();
    return text;
  }

  private static Pattern recallPattern(String model) {
    return Pattern.compile("gridopt_search_recall\\{model=\"" + Pattern.quote(model) + "\"\\} ([0-9.]+)");
  }

  private static double recall(String text, String model) {
    Matcher r = recallPattern(model).matcher(text);
    assertThat(r.find()).as(text).isTrue();
    return Double.parseDouble(r.group(1));
  }
}
