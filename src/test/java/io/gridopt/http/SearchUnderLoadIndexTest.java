package io.gridopt.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.embedding.HashingEmbedder;
import io.gridopt.persistence.ModelIndexes;
import io.gridopt.persistence.SearchSettings;
import io.gridopt.testsupport.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same database and questions as {@link SearchUnderLoadTest}, but every search goes through the
 * model's HNSW index (no exact ranking of small sets): with each distinct summary stored once, the
 * index finds the grid and forecast runs that 5,000 repeated storage runs used to hide.
 *
 * <p>The 41 distinct vectors are few enough that PostgreSQL's planner rightly prefers a sequential scan
 * on a fresh database (it chose the index only where earlier runs had left many vectors behind). For
 * this class the test database's new sessions get {@code enable_seqscan} and {@code enable_sort} off
 * (the other cheap plan is the btree on model, type and region plus a sort), so the statements the
 * service sends for its index path really are answered by the HNSW index.
 */
class SearchUnderLoadIndexTest extends SearchUnderLoadTest {
  private static final String INDEX_SCANS = "select coalesce((select idx_scan from pg_stat_user_indexes"
      + " where indexrelname = $1), -1)";
  private long scansBefore;

  @BeforeAll
  static void indexScansOnly(Vertx vertx) {
    planner(vertx, "set enable_seqscan = off", "set enable_sort = off");
  }

  @AfterAll
  static void plannerAsUsual(Vertx vertx) {
    planner(vertx, "reset enable_seqscan", "reset enable_sort");
  }

  private static void planner(Vertx vertx, String... settings) {
    Pool admin = TestDatabase.pool(vertx);
    try {
      TestDatabase.newSessions(admin, settings);
    } finally {
      admin.close().await();
    }
  }

  @Override
  JsonObject config() {
    return TestConfig.base().put(SearchSettings.EXACT_BELOW, 0);
  }

  /** Waits until the model's index is valid (the first search asks for it), and notes its scan count. */
  @Override
  void stored(Vertx vertx) {
    String index = ModelIndexes.indexName(new HashingEmbedder().model());
    assertThat(get("/runs/search?q=warm-up&k=1").getBoolean("exact")).isFalse();
    long deadline = System.currentTimeMillis() + 30_000;
    while (!Boolean.TRUE.equals(pool.preparedQuery("select i.indisvalid from pg_index i where i.indexrelid ="
        + " to_regclass($1)").execute(Tuple.of(index)).await().iterator().next().getBoolean(0))) {
      assertThat(System.currentTimeMillis()).as("index " + index + " built within 30 s").isLessThan(deadline);
      vertx.timer(100).await();
    }
    scansBefore = scans(index);
  }

  /** The searches really walked the index (statistics reach the view within a second or so). */
  @AfterEach
  void indexWasScanned(Vertx vertx) {
    String index = ModelIndexes.indexName(new HashingEmbedder().model());
    long deadline = System.currentTimeMillis() + 10_000;
    while (scans(index) <= scansBefore && System.currentTimeMillis() < deadline) {
      vertx.timer(200).await();
    }
    assertThat(scans(index)).as("scans of " + index).isGreaterThan(scansBefore);
  }

  private long scans(String index) {
    // each statement is its own transaction, so it reads fresh statistics
    return pool.preparedQuery(INDEX_SCANS).execute(Tuple.of(index)).await().iterator().next().getLong(0);
  }
}
