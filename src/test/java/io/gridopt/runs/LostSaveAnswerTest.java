package io.gridopt.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.config.Timeouts;
import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.Stack;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A save whose answer is lost: the database is slower than the save's bus timeout, so the runs role
 * gives up waiting while the transaction still goes on and commits later. The client must not get
 * 503 "nothing was recorded" for a run that is stored, nor the run stored twice.
 */
class LostSaveAnswerTest {
  private Vertx vertx;
  private Pool pool;
  private WebClient client;
  private Stack stack;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx);
    client = WebClient.create(vertx);
    stack = new Stack().deploy(vertx, TestConfig.base()).await();
    TestDatabase.truncate(pool).await();
  }

  @AfterEach
  void stop() {
    client.close();
    pool.close().await();
    vertx.close().await();
  }

  @Test
  void aSaveWhoseAnswerIsLostIsSentAgainAndTheRunIsStoredOnce() {
    // another session holds the runs table past the save's bus timeout: the first save's insert waits,
    // its answer is given up, and it commits once the lock goes
    SqlConnection locker = pool.getConnection().await();
    Transaction lock = locker.begin().await();
    locker.query("lock table optimization_runs in exclusive mode").execute().await();
    Future<HttpResponse<Buffer>> answer = Http.post(client, stack.httpPort(), "/storage-optimize",
        Requests.storage("DAYTON"));
    vertx.timer(Timeouts.fromJson(TestConfig.base()).persistenceBusMs() + 2_000).await();
    assertThat(answer.isComplete()).as("no answer while the run is not stored").isFalse();
    lock.commit().await();
    locker.close().await();

    HttpResponse<Buffer> response = answer.await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    UUID runId = UUID.fromString(response.bodyAsJsonObject().getString("run_id"));
    assertThat(TestDatabase.count(pool, "select count(*) from optimization_runs").await()).isEqualTo(1);
    assertThat(TestDatabase.count(pool, "select count(*) from optimization_runs where id = $1 and status ="
        + " 'completed'", runId).await()).isEqualTo(1);
    assertThat(TestDatabase.count(pool, "select count(*) from optimization_embeddings where optimization_run_id = $1",
        runId).await()).isEqualTo(1);
    assertThat(TestDatabase.count(pool, "select count(*) from qnn_execution_metrics where optimization_run_id = $1",
        runId).await()).isEqualTo(1);
  }
}
