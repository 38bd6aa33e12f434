package io.gridopt.anomaly;

import java.util.Arrays;

/** Robust statistics on arrays with NaN for missing values: medians and the MAD scale. */
final class Robust {
  /** MAD of a normal sample times this is its standard deviation. */
  static final double MAD_TO_SIGMA = 1.4826;

  private Robust() {
  }

  /** Median of the finite values of {@code v[from, to)}; NaN when fewer than {@code minCount} are finite. */
  static double median(double[] v, int from, int to, int minCount, double[] scratch) {
    int n = 0;
    for (int i = Math.max(0, from); i < Math.min(v.length, to); i++) {
      if (!Double.isNaN(v[i])) {
        scratch[n++] = v[i];
      }
    }
    return n < Math.max(1, minCount) ? Double.NaN : medianInPlace(scratch, n);
  }

  static double median(double[] v) {
    return median(v, 0, v.length, 1, new double[v.length]);
  }

  /** Median of the first {@code n} values of {@code a}, which it reorders. */
  static double medianInPlace(double[] a, int n) {
    Arrays.sort(a, 0, n);
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  /** Normal-consistent robust standard deviation: 1.4826 times the median absolute deviation. */
  static double sigma(double[] v) {
    double m = median(v);
    double[] dev = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      dev[i] = Double.isNaN(v[i]) ? Double.NaN : Math.abs(v[i] - m);
    }
    return MAD_TO_SIGMA * median(dev);
  }
}
