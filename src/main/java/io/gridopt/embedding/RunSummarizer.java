package io.gridopt.embedding;

import io.gridopt.domain.RequestType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the one-paragraph text that is embedded for a run and stored in
 * {@code optimization_embeddings.content}: what kind of run, where, when, how it ended, and the key
 * figures of its input and result, so that a person reading two similar runs sees why they are
 * similar. Every statement is read from the run's own fields (nothing is inferred that the data does
 * not say); absent or malformed fields are left out, never guessed. The text is deterministic: the
 * same run gives the same text, numbers are rounded to four significant digits.
 */
public final class RunSummarizer {
  /** Longest error text quoted; failure reasons are one sentence, anything longer is a dump. */
  static final int MAX_ERROR_CHARS = 240;
  /** Most branch ids listed; a large feeder's open set is summarised by its count. */
  static final int MAX_LISTED_IDS = 12;

  private static final DateTimeFormatter LOCAL_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final Pattern MATPOWER_NAME = Pattern.compile("function\\s+mpc\\s*=\\s*(\\w+)");

  private RunSummarizer() {
  }

  /**
   * The summary of one run without its anomalies. Every argument may be null; {@code error} is quoted for runs whose status
   * is {@code failed} (or that have no result but an error).
   */
  public static String summarize(RequestType type, String region, LocalDate forecastDate, String status,
      String error, JsonObject input, JsonObject result) {
    JsonObject in = input == null ? new JsonObject() : input;
    JsonObject out = result == null ? new JsonObject() : result;
    boolean failed = "failed".equalsIgnoreCase(status) || (result == null && error != null && !error.isBlank());

    StringBuilder text = new StringBuilder(kindName(type));
    if (region != null && !region.isBlank()) {
      text.append(" for region ").append(region.strip());
    }
    if (forecastDate != null) {
      text.append(" on ").append(forecastDate);
    }
    if (failed) {
      text.append(" failed");
      String outcome = string(out, "status");
      if (outcome != null) {
        text.append(" (").append(outcome).append(')');
      }
      if (error != null && !error.isBlank()) {
        text.append(": ").append(abbreviate(error.strip().replaceAll("\\s+", " "), MAX_ERROR_CHARS));
      }
    } else if (status != null && !status.isBlank()) {
      text.append(", status ").append(status.strip());
    }
    text.append('.');

    List<String> inputFacts = new ArrayList<>();
    List<String> resultFacts = new ArrayList<>();
    if (type == RequestType.STORAGE) {
      storageInput(in, inputFacts);
      storageResult(out, resultFacts);
    } else if (type == RequestType.GRID_SWITCH) {
      gridInput(in, inputFacts);
      gridResult(out, resultFacts);
    } else if (type == RequestType.NETWORK_DISPATCH) {
      dispatchInput(in, inputFacts);
      dispatchResult(out, resultFacts);
    } else if (type == RequestType.FORECAST) {
      forecastInput(in, inputFacts);
      forecastResult(in, out, resultFacts);
    } else {
      genericFacts(in, inputFacts);
      genericFacts(out, resultFacts);
    }
    appendSentence(text, "Input", inputFacts);
    if (!failed) {
      appendSentence(text, "Result", resultFacts);
    }
    return text.toString();
  }

  /**
   * The whole text embedded for a run: its summary and the sentence naming its anomalies. The one entry
   * point of first-time embedding and of re-embedding, so both write the same text for the same run.
   */
  public static String text(RequestType type, String region, LocalDate forecastDate, String status, String error,
      JsonObject input, JsonObject result, JsonArray anomalies) {
    return summarize(type, region, forecastDate, status, error, input, result) + anomalies(anomalies);
  }

  /** Most anomalies named in a summary; the rest are counted. */
  static final int MAX_LISTED_ANOMALIES = 5;
  /** Longest anomaly description quoted. */
  static final int MAX_ANOMALY_CHARS = 200;

  /**
   * The sentence that names a run's anomalies (" Anomalies: high grid undervoltage: 12 buses below
   * ..."), so that a search for "voltage problems" finds the run; empty without anomalies. They are
   * named in one order whatever order they come in (the detectors' order at detection, the
   * database's on re-embedding): those in a series by start, then the others, each group by type and
   * description.
   */
  static String anomalies(JsonArray anomalies) {
    if (anomalies == null || anomalies.isEmpty()) {
      return "";
    }
    List<JsonObject> ordered = new ArrayList<>();
    anomalies.forEach(a -> {
      if (a instanceof JsonObject o) {
        ordered.add(o);
      }
    });
    ordered.sort(ANOMALY_ORDER);
    List<String> named = new ArrayList<>();
    for (JsonObject a : ordered.subList(0, Math.min(MAX_LISTED_ANOMALIES, ordered.size()))) {
      named.add(string(a, "severity") + " " + String.valueOf(string(a, "type")).replace('_', ' ') + ": "
          + abbreviate(String.valueOf(string(a, "description")), MAX_ANOMALY_CHARS));
    }
    int more = anomalies.size() - named.size();
    return " Anomalies (" + anomalies.size() + "): " + String.join("; ", named)
        + (more > 0 ? "; and " + more + " more." : "");
  }

  private static final Comparator<JsonObject> ANOMALY_ORDER = Comparator
      .comparing((JsonObject a) -> instant(string(a, "start")), Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(a -> String.valueOf(string(a, "type")))
      .thenComparing(a -> String.valueOf(string(a, "description")));

  /** The instant of an ISO timestamp with offset; null when absent or malformed. */
  private static Instant instant(String timestamp) {
    try {
      return timestamp == null ? null : OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String kindName(RequestType type) {
    if (type == null) {
      return "Optimization run";
    }
    return switch (type) {
      case STORAGE -> "Battery storage schedule";
      case GRID_SWITCH -> "Grid switching reconfiguration of a distribution feeder";
      case NETWORK_DISPATCH -> "Network-aware battery and PV dispatch on a distribution feeder";
      case FORECAST -> "Load forecast";
      case SIMULATION -> "Simulation run";
    };
  }

  // ---- storage (issue 3 field names) ----

  private static void storageInput(JsonObject in, List<String> facts) {
    Series load = Series.of(in.getValue("load_kw"));
    Series importPrice = Series.of(in.getValue("import_price"));
    int steps = Math.max(load.length(), importPrice.length());
    Double dtHours = number(in, "dt_hours");
    if (steps > 0) {
      double dt = dtHours == null ? 1 : dtHours;
      facts.add(steps + " steps of " + stepName(dt) + " over " + duration(steps * dt));
    }
    if (load.count > 0) {
      facts.add("load peak " + fmt(load.max) + " kW");
    } else if (string(in, "forecast_run_id") != null) {
      facts.add("load taken from forecast run " + string(in, "forecast_run_id"));
    }
    Series pv = Series.of(in.getValue("pv_kw"));
    if (pv.count > 0 && pv.max > 0) {
      facts.add("solar PV up to " + fmt(pv.max) + " kW");
    }
    if (importPrice.count > 0) {
      String price = "import price " + money(importPrice.min)
          + (importPrice.max == importPrice.min ? "" : " to " + money(importPrice.max)) + " per kWh";
      if (importPrice.negatives > 0) {
        price += ", negative prices in " + importPrice.negatives + " of " + importPrice.count + " steps";
      }
      facts.add(price);
    }
    Series exportPrice = Series.of(in.getValue("export_price"));
    if (exportPrice.count > 0 && exportPrice.max != 0) {
      facts.add("export price up to " + money(exportPrice.max));
    }
    JsonObject battery = object(in, "battery");
    if (battery != null) {
      List<String> parts = new ArrayList<>();
      addIf(parts, number(battery, "capacity_kwh"), v -> fmt(v) + " kWh");
      addIf(parts, number(battery, "max_charge_kw"), v -> "charge " + fmt(v) + " kW");
      addIf(parts, number(battery, "max_discharge_kw"), v -> "discharge " + fmt(v) + " kW");
      addIf(parts, number(battery, "final_soc_kwh"), v -> "final charge at least " + fmt(v) + " kWh");
      if (!parts.isEmpty()) {
        facts.add("battery " + String.join(", ", parts));
      }
    }
    addIf(facts, number(in, "grid_import_limit_kw"), v -> "grid import limit " + fmt(v) + " kW");
    addIf(facts, number(in, "grid_export_limit_kw"), v -> "grid export limit " + fmt(v) + " kW");
    addIf(facts, number(in, "demand_charge_per_kw"), v -> "demand charge " + fmt(v) + " per kW of peak import");
  }

  private static void storageResult(JsonObject out, List<String> facts) {
    String status = string(out, "status");
    if (status != null) {
      facts.add(status + " schedule");
    }
    Double cost = number(out, "total_cost");
    Double baseline = number(out, "baseline_cost");
    if (cost != null) {
      facts.add("cost " + fmt(cost) + (baseline == null ? "" : " against " + fmt(baseline) + " without the battery"));
    }
    Double savings = number(out, "savings");
    Double savingsPct = number(out, "savings_pct");
    if (savings != null) {
      facts.add("savings " + fmt(savings) + (savingsPct == null ? "" : " (" + fmt(savingsPct) + "%)"));
    }
    addIf(facts, number(out, "peak_import_kw"), v -> "peak grid import " + fmt(v) + " kW");
    JsonObject schedule = object(out, "schedule");
    if (schedule != null) {
      Series curtailment = Series.of(schedule.getValue("curtailment_kw"));
      if (curtailment.positives > 0) {
        facts.add("PV curtailed in " + curtailment.positives + " steps");
      }
    }
    JsonArray warnings = array(out, "warnings");
    if (warnings != null && !warnings.isEmpty() && warnings.getValue(0) instanceof String w) {
      facts.add("warning: " + abbreviate(w, MAX_ERROR_CHARS));
    }
  }

  // ---- grid switching (issue 4 field names) ----

  private static void gridInput(JsonObject in, List<String> facts) {
    JsonObject network = object(in, "network");
    String matpower = string(in, "matpower");
    if (network != null) {
      JsonArray buses = array(network, "buses");
      JsonArray branches = array(network, "branches");
      StringBuilder size = new StringBuilder("network");
      if (buses != null) {
        size.append(' ').append(buses.size()).append(" buses");
      }
      if (branches != null) {
        int open = 0;
        for (Object b : branches) {
          if (b instanceof JsonObject branch && Boolean.FALSE.equals(branch.getValue("closed"))) {
            open++;
          }
        }
        size.append(buses != null ? " and " : " ").append(branches.size()).append(" branches, ")
            .append(open).append(" open at the start");
      }
      facts.add(size.toString());
      addIf(facts, number(network, "base_kv"), v -> "base voltage " + fmt(v) + " kV");
    } else if (matpower != null) {
      Matcher name = MATPOWER_NAME.matcher(matpower);
      List<String[]> busRows = matpowerRows(matpower, "bus");
      List<String[]> branchRows = matpowerRows(matpower, "branch");
      long open = branchRows.stream().filter(r -> r.length > 10 && parses(r[10]) && Double.parseDouble(r[10]) == 0).count();
      facts.add("MATPOWER case" + (name.find() ? " " + name.group(1) : "") + " with " + busRows.size() + " buses and "
          + branchRows.size() + " branches, " + open + " open at the start");
    }
    String mode = string(in, "mode");
    if ("evaluate".equals(mode)) {
      facts.add("power flow evaluation of the given switch states");
    } else if (network != null || matpower != null || mode != null) {
      facts.add("loss minimisation over radial configurations");
    }
    addIf(facts, number(in, "v_min_pu"), v -> "voltage limit " + fmt(v) + " pu");
    addIf(facts, number(in, "max_switch_operations"), v -> "at most " + fmt(v) + " switch operations");
    Double loadScale = number(in, "load_scale");
    if (loadScale != null && loadScale != 1) {
      facts.add("loads scaled by " + fmt(loadScale));
    }
  }

  private static void gridResult(JsonObject out, List<String> facts) {
    Double before = number(out, "loss_kw_before");
    Double after = number(out, "loss_kw_after");
    if (before != null && after != null) {
      Double pct = number(out, "loss_reduction_pct");
      facts.add("losses " + fmt(before) + " kW before and " + fmt(after) + " kW after"
          + (pct == null ? "" : ", a " + fmt(pct) + "% reduction"));
    } else {
      addIf(facts, before, v -> "losses " + fmt(v) + " kW");
    }
    JsonArray open = array(out, "open_branches");
    if (open != null) {
      facts.add(open.isEmpty() ? "no branch open" : "open branches " + idList(open));
    }
    JsonArray operations = array(out, "switch_operations");
    if (operations != null) {
      facts.add(operations.size() + " switch operations");
    }
    String vBefore = voltage(out, "before");
    String vAfter = voltage(out, "after");
    if (vBefore != null || vAfter != null) {
      facts.add("minimum voltage " + (vBefore == null ? "" : vBefore + " before")
          + (vBefore != null && vAfter != null ? " and " : "") + (vAfter == null ? "" : vAfter + " after"));
    }
  }

  // ---- network-aware dispatch ----

  private static void dispatchInput(JsonObject in, List<String> facts) {
    Series importPrice = Series.of(in.getValue("import_price"));
    Double dtHours = number(in, "dt_hours");
    if (importPrice.length() > 0) {
      double dt = dtHours == null ? 1 : dtHours;
      facts.add(importPrice.length() + " steps of " + stepName(dt) + " over " + duration(importPrice.length() * dt));
    }
    String matpower = string(in, "matpower");
    JsonArray buses = object(in, "network") == null ? null : array(object(in, "network"), "buses");
    if (matpower != null) {
      Matcher name = MATPOWER_NAME.matcher(matpower);
      facts.add("MATPOWER feeder" + (name.find() ? " " + name.group(1) : "") + " with "
          + matpowerRows(matpower, "bus").size() + " buses");
    } else if (buses != null) {
      facts.add("feeder with " + buses.size() + " buses");
    }
    JsonArray batteries = array(in, "batteries");
    if (batteries != null && !batteries.isEmpty()) {
      double kwh = 0;
      for (Object b : batteries) {
        if (b instanceof JsonObject battery && number(battery, "capacity_kwh") != null) {
          kwh += number(battery, "capacity_kwh");
        }
      }
      facts.add(batteries.size() + " batteries with " + fmt(kwh) + " kWh in all");
    }
    JsonArray pv = array(in, "pv");
    if (pv != null && !pv.isEmpty()) {
      facts.add(pv.size() + " PV sites");
    }
    if (string(in, "forecast_run_id") != null && in.getValue("bus_load_kw") == null) {
      facts.add("load profile taken from forecast run " + string(in, "forecast_run_id"));
    }
    if (importPrice.count > 0) {
      facts.add("import price " + money(importPrice.min)
          + (importPrice.max == importPrice.min ? "" : " to " + money(importPrice.max)) + " per kWh");
    }
    Double vMin = number(in, "v_min_pu");
    Double vMax = number(in, "v_max_pu");
    facts.add("voltage limits " + fmt(vMin == null ? 0.95 : vMin) + " to " + fmt(vMax == null ? 1.05 : vMax) + " pu");
    if ("evaluate".equals(string(in, "mode"))) {
      facts.add("evaluation of the given schedules by AC power flow");
    }
    if (Boolean.TRUE.equals(in.getValue("reconfigure"))) {
      facts.add("switch reconfiguration allowed");
    }
  }

  private static void dispatchResult(JsonObject out, List<String> facts) {
    Double cost = number(out, "cost");
    Double baseline = number(out, "baseline_cost");
    Double blind = number(out, "network_blind_cost");
    if (cost != null) {
      facts.add("cost " + fmt(cost) + (baseline == null ? "" : " against " + fmt(baseline) + " with idle batteries"));
    }
    JsonArray blindViolations = array(out, "network_blind_violations");
    if (blind != null) {
      facts.add("network-blind schedule " + fmt(blind) + (blindViolations == null || blindViolations.isEmpty() ? ""
          : " breaking " + blindViolations.size() + " limits"));
    }
    JsonArray violations = array(out, "violations");
    if (violations != null && !violations.isEmpty()) {
      facts.add(violations.size() + " limit violations");
    }
    addIf(facts, number(out, "losses_kwh"), v -> "losses " + fmt(v) + " kWh");
    Double curtailed = number(out, "curtailed_kwh");
    if (curtailed != null && curtailed > 0) {
      facts.add("PV curtailed " + fmt(curtailed) + " kWh");
    }
    JsonArray open = array(out, "open_branches");
    if (open != null) {
      facts.add("open branches " + idList(open));
    }
  }

  /** {@code v_min_pu_<when>} is a number or an object with the value and the bus; the bus may also stand beside. */
  private static String voltage(JsonObject out, String when) {
    Object v = out.getValue("v_min_pu_" + when);
    Double value = null;
    Object bus = out.getValue("v_min_bus_" + when);
    if (v instanceof Number n) {
      value = finite(n);
    } else if (v instanceof JsonObject o) {
      value = number(o, "value") != null ? number(o, "value") : number(o, "pu");
      bus = o.getValue("bus") != null ? o.getValue("bus") : bus;
    }
    if (value == null) {
      return null;
    }
    return fmt(value) + " pu" + (bus instanceof String || bus instanceof Number ? " at bus " + plain(bus) : "");
  }

  /** Numeric rows of the {@code mpc.<name> = [ ... ];} block of a MATPOWER case. */
  private static List<String[]> matpowerRows(String text, String name) {
    List<String[]> rows = new ArrayList<>();
    Matcher block = Pattern.compile("mpc\\." + name + "\\s*=\\s*\\[(.*?)\\]", Pattern.DOTALL).matcher(text);
    if (!block.find()) {
      return rows;
    }
    for (String line : block.group(1).split("\n")) {
      int comment = line.indexOf('%');
      for (String row : (comment >= 0 ? line.substring(0, comment) : line).split(";")) {
        String[] fields = row.trim().split("\\s+");
        if (fields.length > 1 && parses(fields[0])) {
          rows.add(fields);
        }
      }
    }
    return rows;
  }

  // ---- forecast (issue 5 field names) ----

  private static void forecastInput(JsonObject in, List<String> facts) {
    JsonObject history = object(in, "history");
    JsonArray points = array(in, "history_points");
    if (history != null) {
      Series values = Series.of(history.getValue("values"));
      Double interval = number(history, "interval_minutes");
      int total = values.length();
      String length = interval == null ? total + " values"
          : fmt(total * interval / 1440) + " days of " + intervalName(interval) + " values";
      facts.add("history " + length + (values.missing > 0 ? ", " + values.missing + " missing" : ""));
    } else if (points != null) {
      facts.add("history of " + points.size() + " timestamped points");
    }
    Double horizon = number(in, "horizon_hours");
    facts.add("horizon " + duration(horizon == null ? 24 : horizon));
    String model = string(in, "model");
    if (model != null && !"auto".equals(model)) {
      facts.add("model " + model + " requested");
    }
    if (in.getValue("holidays") != null) {
      Object holidays = in.getValue("holidays");
      if (holidays instanceof JsonObject h && string(h, "country") != null) {
        facts.add("public holidays of " + string(h, "country"));
      } else if (holidays instanceof String country) {
        facts.add("public holidays of " + country);
      } else if (holidays instanceof JsonArray dates) {
        facts.add(dates.size() + " holidays given");
      }
    } else if (string(in, "country") != null) {
      facts.add("public holidays of " + string(in, "country"));
    }
  }

  private static void forecastResult(JsonObject in, JsonObject out, List<String> facts) {
    String unit = string(out, "unit") != null ? string(out, "unit") : string(in, "unit") != null ? string(in, "unit") : "kW";
    JsonObject peak = object(out, "peak");
    if (peak != null && number(peak, "value") != null) {
      String at = string(peak, "timestamp");
      facts.add("forecast peak " + fmt(number(peak, "value")) + " " + unit + (at == null ? "" : " at " + localTime(at)));
    }
    Object model = out.getValue("model");
    if (model instanceof String name) {
      facts.add("model " + name);
    } else if (model instanceof JsonObject m && string(m, "name") != null) {
      facts.add("model " + string(m, "name"));
    }
    JsonObject backtest = object(out, "backtest");
    if (backtest != null) {
      List<String> parts = new ArrayList<>();
      addIf(parts, number(backtest, "mape_pct"), v -> "MAPE " + fmt(v) + "%");
      addIf(parts, number(backtest, "mase_vs_weekly_naive"), v -> "MASE " + fmt(v) + " against the weekly naive");
      addIf(parts, number(backtest, "coverage_80"), v -> "80% interval coverage " + fmt(v));
      if (!parts.isEmpty()) {
        facts.add("backtest " + String.join(", ", parts));
      }
    }
    JsonObject quality = object(out, "data_quality");
    if (quality != null) {
      List<String> parts = new ArrayList<>();
      for (String key : quality.fieldNames().stream().sorted().toList()) {
        Double count = number(quality, key);
        if (count != null && count > 0) {
          parts.add(fmt(count) + " " + key.replace('_', ' '));
        }
      }
      if (!parts.isEmpty()) {
        facts.add("data quality: " + String.join(", ", parts));
      }
    }
  }

  // ---- anything else ----

  private static void genericFacts(JsonObject json, List<String> facts) {
    for (String key : json.fieldNames().stream().sorted().toList()) {
      Object v = json.getValue(key);
      if (v instanceof Number n && finite(n) != null) {
        facts.add(key.replace('_', ' ') + " " + fmt(n.doubleValue()));
      } else if (v instanceof String s && s.length() <= 60) {
        facts.add(key.replace('_', ' ') + " " + s);
      }
    }
  }

  // ---- text helpers ----

  private static void appendSentence(StringBuilder text, String label, List<String> facts) {
    if (!facts.isEmpty()) {
      text.append(' ').append(label).append(": ").append(String.join("; ", facts)).append('.');
    }
  }

  private static <T> void addIf(List<String> facts, T value, Function<T, String> phrase) {
    if (value != null) {
      facts.add(phrase.apply(value));
    }
  }

  private static String stepName(double dtHours) {
    return dtHours < 1 ? fmt(dtHours * 60) + " min" : fmt(dtHours) + " h";
  }

  /** Hours as written, with the days beside them from two days up ({@code 168 h (7 days)}). */
  private static String duration(double hours) {
    return fmt(hours) + " h" + (hours >= 48 ? " (" + fmt(hours / 24) + " days)" : "");
  }

  /** Prices and money per unit: three significant digits are all a reader compares. */
  private static String money(double value) {
    return Math.abs(value) >= 100 ? fmt(value) : new BigDecimal(value).round(new MathContext(3, RoundingMode.HALF_UP))
        .stripTrailingZeros().toPlainString();
  }

  /** {@code 2024-02-05T18:00:00-05:00} as {@code 2024-02-05 18:00} (local time of the request); other text as is. */
  private static String localTime(String timestamp) {
    try {
      return OffsetDateTime.parse(timestamp).toLocalDateTime().format(LOCAL_MINUTES);
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }

  private static String intervalName(double minutes) {
    return minutes == 60 ? "hourly" : fmt(minutes) + "-minute";
  }

  private static String idList(JsonArray ids) {
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < Math.min(ids.size(), MAX_LISTED_IDS); i++) {
      listed.add(plain(ids.getValue(i)));
    }
    return String.join(", ", listed) + (ids.size() > MAX_LISTED_IDS ? " and " + (ids.size() - MAX_LISTED_IDS) + " more" : "");
  }

  private static String plain(Object value) {
    return value instanceof Number n ? fmt(n.doubleValue()) : String.valueOf(value);
  }

  /** Four significant digits (whole numbers from 1000 up), no exponent, no trailing zeros. */
  static String fmt(double value) {
    if (!Double.isFinite(value)) {
      return String.valueOf(value);
    }
    BigDecimal rounded = Math.abs(value) >= 1000
        ? BigDecimal.valueOf(value).setScale(0, RoundingMode.HALF_UP)
        : new BigDecimal(value).round(new MathContext(4, RoundingMode.HALF_UP));
    String s = rounded.stripTrailingZeros().toPlainString();
    return s.equals("-0") ? "0" : s;
  }

  private static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }

  // ---- lenient JSON access: a wrong type reads as absent ----

  private static Double number(JsonObject o, String key) {
    return o.getValue(key) instanceof Number n ? finite(n) : null;
  }

  private static Double finite(Number n) {
    double d = n.doubleValue();
    return Double.isFinite(d) ? d : null;
  }

  private static String string(JsonObject o, String key) {
    return o.getValue(key) instanceof String s && !s.isBlank() ? s.strip() : null;
  }

  private static JsonObject object(JsonObject o, String key) {
    return o.getValue(key) instanceof JsonObject j ? j : null;
  }

  private static JsonArray array(JsonObject o, String key) {
    return o.getValue(key) instanceof JsonArray a ? a : null;
  }

  private static boolean parses(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Statistics of a numeric array; nulls and non-numbers count as missing. */
  private record Series(int count, int missing, double min, double max, int negatives, int positives) {
    static Series of(Object value) {
      if (!(value instanceof JsonArray array)) {
        return new Series(0, 0, 0, 0, 0, 0);
      }
      int count = 0;
      int missing = 0;
      int negatives = 0;
      int positives = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (Object element : array) {
        Double x = element instanceof Number n ? finite(n) : null;
        if (x == null) {
          missing++;
          continue;
        }
        count++;
        min = Math.min(min, x);
        max = Math.max(max, x);
        negatives += x < 0 ? 1 : 0;
        positives += x > 0 ? 1 : 0;
      }
      return count == 0 ? new Series(0, missing, 0, 0, 0, 0) : new Series(count, missing, min, max, negatives, positives);
    }

    /** Length of the array, missing entries included. */
    int length() {
      return count + missing;
    }
  }
}
