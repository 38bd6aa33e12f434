package io.gridopt.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.testsupport.GatedStorageProblem;
import io.gridopt.testsupport.Http;
import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.Stack;
import io.gridopt.testsupport.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prometheus metrics at /metrics on a Vert.x built as Main builds it: HTTP requests by route template
 * and status, solver time by request type, QNN call outcomes, SQL pool usage; /metrics needs the key.
 */
class MetricsTest {
  private static final String KEY = "metrics-key-42";
  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx(Observability.vertxOptions());
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void metricsNameRoutesSolverTimeQnnOutcomesAndThePool() {
    GatedStorageProblem solver = new GatedStorageProblem();
    solver.open();
    Stack stack = new Stack(solver.registry()).deploy(vertx, TestConfig.base().put("GRIDOPT_API_KEY", KEY)).await();
    WebClient client = WebClient.create(vertx);
    int port = stack.httpPort();
    HttpResponse<Buffer> created = client.post(port, "127.0.0.1", "/storage-optimize").bearerTokenAuthentication(KEY)
        .putHeader("x-request-id", "req-metrics-1").sendJsonObject(Requests.storage("METRICS")).await();
    String runId = created.bodyAsJsonObject().getString("run_id");
    client.get(port, "127.0.0.1", "/runs/" + runId).putHeader("X-API-Key", KEY).send().await();
    client.post(port, "127.0.0.1", "/forecast").bearerTokenAuthentication(KEY).sendJsonObject(
        Requests.forecast("M")).await(); // valid at the edge, but this engine has no forecast solver: 501
    client.post(port, "127.0.0.1", "/storage-optimize").bearerTokenAuthentication(KEY).sendJsonObject(
        new io.vertx.core.json.JsonObject().put("region", "M")).await(); // rejected by the contract
    HttpResponse<Buffer> anonymous = Http.get(client, port, "/metrics").await();
    HttpResponse<Buffer> metrics = client.get(port, "127.0.0.1", "/metrics").putHeader("X-API-Key", KEY).send().await();
    client.close();
    String text = metrics.bodyAsString();

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.getHeader("x-request-id")).isEqualTo("req-metrics-1");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.getHeader("content-type")).startsWith("text/plain");
    assertThat(text).containsPattern(
        "vertx_http_server_requests_total\\{code=\"201\",method=\"POST\",route=\"/storage-optimize\"\\} 1\\.0");
    assertThat(text).containsPattern(
        "vertx_http_server_requests_total\\{code=\"400\",method=\"POST\",route=\"/storage-optimize\"\\} 1\\.0");
    // the route template, not the concrete id: the label set stays small
    assertThat(text).containsPattern(
        "vertx_http_server_requests_total\\{code=\"200\",method=\"GET\",route=\"/runs/:id\"\\} 1\\.0");
    assertThat(text).containsPattern("vertx_http_server_response_time_seconds_bucket\\{code=\"201\",method=\"POST\","
        + "route=\"/storage-optimize\",le=\"[0-9.+Inf]+\"\\}");
    assertThat(text).containsPattern("gridopt_solver_seconds_count\\{outcome=\"ok\",request_type=\"storage\"\\} 1");
    assertThat(text).containsPattern("gridopt_solver_seconds_count\\{outcome=\"501\",request_type=\"forecast\"\\} 1");
    assertThat(text).containsPattern("gridopt_qnn_calls_total\\{mode=\"embedded\",outcome=\"success\"\\} 1\\.0");
    assertThat(text).containsPattern("gridopt_qnn_calls_total\\{mode=\"embedded\",outcome=\"5xx\"\\} 1\\.0");
    assertThat(text).containsPattern("vertx_pool_in_use\\{pool_name=\"gridopt-pg\",pool_type=\"sql\"\\}");
    assertThat(text).contains("gridopt_engine_rejected_total", "gridopt_engine_queue_waiting");
    assertThat(text).doesNotContain(KEY);
  }
}
