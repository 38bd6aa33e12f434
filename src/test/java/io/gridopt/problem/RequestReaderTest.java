package io.gridopt.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.ValidationException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RequestReaderTest {

  @Test
  void collectsEveryProblemWithDottedPaths() {
    JsonObject body = new JsonObject("""
        {"region": "", "dt_hours": "one", "load_kw": [1, null, 3],
         "battery": {"capacity_kwh": -5, "charge_efficiency": 1.5}, "limit": 2.5}""");
    RequestReader reader = new RequestReader(body);
    reader.requiredString("region");
    reader.number("dt_hours", true);
    reader.numbers("load_kw", true, 1, 10, false);
    RequestReader battery = reader.object("battery", true);
    battery.nonNegative("capacity_kwh", true);
    battery.numberInRange("charge_efficiency", true, 0, 1);
    reader.integer("limit", false, 0, 10);
    reader.requiredString("start");
    assertThatThrownBy(reader::throwIfInvalid).isInstanceOfSatisfying(ValidationException.class, e ->
        assertThat(e.errors()).containsExactly(
            new FieldError("region", "must not be blank"),
            new FieldError("dt_hours", "must be a number"),
            new FieldError("load_kw[1]", "must be a finite number"),
            new FieldError("battery.capacity_kwh", "must be >= 0"),
            new FieldError("battery.charge_efficiency", "must be between 0 and 1"),
            new FieldError("limit", "must be an integer"),
            new FieldError("start", "is required")));
  }

  @Test
  void nullsAreMissingReadingsWhereAllowed() {
    double[] values = new RequestReader(new JsonObject("{\"v\": [1.5, null]}")).numbers("v", true, 1, 5, true);
    assertThat(values[0]).isEqualTo(1.5);
    assertThat(values[1]).isNaN();
  }
}
