package io.gridopt.persistence;

import io.gridopt.config.Timeouts;
import io.gridopt.observability.Observability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recall self-check: every {@link SearchSettings#recallCheckMs()} it takes a few stored vectors of
 * each model as queries (model only, + their type, + type and region), asks them as the service does
 * and with an exact scan, and publishes the share of the exact top {@value #K} that the service found:
 * {@code gridopt_search_recall{model}} (last round's mean), {@code gridopt_search_recall_checks_total}
 * and {@code gridopt_search_recall_missed_total} (exact hits the service's answer lacked). A degraded
 * index shows as recall below 1. It runs on a worker thread with a pool of its own (one connection),
 * so requests never wait for it; a round that is still running when the next is due skips that one.
 */
public final class RecallCheck {
  private static final Logger LOG = LoggerFactory.getLogger(RecallCheck.class);
  static final int K = 10;
  /** Scores this close are the same distance (float rounding of equal cosines). */
  private static final double TIE_TOLERANCE = 1e-6;
  private static final String REPEATABLE_READ = "set transaction isolation level repeatable read";
  private static final String SAMPLE = """
      select embedding::text as vector, request_type, region from embedding_vectors
      where id in (select id from embedding_vectors where model = $1 order by random() limit $2)""";

  private final Vertx vertx;
  private final VectorSearch search;
  private final Pool pool;
  private final SearchSettings settings;
  private final AtomicBoolean running = new AtomicBoolean();
  /** Gauge values by model; Micrometer keeps only a weak reference to them. */
  private final Map<String, AtomicReference<Double>> recallByModel = new ConcurrentHashMap<>();
  private long timer = -1;
  private volatile boolean stopped;

  /** {@code pool}: the check's own, so that its exact scans never hold a connection a request needs. */
  public RecallCheck(Vertx vertx, Pool pool, SearchSettings settings, ModelIndexes indexes) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = settings;
    this.search = new VectorSearch(pool, settings, indexes);
  }

  public void start() {
    if (settings.recallCheckMs() > 0) {
      timer = vertx.setPeriodic(settings.recallCheckMs(), id -> runInBackground());
    }
  }

  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return pool.close();
  }

  private void runInBackground() {
    if (!running.compareAndSet(false, true)) {
      return;
    }
    vertx.executeBlocking(() -> {
      checkAll();
      return null;
    }, false).onComplete(ar -> {
      running.set(false);
      if (ar.failed() && !stopped) {
        LOG.warn("search recall self-check failed: {}", ar.cause().getMessage());
      }
    });
  }

  /** One round over every model; blocking, so on a worker thread only. Returns the mean recall by model. */
  Map<String, Double> checkAll() {
    Map<String, Double> means = new ConcurrentHashMap<>();
    for (Row model : await(pool.query(Sql.VECTOR_MODELS).execute())) {
      String name = model.getString(0);
      means.put(name, check(name));
    }
    return means;
  }

  private double check(String model) {
    MeterRegistry registry = Observability.registry();
    Counter checks = Counter.builder("gridopt.search.recall.checks")
        .description("Search answers compared with an exact scan by the recall self-check")
        .tag("model", model).register(registry);
    Counter missed = Counter.builder("gridopt.search.recall.missed")
        .description("Exact top-10 hits missing from the service's answer in the recall self-check")
        .tag("model", model).register(registry);
    double sum = 0;
    int n = 0;
    for (Row sample : await(pool.preparedQuery(SAMPLE).execute(Tuple.of(model, settings.recallSample())))) {
      String vector = sample.getString("vector");
      List<VectorSearch.Nearest> questions = List.of(
          new VectorSearch.Nearest(vector, model, K, null, null, null, null),
          new VectorSearch.Nearest(vector, model, K, sample.getString("request_type"), null, null, null),
          new VectorSearch.Nearest(vector, model, K, sample.getString("request_type"), sample.getString("region"),
              null, null));
      for (VectorSearch.Nearest question : questions) {
        // one snapshot for both answers: runs stored in between must not count as misses
        List<VectorSearch.Answer> answers = await(pool.withTransaction(conn -> conn.query(REPEATABLE_READ).execute()
            .compose(v -> search.nearest(conn, question, false))
            .compose(served -> search.nearest(conn, question, true).map(exact -> List.of(served, exact)))));
        List<VectorSearch.Hit> exact = answers.get(1).hits();
        int found = found(answers.get(0).hits(), exact);
        sum += exact.isEmpty() ? 1 : found / (double) exact.size();
        n++;
        checks.increment();
        missed.increment(exact.size() - found);
      }
    }
    double mean = n == 0 ? 1 : sum / n;
    recallByModel.computeIfAbsent(model, m -> {
      AtomicReference<Double> value = new AtomicReference<>(mean);
      Gauge.builder("gridopt.search.recall", value, AtomicReference::get)
          .description("Mean recall@10 of sampled searches against an exact scan, last self-check")
          .tag("model", m).register(registry);
      return value;
    }).set(mean);
    if (mean < 1) {
      LOG.warn("search recall in model {}: {} of the exact top {} found ({} questions)", model, mean, K, n);
    }
    return mean;
  }

  /**
   * How many of the exact top k the served answer holds. A served hit as close as the exact k-th counts
   * too: among vectors at the same distance, which ones make the cut is arbitrary, not a miss.
   */
  static int found(List<VectorSearch.Hit> served, List<VectorSearch.Hit> exact) {
    if (exact.isEmpty()) {
      return 0;
    }
    Set<Long> exactIds = exact.stream().map(VectorSearch.Hit::vectorId).collect(Collectors.toSet());
    double kthScore = exact.get(exact.size() - 1).score();
    long found = served.stream()
        .filter(hit -> exactIds.contains(hit.vectorId()) || hit.score() >= kthScore - TIE_TOLERANCE)
        .count();
    return (int) Math.min(found, exact.size());
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(Timeouts.RECALL_CHECK_STATEMENT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + Timeouts.RECALL_CHECK_STATEMENT_MS + " ms", e);
    }
  }
}
