package io.gridopt.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.RequestType;
import io.gridopt.domain.ValidationException;
import io.gridopt.solver.storage.StorageProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StorageProblemTypeTest {
  private final StorageProblemType type = new StorageProblemType();

  /** The three-hour example of StorageSolverTest as a request. */
  static JsonObject request() {
    return new JsonObject()
        .put("region", "DAYTON")
        .put("start", "2024-07-01T00:00:00+02:00")
        .put("load_kw", new JsonArray().add(10).add(10).add(10))
        .put("pv_kw", new JsonArray().add(0).add(16).add(0))
        .put("import_price", new JsonArray().add(0.10).add(0.30).add(0.50))
        .put("export_price", new JsonArray().add(0.05).add(0.05).add(0.05))
        .put("battery", new JsonObject()
            .put("capacity_kwh", 8)
            .put("max_charge_kw", 5)
            .put("max_discharge_kw", 4)
            .put("charge_efficiency", 0.8)
            .put("discharge_efficiency", 0.8)
            .put("initial_soc_kwh", 0)
            .put("degradation_cost_per_kwh", 0.02));
  }

  private static JsonObject with(Consumer<JsonObject> change) {
    JsonObject body = request();
    change.accept(body);
    return body;
  }

  private FieldError[] errors(JsonObject body) {
    return catchThrowableOfType(ValidationException.class, () -> type.parse(body)).errors().toArray(new FieldError[0]);
  }

  @Test
  void parsesDefaultsAndRunDate() {
    JsonObject body = request();
    body.remove("pv_kw");
    body.remove("export_price");
    ParsedRequest<StorageProblem> parsed = type.parse(body);
    StorageProblem p = parsed.problem();

    assertThat(parsed.region()).isEqualTo("DAYTON");
    assertThat(parsed.forecastDate()).isEqualTo(LocalDate.of(2024, 7, 1));
    assertThat(p.dtHours()).isEqualTo(1.0);
    assertThat(p.site().pvKw()).containsExactly(0, 0, 0);
    assertThat(p.site().exportPrice()).containsExactly(0, 0, 0);
    assertThat(p.battery().minSocKwh()).isZero();
    assertThat(p.battery().maxSocKwh()).isEqualTo(8);
    assertThat(p.battery().finalSocKwh()).isNull();
    assertThat(p.grid().importLimitKw()).isInfinite();
    assertThat(p.grid().exportLimitKw()).isInfinite();
    assertThat(p.grid().allowPvCurtailment()).isFalse();
    assertThat(p.grid().demandChargePerKw()).isZero();
    assertThat(type.pastLoadsKw(p)).containsExactly(10, 10, 10);
    assertThat(type.qnnGoal(p)).isEqualTo("CostOptimalStorageSchedule");
    assertThat(type.requestType()).isEqualTo(RequestType.STORAGE);
    assertThat(ProblemTypes.standard().find(RequestType.STORAGE)).containsInstanceOf(StorageProblemType.class);
  }

  @Test
  void solvesToTheDocumentedJson() {
    JsonObject result = type.solve(type.parse(request()).problem()).result();
    // survives a trip through text, as it does through the bus and the database
    JsonObject back = new JsonObject(result.encode());

    assertThat(back.fieldNames()).containsExactlyInAnyOrder("status", "total_cost", "baseline_cost", "savings",
        "savings_pct", "peak_import_kw", "schedule", "solver", "warnings");
    assertThat(back.getString("status")).isEqualTo("optimal");
    assertThat(back.getDouble("total_cost")).isCloseTo(4.155, within(1e-6));
    assertThat(back.getDouble("baseline_cost")).isCloseTo(5.7, within(1e-6));
    assertThat(back.getDouble("savings")).isCloseTo(1.545, within(1e-6));
    assertThat(back.getDouble("savings_pct")).isCloseTo(27.105263, within(1e-6));
    assertThat(back.getDouble("peak_import_kw")).isCloseTo(11.25, within(1e-6));
    JsonObject s = back.getJsonObject("schedule");
    assertThat(s.fieldNames()).containsExactlyInAnyOrder("charge_kw", "discharge_kw", "soc_kwh", "grid_import_kw",
        "grid_export_kw", "curtailment_kw");
    assertThat(s.getJsonArray("charge_kw").getList()).containsExactly(1.25, 5.0, 0.0);
    assertThat(s.getJsonArray("discharge_kw").getList()).containsExactly(0.0, 0.0, 4.0);
    assertThat(s.getJsonArray("soc_kwh").getList()).containsExactly(1.0, 5.0, 0.0);
    assertThat(s.getJsonArray("grid_import_kw").getList()).containsExactly(11.25, 0.0, 6.0);
    assertThat(s.getJsonArray("grid_export_kw").getList()).containsExactly(0.0, 1.0, 0.0);
    assertThat(s.getJsonArray("curtailment_kw").getList()).containsExactly(0.0, 0.0, 0.0);
    assertThat(back.getJsonObject("solver").getString("name")).contains("DP");
    assertThat(back.getJsonObject("solver").getDouble("solve_ms")).isGreaterThanOrEqualTo(0);
    assertThat(back.getJsonArray("warnings")).isEmpty();
  }

  @Test
  void lengthsThatDifferNameTheField() {
    assertThat(errors(with(b -> b.put("pv_kw", new JsonArray().add(1).add(2)))))
        .containsExactly(new FieldError("pv_kw", "must have 3 elements like load_kw, has 2"));
    assertThat(errors(with(b -> b.put("import_price", new JsonArray().add(1)))))
        .containsExactly(new FieldError("import_price", "must have 3 elements like load_kw, has 1"));
    assertThat(errors(with(b -> b.put("export_price", new JsonArray().add(1).add(1).add(1).add(1)))))
        .containsExactly(new FieldError("export_price", "must have 3 elements like load_kw, has 4"));
  }

  @Test
  void negativeCapacitiesAndPowersAreRejected() {
    assertThat(errors(with(b -> b.getJsonObject("battery").put("capacity_kwh", -1)
        .put("max_charge_kw", -2).put("max_discharge_kw", -3))))
        .containsExactly(new FieldError("battery.capacity_kwh", "must be >= 0"),
            new FieldError("battery.max_charge_kw", "must be >= 0"),
            new FieldError("battery.max_discharge_kw", "must be >= 0"));
    assertThat(errors(with(b -> b.put("load_kw", new JsonArray().add(1).add(-5).add(1)))))
        .containsExactly(new FieldError("load_kw[1]", "must be >= 0"));
    assertThat(errors(with(b -> b.put("grid_import_limit_kw", -1))))
        .containsExactly(new FieldError("grid_import_limit_kw", "must be >= 0"));
  }

  @Test
  void efficienciesOutsideZeroToOneAreRejected() {
    assertThat(errors(with(b -> b.getJsonObject("battery").put("charge_efficiency", 0)
        .put("discharge_efficiency", 1.01))))
        .containsExactly(new FieldError("battery.charge_efficiency", "must be in (0, 1]"),
            new FieldError("battery.discharge_efficiency", "must be in (0, 1]"));
    assertThat(type.parse(with(b -> b.getJsonObject("battery").put("charge_efficiency", 1))).problem().battery()
        .chargeEfficiency()).isEqualTo(1);
  }

  @Test
  void socBoundsMustBeOrdered() {
    assertThat(errors(with(b -> b.getJsonObject("battery").put("min_soc_kwh", 6).put("max_soc_kwh", 5))))
        .containsExactly(new FieldError("battery.min_soc_kwh", "must be <= max_soc_kwh 5"));
    assertThat(errors(with(b -> b.getJsonObject("battery").put("max_soc_kwh", 9))))
        .containsExactly(new FieldError("battery.max_soc_kwh", "must be <= capacity_kwh 8"));
    assertThat(errors(with(b -> b.getJsonObject("battery").put("initial_soc_kwh", 8.5))))
        .containsExactly(new FieldError("battery.initial_soc_kwh", "must be <= capacity_kwh 8"));
    assertThat(errors(with(b -> b.getJsonObject("battery").put("max_soc_kwh", 7).put("final_soc_kwh", 7.5))))
        .containsExactly(new FieldError("battery.final_soc_kwh", "must be <= max_soc_kwh 7"));
  }

  @Test
  void nonFiniteAndNonNumericValuesAreRejected() {
    assertThat(errors(with(b -> b.put("import_price", new JsonArray().add(0.1).add(Double.NaN).add(0.1)))))
        .containsExactly(new FieldError("import_price[1]", "must be a finite number"));
    assertThat(errors(with(b -> b.put("pv_kw", new JsonArray().add(0).add(0).add(Double.POSITIVE_INFINITY)))))
        .containsExactly(new FieldError("pv_kw[2]", "must be a finite number"));
    assertThat(errors(with(b -> b.put("load_kw", new JsonArray().add("ten").add(1).add(1)))))
        .containsExactly(new FieldError("load_kw[0]", "must be a finite number"));
    assertThat(errors(with(b -> b.getJsonObject("battery").put("capacity_kwh", "8"))))
        .containsExactly(new FieldError("battery.capacity_kwh", "must be a number"));
    assertThat(errors(with(b -> b.put("demand_charge_per_kw", Double.NaN))))
        .containsExactly(new FieldError("demand_charge_per_kw", "must be a finite number"));
  }

  @Test
  void tooManyStepsAreRejected() {
    JsonArray tooLong = new JsonArray();
    for (int i = 0; i <= StorageProblemType.MAX_STEPS; i++) {
      tooLong.add(1);
    }
    assertThat(errors(with(b -> b.put("load_kw", tooLong))))
        .containsExactly(new FieldError("load_kw", "must have between 1 and 35040 elements, has 35041"));
  }

  @Test
  void dtHoursMustBeAQuarterHalfOrWholeHour() {
    assertThat(errors(with(b -> b.put("dt_hours", 0.75))))
        .containsExactly(new FieldError("dt_hours", "must be one of 0.25, 0.5, 1"));
    assertThat(type.parse(with(b -> b.put("dt_hours", 0.25))).problem().dtHours()).isEqualTo(0.25);
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    JsonObject body = new JsonObject().put("forecast_run_id", "3f2a");
    assertThat(errors(body)).extracting(FieldError::field, FieldError::problem).containsExactly(
        tuple("region", "is required"),
        tuple("start", "is required"),
        tuple("load_kw", "is required unless forecast_run_id names a completed forecast run"),
        tuple("import_price", "is required"),
        tuple("battery", "is required"));
    assertThat(errors(with(b -> b.put("battery", new JsonObject()))))
        .extracting(FieldError::field).containsExactly("battery.capacity_kwh", "battery.max_charge_kw",
            "battery.max_discharge_kw", "battery.charge_efficiency", "battery.discharge_efficiency",
            "battery.initial_soc_kwh");
    assertThat(errors(with(b -> b.put("start", "2024-07-01"))))
        .containsExactly(new FieldError("start",
            "must be an ISO-8601 timestamp with offset, e.g. 2024-07-01T00:00:00Z"));
  }
}
