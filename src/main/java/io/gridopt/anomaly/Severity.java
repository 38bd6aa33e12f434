package io.gridopt.anomaly;

import java.util.Locale;

/** How urgently an operator should look at a finding; the rules per type are in docs/anomalies.md. */
public enum Severity {
  LOW, MEDIUM, HIGH, CRITICAL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The level of the first threshold that {@code value} reaches, from {@code high} down; LOW below them all. */
  static Severity byThresholds(double value, double medium, double high) {
    return value >= high ? HIGH : value >= medium ? MEDIUM : LOW;
  }

  static Severity byThresholds(double value, double medium, double high, double critical) {
    return value >= critical ? CRITICAL : byThresholds(value, medium, high);
  }

  Severity atLeast(Severity other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
