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
