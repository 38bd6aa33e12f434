package io.gridopt.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.domain.RequestType;
import io.gridopt.embedding.RetrievalFixtures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summary text of a run, written the way the service writes it: the request parsed by its problem
 * type, then summarised from the parsed request and the result.
 */
class RunSummaryTest {
  private static final ProblemTypes PROBLEMS = ProblemTypes.standard();

  private static String summary(RequestType type, JsonObject input, String status, String error, JsonObject result,
      JsonArray anomalies) {
    return PROBLEMS.summary(type, PROBLEMS.parse(type, input), input, status, error, result, anomalies);
  }

  private static JsonObject storageRequest() {
    return new JsonObject().put("region", "Dayton").put("start", "2024-04-14T00:00:00-05:00").put("dt_hours", 1.0)
        .put("load_kw", new JsonArray().add(100.0).add(150.0).add(120.0))
        .put("pv_kw", new JsonArray().add(0.0).add(80.0).add(10.0))
        .put("import_price", new JsonArray().add(0.1).add(-0.02).add(0.3))
        .put("battery", new JsonObject().put("capacity_kwh", 50.0).put("max_charge_kw", 25.0).put("max_discharge_kw", 25.0)
            .put("charge_efficiency", 0.95).put("discharge_efficiency", 0.95).put("initial_soc_kwh", 10.0))
        .put("demand_charge_per_kw", 10.0);
  }

  @Test
  void storageRunStatesSizePricesIncludingNegativeOnesAndSavings() {
    JsonObject result = new JsonObject().put("status", "optimal").put("total_cost", 20.5).put("baseline_cost", 30.25)
        .put("savings", 9.75).put("savings_pct", 32.23).put("peak_import_kw", 120.0);
    assertThat(summary(RequestType.STORAGE, storageRequest(), "completed", null, result, null))
        .isEqualTo("Battery storage schedule for region Dayton on 2024-04-14, status completed. "
            + "Input: 3 steps of 1 h over 3 h; load peak 150 kW; solar PV up to 80 kW; "
            + "import price -0.02 to 0.3 per kWh, negative prices in 1 of 3 steps; "
            + "battery 50 kWh, charge 25 kW, discharge 25 kW; demand charge 10 per kW of peak import. "
            + "Result: optimal schedule; cost 20.5 against 30.25 without the battery; savings 9.75 (32.23%); "
            + "peak grid import 120 kW.");
  }

  @Test
  void gridRunFromMatpowerTextCountsBusesBranchesAndTieSwitchesAndNamesTheCase() {
    JsonObject input = new JsonObject().put("region", "Dayton").put("date", "2024-03-11")
        .put("matpower", RetrievalFixtures.resource("/grids/case33bw.m"));
    JsonObject result = new JsonObject().put("open_branches", new JsonArray().add("7").add("9").add("14").add("32").add("37"))
        .put("switch_operations", new JsonArray().add(op("7", "open")).add(op("9", "open")).add(op("14", "open"))
            .add(op("32", "open")).add(op("33", "close")).add(op("34", "close")).add(op("35", "close")).add(op("36", "close")))
        .put("loss_kw_before", 202.68).put("loss_kw_after", 139.55).put("loss_reduction_pct", 31.15)
        .put("v_min_pu_before", new JsonObject().put("value", 0.9131).put("bus", "18"))
        .put("v_min_pu_after", 0.9378).put("v_min_bus_after", "32")
        .put("radial", true);
    assertThat(summary(RequestType.GRID_SWITCH, input, "completed", null, result, null))
        .isEqualTo("Grid switching reconfiguration of a distribution feeder for region Dayton on 2024-03-11, "
            + "status completed. Input: MATPOWER case case33bw with 33 buses and 37 branches, 5 open at the start; "
            + "loss minimisation over radial configurations. Result: losses 202.7 kW before and 139.6 kW after, "
            + "a 31.15% reduction; open branches 7, 9, 14, 32, 37; 8 switch operations; "
            + "minimum voltage 0.9131 pu at bus 18 before and 0.9378 pu at bus 32 after.");
  }

  @Test
  void gridRunFromNetworkJsonWithOptionsAndPartialResult() {
    JsonObject network = new JsonObject().put("base_kv", 12.66).put("slack_bus", "1")
        .put("buses", new JsonArray().add(bus("1", 0)).add(bus("2", 100)).add(bus("3", 80)))
        .put("branches", new JsonArray().add(branch("a", "1", "2", true)).add(branch("b", "2", "3", true))
            .add(branch("c", "1", "3", false)));
    JsonObject input = new JsonObject().put("region", "Toledo").put("date", "2024-03-12").put("network", network)
        .put("mode", "evaluate").put("v_min_pu", 0.95).put("max_switch_operations", 2).put("load_scale", 1.2);
    JsonArray manyOpen = new JsonArray();
    for (int i = 1; i <= 15; i++) {
      manyOpen.add(i);
    }
    JsonObject result = new JsonObject().put("loss_kw_before", 5.5).put("open_branches", manyOpen);
    assertThat(summary(RequestType.GRID_SWITCH, input, "completed", null, result, null))
        .isEqualTo("Grid switching reconfiguration of a distribution feeder for region Toledo on 2024-03-12, "
            + "status completed. Input: network 3 buses and 3 branches, 1 open at the start; base voltage 12.66 kV; "
            + "power flow evaluation of the given switch states; voltage limit 0.95 pu; at most 2 switch operations; "
            + "loads scaled by 1.2. Result: losses 5.5 kW; open branches 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 and 3 more.");
  }

  private static JsonObject forecastRequest(int days, int horizonHours) {
    JsonArray values = new JsonArray();
    for (int i = 0; i < days * 24; i++) {
      values.add(i == 5 || i == 30 ? null : 1500.0 + 100 * Math.sin(i * Math.PI / 12));
    }
    return new JsonObject().put("region", "DUQ")
        .put("history", new JsonObject().put("start", "2024-01-10T00:00:00-05:00").put("interval_minutes", 60)
            .put("values", values))
        .put("unit", "MW").put("horizon_hours", horizonHours);
  }

  @Test
  void forecastRunStatesHistoryAsSentHorizonPeakModelAndAccuracy() {
    JsonObject input = forecastRequest(28, 168).put("model", "seasonal_naive_daily")
        .put("holidays", new JsonObject().put("country", "US"));
    JsonObject result = new JsonObject()
        .put("peak", new JsonObject().put("timestamp", "2024-02-07T18:00:00-05:00").put("value", 2151.6))
        .put("model", "ridge")
        .put("backtest", new JsonObject().put("mape_pct", 3.41).put("mase_vs_weekly_naive", 0.62).put("coverage_80", 0.8))
        .put("data_quality", new JsonObject().put("values_rejected", 1).put("gaps_filled", 2).put("duplicates_averaged", 0));
    assertThat(summary(RequestType.FORECAST, input, "completed", null, result, null))
        .isEqualTo("Load forecast for region DUQ on 2024-02-07, status completed. "
            + "Input: history 28 days of hourly values, 2 missing; horizon 168 h (7 days); "
            + "model seasonal_naive_daily requested; public holidays of US. "
            + "Result: forecast peak 2152 MW at 2024-02-07 18:00; model ridge; "
            + "backtest MAPE 3.41%, MASE 0.62 against the weekly naive, 80% interval coverage 0.8; "
            + "data quality: 2 gaps filled, 1 values rejected.");
  }

  @Test
  void infeasibleRunSaysFailedWhyAndKeepsTheInputFacts() {
    JsonObject input = storageRequest();
    input.getJsonObject("battery").put("final_soc_kwh", 45.0);
    String text = summary(RequestType.STORAGE, input, "failed",
        "final_soc_kwh: 45 kWh unreachable: at most 33.75 kWh can be stored by the last step",
        new JsonObject().put("status", "infeasible").put("savings", 0), null);
    assertThat(text).isEqualTo("Battery storage schedule for region Dayton on 2024-04-14 failed (infeasible): "
        + "final_soc_kwh: 45 kWh unreachable: at most 33.75 kWh can be stored by the last step. "
        + "Input: 3 steps of 1 h over 3 h; load peak 150 kW; solar PV up to 80 kW; "
        + "import price -0.02 to 0.3 per kWh, negative prices in 1 of 3 steps; "
        + "battery 50 kWh, charge 25 kW, discharge 25 kW, final charge at least 45 kWh; "
        + "demand charge 10 per kW of peak import.");
  }

  @Test
  void longMultiLineErrorIsOneLineAndAbbreviated() {
    String error = "QNN answered HTTP 502:\n  " + "x".repeat(300);
    String text = summary(RequestType.FORECAST, forecastRequest(3, 24).put("region", "Toledo"), "failed", error, null,
        null);
    String quoted = "QNN answered HTTP 502: " + "x".repeat(240 - 3 - 23) + "...";
    assertThat(text).isEqualTo("Load forecast for region Toledo on 2024-01-13 failed: " + quoted
        + ". Input: history 3 days of hourly values, 2 missing; horizon 24 h.");
  }

  @Test
  void malformedResultFieldsAreLeftOutNeverGuessed() {
    JsonObject result = new JsonObject().put("savings", "12").put("peak_import_kw", Double.NaN).put("schedule", 3);
    assertThat(summary(RequestType.STORAGE, storageRequest().put("region", " Toledo "), "completed", null, result, null))
        .startsWith("Battery storage schedule for region Toledo on 2024-04-14, status completed. Input: ")
        .doesNotContain("Result:");
    assertThat(RunSummary.text(null, null, null, null, null, null, RunSummary.Facts.empty(), null))
        .isEqualTo("Optimization run.");
  }

  @Test
  void aRunWithoutASolverHereListsItsScalarFieldsInNameOrder() {
    JsonObject input = new JsonObject().put("region", "Dayton").put("scenario", "heat wave").put("load_scale", 1.25)
        .put("profile", new JsonArray().add(1));
    ParsedRequest<?> parsed = PROBLEMS.parse(RequestType.SIMULATION, input).as("Dayton", LocalDate.parse("2024-06-03"));
    assertThat(PROBLEMS.summary(RequestType.SIMULATION, parsed, input, "completed", null,
        new JsonObject().put("peak_load_kw", 5120.0), null))
        .isEqualTo("Simulation run for region Dayton on 2024-06-03, status completed. "
            + "Input: load scale 1.25; region Dayton; scenario heat wave. Result: peak load kw 5120.");
  }

  @Test
  void anomaliesAreNamedAfterTheSummaryTheSameForFirstAndLaterEmbeddings() {
    JsonArray anomalies = new JsonArray();
    for (int i = 0; i < 7; i++) {
      anomalies.add(new JsonObject().put("severity", "high").put("type", "grid_undervoltage")
          .put("description", (i + 1) + " buses below 0.95 pu"));
    }
    String text = summary(RequestType.STORAGE, storageRequest(), "completed", null, null, anomalies);
    assertThat(text).endsWith(" Anomalies (7): high grid undervoltage: 1 buses below 0.95 pu; "
        + "high grid undervoltage: 2 buses below 0.95 pu; high grid undervoltage: 3 buses below 0.95 pu; "
        + "high grid undervoltage: 4 buses below 0.95 pu; high grid undervoltage: 5 buses below 0.95 pu; and 2 more.");
  }

  @Test
  void numbersHaveFourSignificantDigitsWithoutExponent() {
    assertThat(RunSummary.fmt(202.68)).isEqualTo("202.7");
    assertThat(RunSummary.fmt(139.55)).isEqualTo("139.6");
    assertThat(RunSummary.fmt(0.91312)).isEqualTo("0.9131");
    assertThat(RunSummary.fmt(12345.6)).isEqualTo("12346");
    assertThat(RunSummary.fmt(24.0)).isEqualTo("24");
    assertThat(RunSummary.fmt(-0.0)).isEqualTo("0");
    assertThat(RunSummary.fmt(1e-7)).isEqualTo("0.0000001");
  }

  @Test
  void everyLabelledRunHasADeterministicOneParagraphSummary() {
    List<RetrievalFixtures.LabelledRun> runs = RetrievalFixtures.runs();
    List<RetrievalFixtures.LabelledRun> again = RetrievalFixtures.runs();
    for (int i = 0; i < runs.size(); i++) {
      String text = runs.get(i).summary();
      assertThat(again.get(i).summary()).isEqualTo(text);
      assertThat(text).doesNotContain("\n").hasSizeLessThan(700).contains(runs.get(i).region());
    }
  }

  private static JsonObject bus(String id, double pKw) {
    return new JsonObject().put("id", id).put("p_kw", pKw).put("q_kvar", pKw / 2);
  }

  private static JsonObject branch(String id, String from, String to, boolean closed) {
    return new JsonObject().put("id", id).put("from", from).put("to", to).put("r_ohm", 0.5).put("x_ohm", 0.4)
        .put("closed", closed);
  }

  private static JsonObject op(String branch, String action) {
    return new JsonObject().put("branch", branch).put("action", action);
  }
}
