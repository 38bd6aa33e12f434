package io.gridopt.anomaly;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finding of a detector: a stable {@code type} code (docs/anomalies.md lists them), its
 * {@link Severity}, a sentence with the figures, concrete actions, and the same facts in fields a
 * program can use: the time span ({@code start}/{@code end}, null for findings not in a series),
 * the buses and branches concerned, and {@code figures}, the numbers the severity rule used
 * (values are numbers or short strings, in insertion order).
 */
public record Anomaly(String type, Severity severity, String description, List<String> suggestedActions,
    OffsetDateTime start, OffsetDateTime end, List<String> buses, List<String> branches, Map<String, Object> figures) {

  public Anomaly {
    suggestedActions = List.copyOf(suggestedActions);
    buses = List.copyOf(buses);
    branches = List.copyOf(branches);
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }

  /** A finding in a time series: a span, no network elements. */
  static Anomaly inSeries(String type, Severity severity, String description, List<String> actions,
      OffsetDateTime start, OffsetDateTime end, Map<String, Object> figures) {
    return new Anomaly(type, severity, description, actions, start, end, List.of(), List.of(), figures);
  }

  /** A finding in a network: buses and branches, no span. */
  static Anomaly inNetwork(String type, Severity severity, String description, List<String> actions,
      List<String> buses, List<String> branches, Map<String, Object> figures) {
    return new Anomaly(type, severity, description, actions, null, null, buses, branches, figures);
  }

  /** A finding about a request as a whole. */
  static Anomaly general(String type, Severity severity, String description, List<String> actions,
      Map<String, Object> figures) {
    return new Anomaly(type, severity, description, actions, null, null, List.of(), List.of(), figures);
  }
}
