package io.gridopt.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.ValidationException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The {@code weather} part of POST /forecast: validation naming the field, units, filling, result. */
class ForecastWeatherRequestTest {
  private final ForecastProblemType type = new ForecastProblemType();

  /** Hourly temperature in F at step i: a daily cycle with a slow drift, 40..80 F. */
  static double temperatureF(int i) {
    return 60 + 12 * Math.sin(2 * Math.PI * (i % 24 - 9) / 24.0) + 8 * Math.sin(2 * Math.PI * i / (24 * 9.3));
  }

  /** Load that responds to temperature on top of a daily shape; {@code days} days of history + weather in F. */
  static JsonObject request(int days) {
    JsonArray values = new JsonArray();
    JsonArray temps = new JsonArray();
    for (int i = 0; i < days * 24; i++) {
      values.add(load(i));
      temps.add(temperatureF(i));
    }
    JsonArray forecast = new JsonArray();
    for (int i = days * 24; i < days * 24 + 24; i++) {
      forecast.add(temperatureF(i));
    }
    return new JsonObject().put("region", "r").put("unit", "MW")
        .put("history", new JsonObject().put("start", "2024-01-01T00:00:00Z").put("interval_minutes", 60)
            .put("values", values))
        .put("weather", new JsonObject().put("temperature_unit", "F").put("temperature", temps)
            .put("temperature_forecast", forecast));
  }

  static double load(int i) {
    return 1000 + 100 * Math.sin(2 * Math.PI * (i % 24) / 24.0) + 6 * Math.abs(temperatureF(i) - 60);
  }

  private List<FieldError> errors(JsonObject body) {
    try {
      type.parse(body);
    } catch (ValidationException e) {
      return e.errors();
    }
    throw new AssertionError("expected a 400");
  }

  private void rejects(Consumer<JsonObject> change, String field, String problemFragment) {
    JsonObject body = request(20);
    change.accept(body);
    assertThat(errors(body)).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.problem()).contains(problemFragment);
    });
  }

  private static JsonObject weather(JsonObject body) {
    return body.getJsonObject("weather");
  }

  @Test
  void weatherProblemsAreNamed() {
    rejects(b -> weather(b).getJsonArray("temperature").remove(0), "weather.temperature",
        "one reading per history.values element (480), has 479");
    rejects(b -> weather(b).getJsonArray("temperature_forecast").add(50), "weather.temperature_forecast",
        "one value per forecast step (24), has 25");
    rejects(b -> b.put("horizon_hours", 48), "weather.temperature_forecast", "one value per forecast step (48), has 24");
    rejects(b -> weather(b).remove("temperature_forecast"), "weather.temperature_forecast", "is required");
    rejects(b -> weather(b).getJsonArray("temperature_forecast").set(3, null), "weather.temperature_forecast[3]",
        "finite number");
    rejects(b -> weather(b).put("temperature_unit", "K"), "weather.temperature_unit", "must be one of [F, C]");
    rejects(b -> weather(b).remove("temperature_unit"), "weather.temperature_unit", "is required");
    // Fahrenheit values sent as Celsius: the first forecast value above 60 is named
    int firstAbove60 = 0;
    while (temperatureF(480 + firstAbove60) <= 60) {
      firstAbove60++;
    }
    rejects(b -> weather(b).put("temperature_unit", "C"), "weather.temperature_forecast[" + firstAbove60 + "]",
        "between -90 and 60");
    rejects(b -> weather(b).getJsonArray("temperature").set(7, 400), "weather.temperature[7]", "between -130 and 140");
    rejects(b -> weather(b).put("temperature_forecast_sd", -1), "weather.temperature_forecast_sd", "between 0 and 30");
    rejects(b -> b.put("weather", "sunny"), "weather", "must be an object");
    rejects(b -> b.getJsonObject("history").getJsonArray("values").set(479, null), "history.values",
        "must end with a valid load reading when weather is given");
    rejects(b -> b.put("model", "weather_ridge").remove("weather"), "model", "needs weather");
  }

  @Test
  void historyPointsCarryTheirTemperatures() {
    JsonObject body = request(20);
    JsonArray values = body.getJsonObject("history").getJsonArray("values");
    JsonArray temps = weather(body).getJsonArray("temperature");
    JsonArray points = new JsonArray();
    OffsetDateTime t0 = OffsetDateTime.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < values.size(); i++) {
      JsonObject p = new JsonObject().put("timestamp", t0.plusHours(i).toString()).put("value", values.getDouble(i));
      if (i % 50 != 3) {
        p.put("temperature", temps.getDouble(i)); // 10 points without one
      }
      points.add(p);
    }
    body.remove("history");
    body.put("history_points", points);
    List<FieldError> both = errors(body.copy().put("weather", weather(body).copy()));
    assertThat(both).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo("weather.temperature");
      assertThat(e.problem()).contains("must not be given with history_points");
    });
    weather(body).remove("temperature");
    JsonObject r = type.solve(type.parse(body).problem()).result();
    assertThat(r.getJsonObject("data_quality").getInteger("temperatures_filled")).isEqualTo(10);
    assertThat(r.getJsonObject("model").getString("name")).startsWith("weather_");
    points.getJsonObject(5).put("temperature", -200);
    assertThat(errors(body)).anySatisfy(e -> {
      assertThat(e.field()).isEqualTo("history_points[5].temperature");
      assertThat(e.problem()).contains("between -130 and 140");
    });
  }

  @Test
  void missingTemperaturesAreFilledAndReportedAndCelsiusGivesTheSameForecast() {
    JsonObject fahrenheit = request(20);
    JsonArray temps = weather(fahrenheit).getJsonArray("temperature");
    temps.set(0, null); // at the start: takes the first reading
    temps.set(100, null);
    temps.set(101, null);
    // a perfect temperature forecast, said so: the model is fitted on observed temperatures
    JsonObject exact = fahrenheit.copy();
    weather(exact).put("temperature_forecast_sd", 0);
    JsonObject r0 = type.solve(type.parse(exact).problem()).result();
    assertThat(r0.getJsonObject("data_quality")).isEqualTo(new JsonObject().put("duplicates_averaged", 0)
        .put("gaps_filled", 0).put("values_rejected", 0).put("temperatures_filled", 3));
    assertThat(r0.getJsonObject("model").getString("reason")).contains("best without weather");
    // the load follows |T - 60| exactly: the forecast follows it within 2 % (20 days of history for
    // about 90 columns per hour: the penalty shrinks the response a little)
    for (int j = 0; j < 24; j++) {
      assertThat(r0.getJsonArray("point").getDouble(j)).isCloseTo(load(480 + j), within(0.02 * load(480 + j)));
    }

    JsonObject r = type.solve(type.parse(fahrenheit).problem()).result(); // default forecast error 2.5 F
    JsonObject celsius = fahrenheit.copy();
    JsonObject w = weather(celsius).put("temperature_unit", "C").put("temperature_forecast_sd", 2.5 / 1.8);
    for (String field : List.of("temperature", "temperature_forecast")) {
      JsonArray converted = new JsonArray();
      for (Object f : w.getJsonArray(field)) {
        converted.add(f == null ? null : (((Number) f).doubleValue() - 32) / 1.8);
      }
      w.put(field, converted);
    }
    JsonObject rc = type.solve(type.parse(celsius).problem()).result();
    for (int j = 0; j < 24; j++) {
      assertThat(rc.getJsonArray("point").getDouble(j)).isCloseTo(r.getJsonArray("point").getDouble(j), within(0.01));
      assertThat(rc.getJsonObject("quantiles").getJsonArray("0.9").getDouble(j))
          .isCloseTo(r.getJsonObject("quantiles").getJsonArray("0.9").getDouble(j), within(0.01));
    }
  }
}
