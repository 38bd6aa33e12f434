package io.gridopt.bench;

import java.util.Locale;

/**
 * Coverage of the 0.1..0.9 band if every band's distance from the point were scaled by each of
 * 0.75, 0.775, .. 1.25: what a band-scale setting would give, read off one run (option {@code scan=true}).
 */
final class BandScan {
  static final double[] SCALES = java.util.stream.IntStream.rangeClosed(0, 20).mapToDouble(i -> 0.75 + 0.025 * i)
      .toArray();
  private final long[] inside = new long[SCALES.length];
  private long count;

  void add(double y, double point, double lo, double hi) {
    for (int c = 0; c < SCALES.length; c++) {
      inside[c] += y >= point + SCALES[c] * (lo - point) && y <= point + SCALES[c] * (hi - point) ? 1 : 0;
    }
    count++;
  }

  /** One line after a result row, empty without {@code -Dbench.scan=true}. */
  String line() {
    if (!Boolean.getBoolean("bench.scan")) {
      return "";
    }
    StringBuilder out = new StringBuilder("\n  # 80% coverage if the bands were scaled by:");
    for (int c = 0; c < SCALES.length; c++) {
      out.append(String.format(Locale.ROOT, " %.3f:%.3f", SCALES[c], (double) inside[c] / count));
    }
    return out.toString();
  }
}
