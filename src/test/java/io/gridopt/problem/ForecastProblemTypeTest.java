package io.gridopt.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.gridopt.solver.forecast.ForecastProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ForecastProblemTypeTest {
  private final ForecastProblemType type = new ForecastProblemType();

  /** Hourly sine around 2000 (MW-sized), starting 2024-01-01 00:00+01:00, {@code days} days. */
  static JsonObject request(int days) {
    JsonArray values = new JsonArray();
    for (int i = 0; i < days * 24; i++) {
      values.add(2000 + 300 * Math.sin(2 * Math.PI * (i % 24) / 24.0));
    }
    return new JsonObject().put("region", "dayton")
        .put("history", new JsonObject().put("start", "2024-01-01T00:00:00+01:00").put("interval_minutes", 60)
            .put("values", values));
  }

  private List<FieldError> errors(JsonObject body) {
    try {
      type.parse(body);
    } catch (ValidationException e) {
      return e.errors();
    }
    throw new AssertionError("expected a 400 for " + body.encode().substring(0, Math.min(300, body.encode().length())));
  }

  private void rejects(Consumer<JsonObject> change, String field, String problemFragment) {
    JsonObject body = request(10);
    change.accept(body);
    assertThat(errors(body)).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.problem()).contains(problemFragment);
    });
  }

  @Test
  void everyInvalidFieldIsNamed() {
    rejects(b -> b.remove("region"), "region", "is required");
    rejects(b -> b.put("unit", "GW"), "unit", "must be one of [kW, MW]");
    rejects(b -> b.put("horizon_hours", 0), "horizon_hours", "between 1 and 168");
    rejects(b -> b.put("horizon_hours", 169), "horizon_hours", "between 1 and 168");
    rejects(b -> b.put("horizon_hours", 1.5), "horizon_hours", "must be an integer");
    rejects(b -> b.put("quantiles", new JsonArray().add(0.1).add(1.0)), "quantiles[1]", "strictly between 0 and 1");
    rejects(b -> b.put("quantiles", new JsonArray().add(0.0)), "quantiles[0]", "strictly between 0 and 1");
    rejects(b -> b.put("quantiles", new JsonArray().add(0.5).add(0.5)), "quantiles", "must not repeat");
    rejects(b -> b.put("quantiles", new JsonArray()), "quantiles", "between 1 and 19 elements");
    rejects(b -> b.put("quantiles", new JsonArray().add("x")), "quantiles[0]", "finite number");
    rejects(b -> b.put("model", "prophet"), "model", "must be one of [auto, seasonal_naive_daily");
    rejects(b -> b.put("holidays", "US"), "holidays", "list of dates");
    rejects(b -> b.put("holidays", new JsonArray().add("2024-13-01")), "holidays[0]", "YYYY-MM-DD");
    rejects(b -> b.put("holidays", new JsonObject().put("country", "XX")), "holidays.country", "not a country");
    rejects(b -> b.put("holidays", new JsonObject()), "holidays.country", "is required");
    rejects(b -> b.put("qnn", "quantum"), "qnn", "must be an object");
  }

  @Test
  void historyProblemsAreNamed() {
    rejects(b -> b.remove("history"), "history", "or history_points is required");
    rejects(b -> b.put("history_points", new JsonArray()), "history_points", "must not be given together");
    rejects(b -> b.getJsonObject("history").put("interval_minutes", 20), "history.interval_minutes",
        "must be one of [15, 30, 60]");
    rejects(b -> b.getJsonObject("history").remove("interval_minutes"), "history.interval_minutes", "is required");
    rejects(b -> b.getJsonObject("history").put("start", "2024-01-01 00:00"), "history.start", "ISO-8601");
    rejects(b -> b.getJsonObject("history").getJsonArray("values").set(3, "high"), "history.values[3]",
        "finite number");
    rejects(b -> b.getJsonObject("history").put("values", new JsonArray().add(1).add(2)), "history.values",
        "at least 2 days");
    rejects(b -> {
      JsonArray mostlyNull = b.getJsonObject("history").getJsonArray("values");
      for (int i = 1; i < mostlyNull.size() - 1; i++) {
        mostlyNull.set(i, null);
      }
    }, "history", "at least half are needed");
    rejects(b -> {
      JsonArray v = b.getJsonObject("history").getJsonArray("values");
      for (int i = 0; i < v.size() - 40; i++) {
        v.set(i, null); // leading missing values are dropped: 40 hours remain
      }
    }, "history", "must cover at least 2 days of valid readings after cleaning, covers 40 hours");
    assertThat(errors(request(7).put("horizon_hours", 168))).containsExactly(new FieldError("horizon_hours",
        "needs at least 8 days of history for a 168-hour horizon, history has 7"));
    assertThat(errors(request(10).put("model", "ridge"))).containsExactly(new FieldError("model",
        "needs at least 11 days of history for a 24-hour horizon with model ridge, history has 10"));
    // 5 years and a day of 15-minute values
    JsonObject tooLong = request(3);
    JsonArray big = new JsonArray();
    for (int i = 0; i < (5 * 365 + 3) * 96; i++) {
      big.add(1.0);
    }
    tooLong.getJsonObject("history").put("interval_minutes", 15).put("values", big);
    assertThat(errors(tooLong)).containsExactly(new FieldError("history.values", "must cover at most 5 years (1827 days)"));
  }

  @Test
  void theShortestHistoryAModelIsAcceptedForIsAlsoForecast() {
    for (String model : List.of("ridge", "ridge_relative", "analog", "ensemble", "seasonal_naive_weekly")) {
      for (int days = 2; days < 40; days++) {
        JsonObject body = request(days).put("model", model);
        try {
          type.parse(body);
        } catch (ValidationException tooShort) {
          continue;
        }
        JsonObject r = type.solve(type.parse(body).problem()).result();
        assertThat(r.getJsonObject("model").getString("name")).isEqualTo(model);
        break;
      }
    }
  }

  @Test
  void historyPointProblemsAreNamed() {
    JsonObject body = request(3);
    body.remove("history");
    body.put("history_points", new JsonArray().add(new JsonObject().put("timestamp", "2024-01-01T00:00:00Z").put("value", 1))
        .add(new JsonObject().put("timestamp", "yesterday").put("value", 2)));
    assertThat(errors(body)).contains(new FieldError("history_points[1].timestamp",
        "must be an ISO-8601 timestamp with offset, e.g. 2024-07-01T00:00:00Z"));
    body.put("history_points", new JsonArray().add(new JsonObject().put("timestamp", "2024-01-01T00:00:00Z")).add(7));
    assertThat(errors(body)).contains(new FieldError("history_points[1]", "must be an object"));
    JsonArray odd = new JsonArray();
    for (int i = 0; i < 400; i++) {
      odd.add(new JsonObject().put("timestamp", OffsetDateTime.parse("2024-01-01T00:00:00Z").plusMinutes(10L * i).toString())
          .put("value", 5));
    }
    body.put("history_points", odd);
    assertThat(errors(body)).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo("history_points");
      assertThat(e.problem()).contains("15, 30 or 60 minutes apart");
    });
    assertThat(errors(new JsonObject())).extracting(FieldError::field).contains("region", "history");
  }

  @Test
  void validRequestForecastsWithTheDocumentedResult() {
    JsonObject body = request(30).put("unit", "MW").put("horizon_hours", 36)
        .put("holidays", new JsonObject().put("country", "us")).put("qnn", new JsonObject().put("mode", "quantum"));
    ParsedRequest<ForecastProblem> parsed = type.parse(body);
    assertThat(type.requestType()).isEqualTo(RequestType.FORECAST);
    assertThat(parsed.region()).isEqualTo("dayton");
    assertThat(parsed.forecastDate()).isEqualTo(LocalDate.of(2024, 1, 31));
    assertThat(type.qnnGoal(parsed.problem())).isEqualTo("Next36Hours");
    double[] past = type.pastLoadsKw(parsed.problem());
    assertThat(past).hasSize(24);
    assertThat(past[0]).isCloseTo(2_000_000, within(1e-6)); // 2000 MW at 00:00 in kW

    JsonObject r = type.solve(parsed.problem()).result();
    assertThat(r.fieldNames()).containsExactlyInAnyOrder("start", "interval_minutes", "unit", "point", "quantiles",
        "model", "backtest", "peak", "data_quality");
    assertThat(r.getString("start")).isEqualTo("2024-01-31T00:00+01:00");
    assertThat(r.getInteger("interval_minutes")).isEqualTo(60);
    assertThat(r.getString("unit")).isEqualTo("MW");
    assertThat(r.getJsonArray("point")).hasSize(36);
    assertThat(r.getJsonArray("point").getDouble(6)).isCloseTo(2300, within(1.0));
    assertThat(r.getJsonObject("quantiles").fieldNames()).containsExactly("0.1", "0.5", "0.9");
    assertThat(r.getJsonObject("quantiles").getJsonArray("0.5")).isEqualTo(r.getJsonArray("point"));
    JsonObject model = r.getJsonObject("model");
    assertThat(model.fieldNames()).contains("name", "reason", "backtest_mape_pct", "candidates");
    assertThat(model.getJsonArray("candidates")).hasSize(7);
    assertThat(r.getJsonObject("backtest").fieldNames()).contains("mape_pct", "mase_vs_weekly_naive", "coverage_80");
    assertThat(r.getJsonObject("peak").getString("timestamp")).isEqualTo("2024-01-31T06:00+01:00");
    assertThat(r.getJsonObject("peak").getDouble("value")).isCloseTo(2300, within(1.0));
    assertThat(r.getJsonObject("data_quality")).isEqualTo(new JsonObject().put("duplicates_averaged", 0)
        .put("gaps_filled", 0).put("values_rejected", 0));
  }

  @Test
  void historyPointsWithDuplicatesAndGapsAreCleanedAndReported() {
    JsonArray points = new JsonArray();
    OffsetDateTime t0 = OffsetDateTime.parse("2024-03-01T00:00:00Z");
    for (int i = 0; i < 4 * 24 * 2; i++) { // 4 days of 30-minute readings
      if (i == 50 || i == 51) {
        continue; // a gap of two readings
      }
      double v = 800 + 100 * Math.sin(2 * Math.PI * (i % 48) / 48.0);
      points.add(new JsonObject().put("timestamp", t0.plusMinutes(30L * i).toString()).put("value", i == 70 ? -5 : v));
      if (i == 10) {
        points.add(new JsonObject().put("timestamp", t0.plusMinutes(30L * i).toString()).put("value", v));
      }
    }
    points.add(new JsonObject().put("timestamp", t0.plusMinutes(30L * 200).toString()).putNull("value"));
    JsonObject body = new JsonObject().put("region", "r").put("history_points", points)
        .put("holidays", new JsonArray().add("2024-03-05"));
    ParsedRequest<ForecastProblem> parsed = type.parse(body);
    assertThat(parsed.forecastDate()).isEqualTo(LocalDate.of(2024, 3, 5));
    JsonObject r = type.solve(parsed.problem()).result();
    assertThat(r.getInteger("interval_minutes")).isEqualTo(30);
    assertThat(r.getString("unit")).isEqualTo("kW");
    assertThat(r.getJsonArray("point")).hasSize(48);
    assertThat(r.getString("start")).isEqualTo("2024-03-05T00:00Z");
    assertThat(r.getJsonObject("data_quality")).isEqualTo(new JsonObject().put("duplicates_averaged", 1)
        .put("gaps_filled", 3).put("values_rejected", 1));
  }
}
