package io.gridopt.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.bus.RunToEmbed;
import io.gridopt.config.Timeouts;
import io.gridopt.domain.RequestType;
import io.gridopt.problem.ParsedRequest;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.testsupport.Requests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stored run re-embedded gets the text its first embedding got: summary and anomalies sentence. */
class ReembedderSummaryTest {
  private static final ProblemTypes PROBLEMS = ProblemTypes.standard();
  private final Vertx vertx = Vertx.vertx();
  private final Reembedder reembedder = new Reembedder(vertx, "m", PROBLEMS,
      text -> Future.failedFuture("not embedding here"), Timeouts.fromJson(new JsonObject()));

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aStoredRunGetsTheTextOfItsFirstEmbeddingAnomaliesIncluded() {
    JsonObject input = Requests.storage("Dayton");
    JsonObject result = new JsonObject().put("status", "optimal").put("total_cost", 2.5).put("baseline_cost", 3.5);
    JsonArray anomalies = new JsonArray().add(new JsonObject().put("severity", "medium").put("type", "negative_prices")
        .put("description", "import price below zero in 3 of 24 steps"));
    ParsedRequest<?> parsed = PROBLEMS.parse(RequestType.STORAGE, input);
    String first = PROBLEMS.summary(RequestType.STORAGE, parsed, input, "completed", null, result, anomalies);

    String again = reembedder.summary(new RunToEmbed(UUID.randomUUID(), RequestType.STORAGE, parsed.region(),
        parsed.forecastDate(), "completed", null, input, result, anomalies));

    assertThat(again).isEqualTo(first)
        .endsWith(" Anomalies (1): medium negative prices: import price below zero in 3 of 24 steps");
  }

  @Test
  void aRunDatedWhenItRanKeepsItsDateAndAnInputThatNoLongerParsesKeepsTheRest() {
    JsonObject grid = new JsonObject().put("region", "Toledo").put("matpower", RetrievalFixtures.resource("/grids/case33bw.m"));
    String text = reembedder.summary(new RunToEmbed(UUID.randomUUID(), RequestType.GRID_SWITCH, "Toledo",
        LocalDate.parse("2023-05-01"), "completed", null, grid, null, new JsonArray()));
    assertThat(text).startsWith("Grid switching reconfiguration of a distribution feeder for region Toledo on 2023-05-01, "
        + "status completed. Input: MATPOWER case case33bw with 33 buses and 37 branches");

    String old = reembedder.summary(new RunToEmbed(UUID.randomUUID(), RequestType.STORAGE, "Dayton",
        LocalDate.parse("2023-05-01"), "failed", "QNN timeout", new JsonObject().put("region", "Dayton"), null,
        new JsonArray()));
    assertThat(old).isEqualTo("Battery storage schedule for region Dayton on 2023-05-01 failed: QNN timeout.");
  }
}
