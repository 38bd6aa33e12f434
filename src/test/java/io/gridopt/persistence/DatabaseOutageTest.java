package io.gridopt.persistence;

import io.gridopt.bus.ErrorCodes;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.testsupport.GatedStorageProblem;
import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.Stack;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.ThrowawayPostgres;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL stopped and started under a steady stream of requests, on a private cluster the test
 * controls: while it is down every request is answered quickly with 503 (no 500, no hang), the health
 * check says so, and when it returns the service recovers by itself. Afterwards every run_id that was
 * answered 201 is in the database: nothing accepted was lost.
 */
@ExtendWith(VertxExtension.class)
class DatabaseOutageTest {
  private static final int CONCURRENCY = 4;
  private static ThrowawayPostgres pg;

  @BeforeAll
  static void startDatabase() throws Exception {
    pg = ThrowawayPostgres.start(false);
  }

  @AfterAll
  static void removeDatabase() throws Exception {
    pg.close();
  }

  /** One answer of the load loop. */
  private record Answer(int status, String code, String runId, long millis) {
  }

  @Test
  void outageAnswers503FastAndRecoversWithoutRestartLosingNothing(Vertx vertx) throws Exception {
    GatedStorageProblem solver = new GatedStorageProblem();
    solver.open();
    Stack stack = new Stack(solver.registry()).deploy(vertx, TestConfig.base().put("GRIDOPT_DB_URL", pg.url(null)))
        .await();
    WebClient client = WebClient.create(vertx);
    List<Answer> answers = new CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    Promise<Void> finished = Promise.promise();
    AtomicBoolean[] done = new AtomicBoolean[CONCURRENCY];
    for (int i = 0; i < CONCURRENCY; i++) {
      done[i] = new AtomicBoolean();
      loop(vertx, client, stack.httpPort(), running, answers, done, i, finished);
    }

    awaitCount(answers, 0, a -> a.status() == 201, 8);
    int beforeOutage = answers.size();
    pg.stop();
    HttpResponse<Buffer> healthDown = Http.get(client, stack.httpPort(), "/health").await();
    HttpResponse<Buffer> readDown = Http.get(client, stack.httpPort(), "/runs").await();
    int duringOutageFrom = answers.size();
    awaitCount(answers, duringOutageFrom, a -> true, 20);
    int duringOutageTo = answers.size();
    pg.start();
    int afterRestart = answers.size();
    awaitCount(answers, afterRestart, a -> a.status() == 201, 8);
    running.set(false);
    finished.future().await();
    HttpResponse<Buffer> healthUp = Http.get(client, stack.httpPort(), "/health").await();

    Set<String> stored = new HashSet<>();
    Pool direct = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(DbConnect.options(pg.url(null), null)).using(vertx).build();
    for (Row row : direct.query("select id from optimization_runs").execute().await()) {
      stored.add(row.getUUID("id").toString());
    }
    direct.close().await();
    client.close();

    Map<Integer, Long> byStatus = new ConcurrentHashMap<>();
    answers.forEach(a -> byStatus.merge(a.status(), 1L, Long::sum));
    List<Answer> accepted = answers.stream().filter(a -> a.status() == 201).toList();
    List<Answer> outage = answers.subList(duringOutageFrom, duringOutageTo);
    System.out.printf("outage test: %d answers %s, %d stored runs%n", answers.size(), byStatus, stored.size());

    assertThat(beforeOutage).isPositive();
    assertThat(byStatus.keySet()).as("only 201 or 503, never a 500").containsOnly(201, 503);
    assertThat(outage).isNotEmpty().allSatisfy(a -> {
      assertThat(a.status()).isEqualTo(503);
      assertThat(a.millis()).as("answered fast, not hanging").isLessThan(8_000);
    });
    assertThat(Http.error(readDown).getString("code")).isEqualTo(ErrorCodes.DATABASE_UNAVAILABLE);
    assertThat(readDown.getHeader("Retry-After")).isNotNull();
    assertThat(healthDown.statusCode()).isEqualTo(503);
    // recovery without a restart: the last answers are 201 again
    assertThat(answers.subList(answers.size() - CONCURRENCY, answers.size())).allSatisfy(a ->
        assertThat(a.status()).isEqualTo(201));
    assertThat(healthUp.statusCode()).isEqualTo(200);
    // nothing accepted was lost; a 503 may at most have been stored when the reply of its commit was lost
    Set<String> acceptedIds = new HashSet<>();
    accepted.forEach(a -> acceptedIds.add(a.runId()));
    assertThat(stored).containsAll(acceptedIds);
    assertThat(stored.size() - acceptedIds.size()).isLessThanOrEqualTo((int) (long) byStatus.getOrDefault(503, 0L));
  }

  /** Waits (at most 60 s) until {@code n} answers from index {@code from} on match. */
  private static void awaitCount(List<Answer> answers, int from, Predicate<Answer> which, int n)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (answers.subList(from, answers.size()).stream().filter(which).count() < n) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("only " + answers.subList(from, answers.size()) + " after 60 s");
      }
      Thread.sleep(20);
    }
  }

  /** Sends requests one after another (10 ms apart, as a polite client would) until {@code running} turns false. */
  private static void loop(Vertx vertx, WebClient client, int port, AtomicBoolean running, List<Answer> answers,
                           AtomicBoolean[] done, int slot, Promise<Void> finished) {
    if (!running.get()) {
      done[slot].set(true);
      if (java.util.Arrays.stream(done).allMatch(AtomicBoolean::get)) {
        finished.tryComplete();
      }
      return;
    }
    long started = System.nanoTime();
    Future<HttpResponse<Buffer>> call = Http.post(client, port, "/storage-optimize", Requests.storage("OUTAGE"));
    call.onComplete(ar -> {
      long ms = (System.nanoTime() - started) / 1_000_000;
      if (ar.succeeded()) {
        HttpResponse<Buffer> r = ar.result();
        JsonObject body = r.bodyAsJsonObject();
        String runId = r.statusCode() == 201 ? body.getString("run_id") : null;
        String code = r.statusCode() == 201 ? null : body.getJsonObject("error").getString("code");
        answers.add(new Answer(r.statusCode(), code, runId, ms));
      } else {
        answers.add(new Answer(-1, ar.cause().toString(), null, ms));
      }
      vertx.setTimer(10, id -> loop(vertx, client, port, running, answers, done, slot, finished));
    });
  }
}
