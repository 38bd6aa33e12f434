package io.gridopt.problem;

import io.gridopt.anomaly.Anomaly;
import io.gridopt.anomaly.LoadAnomalyDetector;
import io.gridopt.bus.ErrorBody;
import io.gridopt.domain.RequestType;
import io.gridopt.solver.forecast.CleanHistory;
import io.gridopt.solver.forecast.DataQuality;
import io.gridopt.solver.forecast.ForecastProblem;
import io.gridopt.solver.forecast.ForecastResult;
import io.gridopt.solver.forecast.Forecaster;
import io.gridopt.solver.forecast.HistoryPoint;
import io.gridopt.solver.forecast.Holidays;
import io.gridopt.solver.forecast.InvalidHistoryException;
import io.gridopt.solver.forecast.LoadSeries;
import io.gridopt.solver.forecast.LoadUnit;
import io.gridopt.solver.forecast.SeriesCleaner;
import io.gridopt.solver.forecast.TemperatureCleaner;
import io.gridopt.solver.forecast.Weather;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.gridopt.problem.RunSummary.fmt;

/**
 * POST /forecast: load history in, calibrated forecast out. Request: {@code region},
 * {@code history} {start, interval_minutes, values} or {@code history_points} [{timestamp, value}],
 * {@code unit} (kW|MW), {@code horizon_hours} (1..168), {@code quantiles}, {@code model},
 * {@code holidays} (list of dates or {country}), {@code weather} (temperatures of the history and the
 * horizon), {@code qnn} (passed through to the QNN contract).
 */
public final class ForecastProblemType implements ProblemType<ForecastProblem> {
  static final int MIN_HISTORY_MINUTES = 2 * 1440;
  /** Five years, counting their leap days. */
  static final int MAX_HISTORY_DAYS = 5 * 365 + 2;
  static final int MAX_VALUES = MAX_HISTORY_DAYS * 96;
  /** Room for repeated readings (DST, resends) on top of five years of 15-minute steps. */
  static final int MAX_POINTS = MAX_VALUES + 10_000;
  static final List<Integer> INTERVALS = List.of(15, 30, 60);
  static final double[] DEFAULT_QUANTILES = {0.1, 0.5, 0.9};

  @Override
  public RequestType requestType() {
    return RequestType.FORECAST;
  }

  @Override
  public ParsedRequest<ForecastProblem> parse(JsonObject body) {
    RequestReader in = new RequestReader(body);
    String region = in.requiredString("region");
    String unitSymbol = in.choice("unit", "kW", List.of("kW", "MW"));
    Integer horizonHours = in.integer("horizon_hours", false, 1, 168);
    int horizon = horizonHours == null ? 24 : horizonHours;
    double[] quantiles = quantiles(in);
    List<String> models = new ArrayList<>(List.of("auto"));
    models.addAll(Forecaster.modelNames());
    models.addAll(Forecaster.WEATHER_MODEL_NAMES);
    String model = in.choice("model", "auto", models);
    if (model != null && Forecaster.WEATHER_MODEL_NAMES.contains(model) && !in.has("weather")) {
      in.add("model", model + " needs weather (temperatures)");
      model = null;
    }
    Set<LocalDate> holidayDates = new HashSet<>();
    String country = holidays(in, body == null ? null : body.getValue("holidays"), holidayDates);
    in.object("qnn", false); // passed through to the QNN contract; only its shape is checked here
    RawHistory raw = history(in);
    in.throwIfInvalid();
    CleanHistory history = raw.clean();

    String field = in.has("history") ? "history" : "history_points";
    LoadSeries series = history.series();
    int spd = series.stepsPerDay();
    if ((long) series.size() * series.intervalMinutes() < MIN_HISTORY_MINUTES) {
      in.add(field, "must cover at least 2 days of valid readings after cleaning, covers "
          + series.size() * series.intervalMinutes() / 60 + " hours");
    } else if (model != null) {
      int steps = horizon * series.stepsPerHour();
      int needed = model.equals("auto") ? Forecaster.minHistoryDays(steps, spd)
          : Forecaster.minHistoryDays(Forecaster.model(model).orElseThrow(), steps, spd);
      int days = series.size() / spd;
      if (days < needed) {
        in.add(model.equals("auto") ? "horizon_hours" : "model", "needs at least " + needed
            + " days of history for a " + horizon + "-hour horizon" + (model.equals("auto") ? "" : " with model " + model)
            + ", history has " + days);
      }
    }
    TemperatureCleaner.Filled[] filled = new TemperatureCleaner.Filled[1];
    Weather weather = in.has("weather") ? weather(in, raw, horizon * series.stepsPerHour(), filled) : null;
    in.throwIfInvalid();
    ForecastProblem problem = new ForecastProblem(region, history, LoadUnit.fromSymbol(unitSymbol).orElseThrow(),
        horizon, quantiles, model, Set.copyOf(holidayDates), country, weather, weather == null ? 0 : filled[0].filled());
    return new ParsedRequest<>(region, series.dateAt(series.size()), problem,
        RequestFacts.of(body).withHistory(raw.sentValues(), raw.sentMissing()));
  }

  private static double[] quantiles(RequestReader in) {
    double[] qs = in.numbers("quantiles", false, 1, 19, false);
    if (qs == null) {
      return in.has("quantiles") ? null : DEFAULT_QUANTILES.clone();
    }
    for (int i = 0; i < qs.length; i++) {
      if (qs[i] <= 0 || qs[i] >= 1) {
        in.add("quantiles[" + i + "]", "must be strictly between 0 and 1");
        return null;
      }
    }
    if (Arrays.stream(qs).distinct().count() != qs.length) {
      in.add("quantiles", "must not repeat a value");
      return null;
    }
    Arrays.sort(qs);
    return qs;
  }

  /** Fills {@code dates} from a list, or returns the country code of {@code {"country": ..}}. */
  private static String holidays(RequestReader in, Object raw, Set<LocalDate> dates) {
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof JsonObject) && !(raw instanceof JsonArray)) {
      in.add("holidays", "must be a list of dates YYYY-MM-DD or an object {\"country\": code}");
      return null;
    }
    if (raw instanceof JsonObject) {
      RequestReader h = in.object("holidays", false);
      String country = h.requiredString("country");
      if (country != null && !Holidays.isKnownCountry(country)) {
        h.add("country", "is not a country with a known public-holiday calendar (ISO 3166 code, e.g. US, DE)");
        return null;
      }
      return country;
    }
    JsonArray list = in.array("holidays", false, 0, 10_000);
    if (list == null) {
      return null;
    }
    for (int i = 0; i < list.size(); i++) {
      Object v = list.getValue(i);
      try {
        dates.add(LocalDate.parse((String) v));
      } catch (RuntimeException e) {
        in.add("holidays[" + i + "]", "must be a date YYYY-MM-DD");
        return null;
      }
    }
    return null;
  }

  /**
   * The cleaned history and what weather needs of the request: the first label and the label after
   * the last reading as sent, and the temperatures as sent (regular form: one per value, NaN when
   * missing; points: their {@code temperature}s); and for the run's summary, how many values (or
   * points) were sent and how many of them were null.
   */
  private record RawHistory(CleanHistory clean, OffsetDateTime start, LocalDateTime end, double[] temperatures,
      List<HistoryPoint> pointTemperatures, int sentValues, int sentMissing) {
  }

  private static RawHistory history(RequestReader in) {
    boolean regular = in.has("history");
    boolean points = in.has("history_points");
    if (regular == points) {
      in.add(regular ? "history_points" : "history", regular
          ? "must not be given together with history; send one of them"
          : "or history_points is required");
      return null;
    }
    try {
      return regular ? regularHistory(in) : pointHistory(in);
    } catch (InvalidHistoryException e) {
      in.add(regular ? "history" : "history_points", e.getMessage());
      return null;
    }
  }

  /** Temperature bounds in F: beyond the coldest and hottest air temperatures ever measured. */
  static final double MIN_TEMPERATURE_F = -130;
  static final double MAX_TEMPERATURE_F = 140;
  /** Largest {@code temperature_forecast_sd} in F: beyond it a forecast carries no information. */
  static final double MAX_FORECAST_SD_F = 30;

  /**
   * {@code weather}: {@code temperature_unit} (F|C), {@code temperature} (one per history value,
   * null when missing; with history_points each point's {@code temperature} instead),
   * {@code temperature_forecast} (one per horizon step, all present), {@code temperature_forecast_sd}
   * (default {@link Weather#DEFAULT_FORECAST_SD_F} F). More variables would be more sibling fields.
   */
  private static Weather weather(RequestReader in, RawHistory raw, int horizonSteps,
      TemperatureCleaner.Filled[] filled) {
    RequestReader w = in.object("weather", true);
    if (w == null) {
      return null;
    }
    String unit = w.choice("temperature_unit", null, List.of("F", "C"));
    if (unit == null && !w.has("temperature_unit")) {
      w.add("temperature_unit", "is required: F or C");
    }
    boolean celsius = "C".equals(unit);
    double[] history;
    if (raw.temperatures() == null) {
      history = null;
      if (w.has("temperature")) {
        w.add("temperature", "must not be given with history_points: give each point its temperature");
      }
    } else {
      history = aligned(w, "temperature", raw.temperatures().length, "reading per history.values element", true);
    }
    double[] forecast = aligned(w, "temperature_forecast", horizonSteps, "value per forecast step", false);
    Double sd = w.numberInRange("temperature_forecast_sd", false, 0,
        celsius ? MAX_FORECAST_SD_F / 1.8 : MAX_FORECAST_SD_F);
    if (unit == null || (history == null && raw.temperatures() != null) || forecast == null
        || (sd == null && w.has("temperature_forecast_sd"))) {
      return null;
    }
    if (!inRange(w, "temperature_forecast", forecast, celsius)
        || (history != null && !inRange(w, "temperature", history, celsius))) {
      return null;
    }
    if (raw.pointTemperatures() != null) {
      for (int i = 0; i < raw.pointTemperatures().size(); i++) {
        double t = raw.pointTemperatures().get(i).value();
        if (Double.isFinite(t) && !inRange(t, celsius)) {
          in.add("history_points[" + i + "].temperature", rangeProblem(celsius));
          return null;
        }
      }
    }
    LoadSeries series = raw.clean().series();
    if (!series.timeAt(series.size()).equals(raw.end())) {
      in.add(in.has("history") ? "history.values" : "history_points", "must end with a valid load reading when "
          + "weather is given: weather.temperature_forecast starts at the step after the last one");
      return null;
    }
    try {
      filled[0] = history != null ? TemperatureCleaner.regular(series, raw.start(), history)
          : TemperatureCleaner.irregular(series, raw.pointTemperatures());
    } catch (InvalidHistoryException e) {
      w.add(history != null ? "temperature" : "history_points", e.getMessage());
      return null;
    }
    double sdF = sd == null ? Weather.DEFAULT_FORECAST_SD_F : celsius ? sd * 1.8 : sd;
    return new Weather(toF(filled[0].values(), celsius), toF(forecast, celsius), sdF);
  }

  /** An array of exactly {@code expected} numbers; the length problem says what it must align with. */
  private static double[] aligned(RequestReader w, String field, int expected, String what, boolean nullsAllowed) {
    JsonArray array = w.array(field, true, 0, MAX_POINTS);
    if (array == null) {
      return null;
    }
    if (array.size() != expected) {
      w.add(field, "must have one " + what + " (" + expected + "), has " + array.size());
      return null;
    }
    return w.numbers(field, true, expected, expected, nullsAllowed);
  }

  private static boolean inRange(double t, boolean celsius) {
    double f = celsius ? t * 1.8 + 32 : t;
    return f >= MIN_TEMPERATURE_F && f <= MAX_TEMPERATURE_F;
  }

  private static String rangeProblem(boolean celsius) {
    return celsius ? "must be between -90 and 60 (degrees C; check temperature_unit)"
        : "must be between -130 and 140 (degrees F; check temperature_unit)";
  }

  private static boolean inRange(RequestReader w, String field, double[] values, boolean celsius) {
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i]) && !inRange(values[i], celsius)) {
        w.add(field + "[" + i + "]", rangeProblem(celsius));
        return false;
      }
    }
    return true;
  }

  private static double[] toF(double[] values, boolean celsius) {
    return celsius ? Arrays.stream(values).map(c -> c * 1.8 + 32).toArray() : values.clone();
  }

  private static RawHistory regularHistory(RequestReader in) {
    RequestReader h = in.object("history", true);
    if (h == null) {
      return null;
    }
    OffsetDateTime start = h.timestamp("start", true);
    Integer interval = h.integer("interval_minutes", true, 1, 1440);
    if (interval != null && !INTERVALS.contains(interval)) {
      h.add("interval_minutes", "must be one of " + INTERVALS);
      interval = null;
    }
    double[] values = h.numbers("values", true, 1, 2 * MAX_VALUES, true); // the span check below names the limit
    if (start == null || interval == null || values == null) {
      return null;
    }
    if ((long) values.length * interval < MIN_HISTORY_MINUTES) {
      h.add("values", "must cover at least 2 days: " + values.length + " values of " + interval + " minutes given");
      return null;
    }
    if ((long) values.length * interval > MAX_HISTORY_DAYS * 1440L) {
      h.add("values", "must cover at most 5 years (" + MAX_HISTORY_DAYS + " days)");
      return null;
    }
    return new RawHistory(SeriesCleaner.regular(start, interval, values), start,
        start.toLocalDateTime().plusMinutes((long) values.length * interval), values, null, values.length,
        (int) Arrays.stream(values).filter(Double::isNaN).count());
  }

  private static RawHistory pointHistory(RequestReader in) {
    JsonArray array = in.array("history_points", true, 2, MAX_POINTS);
    if (array == null) {
      return null;
    }
    List<HistoryPoint> points = new ArrayList<>(array.size());
    List<HistoryPoint> temperatures = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      RequestReader p = in.element("history_points", i, array.getValue(i));
      if (p == null) {
        return null;
      }
      OffsetDateTime t = p.timestamp("timestamp", true);
      Double v = p.has("value") ? p.number("value", false) : Double.valueOf(Double.NaN);
      Double temperature = p.has("temperature") ? p.number("temperature", false) : Double.valueOf(Double.NaN);
      if (t == null || v == null || temperature == null) {
        return null; // the first bad element is named; the rest are not read
      }
      points.add(new HistoryPoint(t, v));
      temperatures.add(new HistoryPoint(t, temperature));
    }
    CleanHistory clean = SeriesCleaner.irregular(points);
    LoadSeries s = clean.series();
    if ((long) s.size() * s.intervalMinutes() > MAX_HISTORY_DAYS * 1440L) {
      in.add("history_points", "must cover at most 5 years (" + MAX_HISTORY_DAYS + " days)");
      return null;
    }
    LocalDateTime last = points.stream().map(p -> p.timestamp().toLocalDateTime()).max(LocalDateTime::compareTo)
        .orElseThrow();
    return new RawHistory(clean, null, last.plusMinutes(s.intervalMinutes()), null, temperatures, array.size(), 0);
  }

  @Override
  public RunSummary.Facts summary(ForecastProblem problem, RequestFacts request, JsonObject result) {
    RunSummary.Facts facts = RunSummary.Facts.empty();
    List<String> in = facts.input();
    if (request.given("history")) {
      int minutes = problem.history().series().intervalMinutes();
      in.add("history " + fmt((double) request.historyLength() * minutes / 1440) + " days of "
          + (minutes == 60 ? "hourly" : fmt(minutes) + "-minute") + " values"
          + (request.historyMissing() > 0 ? ", " + request.historyMissing() + " missing" : ""));
    } else {
      in.add("history of " + request.historyLength() + " timestamped points");
    }
    in.add("horizon " + RunSummary.duration(problem.horizonHours()));
    if (!"auto".equals(problem.model())) {
      in.add("model " + problem.model() + " requested");
    }
    if (problem.holidayCountry() != null) {
      in.add("public holidays of " + problem.holidayCountry());
    } else if (request.given("holidays")) {
      in.add(problem.holidayDates().size() + " holidays given");
    }
    resultFacts(result == null ? new JsonObject() : result, problem.unit().symbol(), facts.result());
    return facts;
  }

  private static void resultFacts(JsonObject out, String requestUnit, List<String> facts) {
    String unit = RunSummary.string(out, "unit") != null ? RunSummary.string(out, "unit") : requestUnit;
    JsonObject peak = RunSummary.object(out, "peak");
    if (peak != null && RunSummary.number(peak, "value") != null) {
      String at = RunSummary.string(peak, "timestamp");
      facts.add("forecast peak " + fmt(RunSummary.number(peak, "value")) + " " + unit
          + (at == null ? "" : " at " + RunSummary.localTime(at)));
    }
    Object model = out.getValue("model");
    if (model instanceof String name) {
      facts.add("model " + name);
    } else if (model instanceof JsonObject m && RunSummary.string(m, "name") != null) {
      facts.add("model " + RunSummary.string(m, "name"));
    }
    JsonObject backtest = RunSummary.object(out, "backtest");
    if (backtest != null) {
      List<String> parts = new ArrayList<>();
      RunSummary.addIf(parts, RunSummary.number(backtest, "mape_pct"), v -> "MAPE " + fmt(v) + "%");
      RunSummary.addIf(parts, RunSummary.number(backtest, "mase_vs_weekly_naive"),
          v -> "MASE " + fmt(v) + " against the weekly naive");
      RunSummary.addIf(parts, RunSummary.number(backtest, "coverage_80"), v -> "80% interval coverage " + fmt(v));
      if (!parts.isEmpty()) {
        facts.add("backtest " + String.join(", ", parts));
      }
    }
    JsonObject quality = RunSummary.object(out, "data_quality");
    if (quality != null) {
      List<String> parts = new ArrayList<>();
      for (String key : quality.fieldNames().stream().sorted().toList()) {
        Double count = RunSummary.number(quality, key);
        if (count != null && count > 0) {
          parts.add(fmt(count) + " " + key.replace('_', ' '));
        }
      }
      if (!parts.isEmpty()) {
        facts.add("data quality: " + String.join(", ", parts));
      }
    }
  }

  @Override
  public SolveOutcome solve(ForecastProblem problem) {
    ForecastResult r = problem.solve();
    String unit = problem.unit().symbol();
    JsonObject quantiles = new JsonObject();
    for (Map.Entry<Double, double[]> e : r.quantiles().entrySet()) {
      quantiles.put(BigDecimal.valueOf(e.getKey()).stripTrailingZeros().toPlainString(), values(e.getValue()));
    }
    ForecastResult.Backtest bt = r.backtest();
    JsonArray candidates = new JsonArray(r.candidates().stream()
        .map(c -> new JsonObject().put("name", c.model()).put("backtest_mape_pct", round(c.mapePct())))
        .collect(Collectors.toList()));
    OffsetDateTime start = r.start().atOffset(r.offset());
    DataQuality q = problem.history().quality();
    JsonObject result = new JsonObject()
        .put("start", start.toString())
        .put("interval_minutes", r.intervalMinutes())
        .put("unit", unit)
        .put("point", values(r.point()))
        .put("quantiles", quantiles)
        .put("model", new JsonObject().put("name", r.model()).put("reason", r.reason())
            .put("backtest_mape_pct", round(bt.mapePct())).put("candidates", candidates))
        .put("backtest", new JsonObject().put("mape_pct", round(bt.mapePct()))
            .put("mase_vs_weekly_naive", round(bt.maseVsWeeklyNaive()))
            .put("coverage_80", round(bt.coverage80())).put("origins", bt.origins()))
        .put("peak", new JsonObject()
            .put("timestamp", start.plusMinutes((long) r.peakIndex() * r.intervalMinutes()).toString())
            .put("value", round(r.point()[r.peakIndex()])))
        .put("data_quality", new JsonObject().put("duplicates_averaged", q.duplicatesAveraged())
            .put("gaps_filled", q.gapsFilled()).put("values_rejected", q.valuesRejected()));
    if (problem.weather() != null) {
      result.getJsonObject("data_quality").put("temperatures_filled", problem.temperaturesFilled());
    }
    return new SolveOutcome(result, "forecast/" + r.model(), r.candidates().size() + 1L);
  }

  /** The history's findings, and the forecast peak against the history's when the run has a forecast. */
  @Override
  public List<Anomaly> anomalies(ForecastProblem problem, JsonObject body, JsonObject result, ErrorBody failure) {
    CleanHistory h = problem.history();
    String unit = problem.unit().symbol();
    List<Anomaly> found = new ArrayList<>(LoadAnomalyDetector.detect(h.series(), h.log(), problem.holidays(), unit));
    JsonObject peak = result == null ? null : result.getValue("peak") instanceof JsonObject o ? o : null;
    if (peak != null && peak.getValue("value") instanceof Number value && peak.getValue("timestamp") instanceof String at) {
      found.addAll(LoadAnomalyDetector.forecastPeak(h.series(), value.doubleValue(), OffsetDateTime.parse(at), unit));
    }
    return found;
  }

  @Override
  public double[] pastLoadsKw(ForecastProblem problem) {
    double[] v = problem.history().series().values();
    return Arrays.stream(Arrays.copyOfRange(v, Math.max(0, v.length - 24), v.length))
        .map(x -> problem.unit().toKw(x)).toArray();
  }

  @Override
  public String qnnGoal(ForecastProblem problem) {
    return "Next" + problem.horizonHours() + "Hours";
  }

  private static JsonArray values(double[] v) {
    JsonArray a = new JsonArray();
    for (double d : v) {
      a.add(round(d));
    }
    return a;
  }

  /** Three decimals, and null for a figure that could not be measured. */
  private static Double round(double d) {
    return Double.isFinite(d) ? Math.round(d * 1000) / 1000.0 : null;
  }
}
