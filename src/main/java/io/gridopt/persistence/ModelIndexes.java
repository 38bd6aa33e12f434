package io.gridopt.persistence;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partial HNSW index per embedding model over {@code embedding_vectors}, so that a search in one
 * model walks a graph of that model's vectors only (a filter that discards most of a shared graph's
 * nodes is what degrades an HNSW scan). Built with CREATE INDEX CONCURRENTLY, so writes go on while
 * a model's index is built; until it is valid, searches in that model rank exactly (slower, never
 * wrong). An index left invalid by a failed build is dropped and built again.
 */
public final class ModelIndexes {
  private static final Logger LOG = LoggerFactory.getLogger(ModelIndexes.class);

  /**
   * Denser than pgvector's default (m 16, ef_construction 64): summaries form tight clusters (the same
   * feeder or battery on other days), and sparser graphs missed whole clusters; with m 24 /
   * ef_construction 128 one question in a hundred still landed in a neighbouring cluster, and recall
   * varied from build to build between 0.95 and 0.98 (SearchBench, docs/embeddings.md).
   */
  public static final String BUILD_OPTIONS = "m = 32, ef_construction = 256";

  private final Pool pool;
  private final Map<String, Future<Void>> ensured = new ConcurrentHashMap<>();

  public ModelIndexes(Pool pool) {
    this.pool = pool;
  }

  /** The index's name: a digest of the model's, since a model name may hold any character. */
  public static String indexName(String model) {
    try {
      byte[] digest = MessageDigest.getInstance("MD5").digest(model.getBytes(StandardCharsets.UTF_8));
      return "embedding_vectors_hnsw_" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }

  /** Builds the model's index unless this process already did or saw it; once per model and process. */
  public Future<Void> ensure(String model) {
    Future<Void> known = ensured.get(model);
    if (known != null) {
      return known;
    }
    Future<Void> build = build(model);
    Future<Void> raced = ensured.putIfAbsent(model, build);
    if (raced != null) {
      return raced;
    }
    return build.onFailure(failure -> {
      LOG.warn("HNSW index of model {} not built ({}); searches in it rank exactly until it is", model,
          failure.getMessage());
      ensured.remove(model, build);
    });
  }

  /** At start: the index of every model that has vectors, one after another (builds exclude each other). */
  public Future<Void> ensureAll() {
    return pool.query(Sql.VECTOR_MODELS).execute().compose(rows -> {
      Future<Void> chain = Future.succeededFuture();
      for (Row row : rows) {
        String model = row.getString(0);
        chain = chain.compose(v -> ensure(model));
      }
      return chain;
    });
  }

  private Future<Void> build(String model) {
    String name = indexName(model);
    return pool.withConnection(conn -> conn.query(Sql.INDEX_TRY_LOCK).execute().compose(locked -> {
      if (!locked.iterator().next().getBoolean(0)) {
        return Future.failedFuture("another session is building an index; tried again at the next search");
      }
      return conn.preparedQuery(Sql.INDEX_VALID).execute(Tuple.of(name))
          .compose(rows -> {
            Boolean valid = rows.size() == 0 ? null : rows.iterator().next().getBoolean(0);
            return Boolean.TRUE.equals(valid) ? Future.<Void>succeededFuture() : create(conn, model, name, valid != null);
          })
          .eventually(() -> conn.query(Sql.INDEX_UNLOCK).execute());
    }));
  }

  /** CREATE INDEX CONCURRENTLY, after dropping what a failed build left ({@code invalidExists}). */
  private static Future<Void> create(SqlConnection conn, String model, String name, boolean invalidExists) {
    long start = System.nanoTime();
    Future<?> cleared = invalidExists ? conn.query("drop index concurrently if exists " + name).execute()
        : Future.succeededFuture();
    return cleared.compose(v -> conn.query("create index concurrently if not exists " + name
            + " on embedding_vectors using hnsw (embedding vector_cosine_ops) with (" + BUILD_OPTIONS + ") where model = "
            + Sql.literal(model))
            .execute())
        .onSuccess(v -> LOG.info("HNSW index {} of model {} built in {} ms", name, model,
            (System.nanoTime() - start) / 1_000_000))
        .mapEmpty();
  }
}
