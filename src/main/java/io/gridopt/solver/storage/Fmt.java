package io.gridopt.solver.storage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers for messages: at most three decimals, no trailing zeros. */
final class Fmt {
  private Fmt() {
  }

  static String num(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    BigDecimal d = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    return d.signum() == 0 ? "0" : d.toPlainString();
  }
}
