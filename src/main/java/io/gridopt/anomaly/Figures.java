package io.gridopt.anomaly;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The figures of a finding, in order, numbers rounded for reading; and number formatting for descriptions. */
final class Figures {
  private final Map<String, Object> values = new LinkedHashMap<>();

  static Figures of() {
    return new Figures();
  }

  Figures put(String name, double value) {
    values.put(name, Double.isFinite(value) ? round(value, 4) : null);
    return this;
  }

  Figures put(String name, String value) {
    values.put(name, value);
    return this;
  }

  Map<String, Object> map() {
    return values;
  }

  /** Four significant digits, plain notation: "1234", "0.9132", "12.35", "1235000". */
  static String num(double v) {
    if (!Double.isFinite(v)) {
      return String.valueOf(v);
    }
    return BigDecimal.valueOf(round(v, 4)).stripTrailingZeros().toPlainString();
  }

  static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
  }

  static double round(double v, int significant) {
    if (v == 0 || !Double.isFinite(v)) {
      return v;
    }
    return new BigDecimal(v).round(new MathContext(significant, RoundingMode.HALF_EVEN)).doubleValue();
  }

  private Figures() {
  }
}
