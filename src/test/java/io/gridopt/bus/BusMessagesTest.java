package io.gridopt.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The messages of docs/bus.md as they travel: each record's JSON has the documented field names, and reading
 * it back gives the same message (another node, or another program, sees what was sent).
 */
class BusMessagesTest {
  private static final UUID ID = UUID.fromString("0b9f5e8e-6d3c-4c1e-9a51-3c0c2f7d8a10");
  private static final RunMetrics METRICS = new RunMetrics("cpu", 3L, 5L, 12.5, 0.0, "highs", 42L, "engine-1");
  private static final Embedding EMBEDDING = new Embedding("gridopt-hashing-v1", "Battery storage schedule.",
      new float[] {0.25f, -0.5f});

  private static <T> JsonObject roundTrip(T message, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    JsonObject wire = new JsonObject(toJson.apply(message).encode());
    assertThat(toJson.apply(fromJson.apply(wire))).isEqualTo(wire);
    return wire;
  }

  @Test
  void runMessagesKeepTheirDocumentedFieldsOnTheWire() {
    JsonObject body = new JsonObject().put("region", "DAYTON").put("load_kw", new JsonArray().add(5));
    assertThat(roundTrip(new RunSubmit(RequestType.STORAGE, body), RunSubmit::toJson, RunSubmit::fromJson))
        .isEqualTo(new JsonObject().put("request_type", "storage").put("body", body));

    NewRun run = new NewRun(ID, RequestType.GRID_SWITCH, "DUQ", LocalDate.parse("2024-07-01"), body,
        NewRun.COMPLETED, null, new JsonObject().put("loss_kw_after", 139.55), new QnnInfo("embedded", "m1", 12.5), METRICS, null,
        new JsonArray().add(new JsonObject().put("type", "undervoltage")), EMBEDDING);
    JsonObject saved = roundTrip(run, NewRun::toJson, NewRun::fromJson);
    assertThat(saved.fieldNames()).containsExactlyInAnyOrder("run_id", "request_type", "region", "forecast_date", "input",
        "status", "error", "result", "qnn", "metrics", "qnn_raw", "anomalies", "embedding");
    assertThat(saved.getJsonObject("metrics").fieldNames()).containsExactlyInAnyOrder("device_used",
        "circuit_depth", "n_qubits", "execution_time_ms", "quantum_cost_usd", "solver", "iterations", "node_id");
    assertThat(saved.getJsonObject("embedding").getJsonArray("vector").getList()).containsExactly(0.25, -0.5);

    RunView view = new RunView(ID, "storage", "completed", "DAYTON", LocalDate.parse("2024-07-01"),
        OffsetDateTime.parse("2024-07-01T10:00:00Z"), new QnnInfo("embedded", "m1", 3.0),
        new JsonObject().put("total_cost", 2.5), null, body, null, METRICS,
        new RunView.StoredEmbedding("gridopt-hashing-v1", 1536, "Battery storage schedule."), new JsonArray());
    JsonObject detail = roundTrip(view, RunView::toJson, RunView::fromJson);
    assertThat(detail.fieldNames()).as("absent parts are left out").doesNotContain("error", "qnn_raw")
        .contains("run_id", "created_at", "qnn", "result", "input", "metrics", "embedding", "anomalies");
    JsonObject page = roundTrip(new RunPage(List.of(view), "next"), RunPage::toJson, RunPage::fromJson);
    assertThat(page.getString("next_cursor")).isEqualTo("next");
  }

  @Test
  void qnnEmbeddingAndPersistenceRequestsRoundTrip() {
    QnnRequest request = new QnnRequest("Region=X; Date=2024-07-01; PastLoads=[]; ForecastGoal=Next24Hours", "m1",
        "quantum", 1, "forecast", new JsonObject().put("region", "X"));
    assertThat(roundTrip(request, QnnRequest::toJson, QnnRequest::fromJson).fieldNames())
        .containsExactlyInAnyOrder("code", "model_id", "mode", "optimization_level", "task", "input");
    roundTrip(new QnnPrediction(new JsonObject().put("cost", 1.5), "m1", "remote", 3.0, METRICS,
        new JsonObject().put("status", 200)), QnnPrediction::toJson, QnnPrediction::fromJson);
    assertThat(roundTrip(new EmbedText("feeder losses"), EmbedText::toJson, EmbedText::fromJson))
        .isEqualTo(new JsonObject().put("text", "feeder losses"));
    roundTrip(EMBEDDING, Embedding::toJson, Embedding::fromJson);
    roundTrip(new SearchQuery(new float[] {1f, 0f}, "m", 5, "storage", null), SearchQuery::toJson, SearchQuery::fromJson);
    roundTrip(new SimilarQuery(ID, 5, true, false), SimilarQuery::toJson, SimilarQuery::fromJson);
    roundTrip(new RunId(ID), RunId::toJson, RunId::fromJson);
    roundTrip(new EmbeddingReplace(ID, EMBEDDING), EmbeddingReplace::toJson, EmbeddingReplace::fromJson);
    RunToEmbed pending = new RunToEmbed(ID, RequestType.FORECAST, "DUQ", LocalDate.parse("2024-02-07"), "failed",
        "504 timeout: late", new JsonObject(), null, new JsonArray());
    roundTrip(new PendingEmbeddings.Runs(List.of(pending)), PendingEmbeddings.Runs::toJson,
        PendingEmbeddings.Runs::fromJson);
    assertThat(roundTrip(new Reembed(50, true), Reembed::toJson, Reembed::fromJson))
        .isEqualTo(new JsonObject().put("batch_size", 50).put("wait", true));
  }

  @Test
  void searchAnomalyAndProbeRepliesKeepTheirDocumentedFieldsOnTheWire() {
    UUID newest = UUID.fromString("5d1e3c1a-0f4b-4a53-8e7d-2b0a6c9e1f20");
    RunView hitRun = new RunView(newest, "storage", "completed", "DAYTON", LocalDate.parse("2024-07-01"),
        OffsetDateTime.parse("2024-07-01T10:00:00Z"), new QnnInfo("embedded", "m1", 3.0),
        new JsonObject().put("total_cost", 2.5), null, null, null, null, null, null);
    NearestRuns.Hit hit = new NearestRuns.Hit(hitRun, 0.875, "Battery storage schedule.", 3, List.of(newest, ID));
    JsonObject similar = roundTrip(new NearestRuns(ID, "gridopt-hashing-v1", 12L, true, List.of(hit), null),
        NearestRuns::toJson, NearestRuns::fromJson);
    assertThat(similar.fieldNames()).containsExactly("run_id", "model", "runs_not_in_model", "exact", "results");
    JsonObject hitJson = similar.getJsonArray("results").getJsonObject(0);
    assertThat(hitJson.fieldNames()).as("the run's fields and the group's").containsExactlyInAnyOrder("run_id",
        "request_type", "status", "region", "forecast_date", "created_at", "qnn", "result", "score", "summary",
        "run_count", "newest_run_ids");
    assertThat(hitJson.getJsonArray("newest_run_ids").getList()).containsExactly(newest.toString(), ID.toString());
    assertThat(hitJson.getLong("run_count")).isEqualTo(3L);

    JsonObject noVector = roundTrip(new NearestRuns(ID, null, null, null, List.of(), null), NearestRuns::toJson,
        NearestRuns::fromJson);
    assertThat(noVector).as("a run without a vector: its id, a null model, no results")
        .isEqualTo(new JsonObject().put("run_id", ID.toString()).putNull("model").put("results", new JsonArray()));

    NearestRuns found = new NearestRuns(null, "m", 0L, false, List.of(hit), null);
    assertThat(roundTrip(found, NearestRuns::toJson, NearestRuns::fromJson).fieldNames())
        .as("persistence's search reply: no run, no query text").containsExactly("model", "runs_not_in_model",
            "exact", "results");
    assertThat(roundTrip(found.withQuery("battery peak"), NearestRuns::toJson, NearestRuns::fromJson)
        .getString("query")).as("the API's answer adds the query").isEqualTo("battery peak");

    AnomalyView anomaly = new AnomalyView(newest, ID, "DAYTON", "forecast", "load_spike", "high",
        "load 4.1 MW at 18:00, 3.2 robust deviations above the day", List.of("check the meter"),
        OffsetDateTime.parse("2024-07-01T18:00:00-04:00"), OffsetDateTime.parse("2024-07-01T18:15:00-04:00"),
        List.of(), List.of(), new JsonObject().put("robust_z", 3.2), false,
        OffsetDateTime.parse("2024-07-02T10:00:00.123456Z"), null);
    JsonObject anomalyJson = roundTrip(anomaly, AnomalyView::toJson, AnomalyView::fromJson);
    assertThat(anomalyJson.fieldNames()).containsExactly("anomaly_id", "run_id", "region", "request_type", "type",
        "severity", "description", "suggested_actions", "start", "end", "buses", "branches", "figures", "resolved",
        "detected_at", "resolved_at");
    assertThat(anomalyJson.getString("start")).as("RFC 3339 with seconds, the series' own offset")
        .isEqualTo("2024-07-01T18:00:00-04:00");
    JsonObject anomalies = roundTrip(new AnomalyPage(List.of(anomaly), "next"), AnomalyPage::toJson,
        AnomalyPage::fromJson);
    assertThat(anomalies.fieldNames()).containsExactly("anomalies", "next_cursor");

    assertThat(new Ping().toJson()).isEqualTo(new JsonObject());
    assertThat(roundTrip(Ping.Up.database(), Ping.Up::toJson, Ping.Up::fromJson))
        .isEqualTo(new JsonObject().put("status", "UP"));
    assertThat(roundTrip(Ping.Up.qnn("embedded"), Ping.Up::toJson, Ping.Up::fromJson))
        .isEqualTo(new JsonObject().put("status", "UP").put("mode", "embedded"));
    assertThat(roundTrip(Ping.Up.engine("engine-1"), Ping.Up::toJson, Ping.Up::fromJson))
        .isEqualTo(new JsonObject().put("status", "UP").put("node_id", "engine-1"));
    assertThat(roundTrip(Ping.Up.embedding("gridopt-hashing-v1"), Ping.Up::toJson, Ping.Up::fromJson))
        .isEqualTo(new JsonObject().put("status", "UP").put("model", "gridopt-hashing-v1"));
    assertThatThrownBy(() -> Ping.Up.fromJson(new JsonObject().put("status", "DOWN")))
        .as("a reply that is not UP is never read as a healthy probe").isInstanceOf(IllegalArgumentException.class);

    assertThat(roundTrip(new EngineAccepted("attempt-7", "node-b"), EngineAccepted::toJson, EngineAccepted::fromJson))
        .as("the engine's notice that it took an attempt").isEqualTo(
            new JsonObject().put("attempt", "attempt-7").put("node", "node-b"));
  }

  @Test
  void aMalformedSubmissionIsA400NamingTheField() {
    assertThatThrownBy(() -> RunSubmit.fromJson(new JsonObject().put("request_type", "simulation")
        .put("body", new JsonObject())))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.errors().get(0).field()).isEqualTo("request_type"));
    assertThatThrownBy(() -> RunSubmit.fromJson(new JsonObject().put("request_type", "storage").put("body", "{}")))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.errors().get(0).field()).isEqualTo("body"));
    ErrorBody recorded = ErrorBody.of(504, ErrorCodes.TIMEOUT, "QNN did not answer in time").withRunId(ID.toString());
    assertThat(ErrorBody.from(new ErrorBody.Failure(recorded))).isEqualTo(recorded);
    assertThat(ErrorBody.fromJson(recorded.toJson()).runId()).isEqualTo(ID.toString());
    assertThat(recorded.toHttpJson().containsKey("run_id")).as("the HTTP form adds it beside the request id").isFalse();
  }
}
