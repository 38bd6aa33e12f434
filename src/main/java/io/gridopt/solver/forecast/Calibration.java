package io.gridopt.solver.forecast;

import java.util.Arrays;

/** Per-lead error scale times pooled quantiles of the scaled relative errors. */
record Calibration(double[] scale, double[] sortedZ) {
  /**
   * Scale of the backtest spread in a weather forecast's bands (the temperature-forecast part is
   * not scaled), and in a load-only forecast's. The backtest's model is fitted once before its first
   * origin and forecasts up to four weeks past it, so its errors need not match those of the model
   * refitted on the whole history. Chosen leave one zone out (docs/forecast.md,
   * docs/experiments/forecast/band_scale_lozo.py). Weather: on every day of the validation year (the
   * year before the test year) of the five weather zones at 365 days of history and of GEFCOM2014E at
   * 730 (the others' data is too short for 730), where the zones alone choose 0.93-0.97 and all
   * together 0.952. Load-only: on every day of the validation year of those zones (N = 365, and
   * GEFCOM2014E at 730) and of PJM DAYTON and DUQ (N = 28 and 365), where the zones alone choose
   * 0.98-1.04 and all together 0.998.
   */
  static final double WEATHER_BAND_SCALE = 0.95;
  static final double LOAD_ONLY_BAND_SCALE = 1.00;

  static Calibration fit(double[][] rel, boolean[] use, int stepsPerHour, double bandScale) {
    int h = rel[0].length;
    double[] meanAbs = new double[h];
    int used = 0;
    for (int k = 0; k < rel.length; k++) {
      if (use[k]) {
        used++;
        for (int j = 0; j < h; j++) {
          meanAbs[j] += Math.abs(rel[k][j]);
        }
      }
    }
    int window = 2 * Math.max(1, stepsPerHour);
    double[] scale = new double[h];
    for (int j = 0; j < h; j++) {
      double s = 0;
      int c = 0;
      for (int i = Math.max(0, j - window); i <= Math.min(h - 1, j + window); i++) {
        s += meanAbs[i];
        c++;
      }
      scale[j] = Math.max(s / c / used, 1e-9);
    }
    double[] z = new double[used * h];
    int p = 0;
    for (int k = 0; k < rel.length; k++) {
      if (use[k]) {
        for (int j = 0; j < h; j++) {
          z[p++] = rel[k][j] / scale[j];
        }
      }
    }
    Arrays.sort(z);
    double widen = smallSampleFactor(used) * bandScale;
    for (int j = 0; j < h; j++) {
      scale[j] *= widen;
    }
    return new Calibration(scale, z);
  }

  /** Share of held-out outcomes inside the 0.1..0.9 band, calibrating on alternate origins. */
  static double crossFittedCoverage80(double[][] rel, int stepsPerHour, double bandScale) {
    if (rel.length < 2) {
      return Double.NaN;
    }
    int inside = 0;
    int total = 0;
    for (int fold = 0; fold < 2; fold++) {
      boolean[] train = new boolean[rel.length];
      for (int k = 0; k < rel.length; k++) {
        train[k] = k % 2 != fold;
      }
      Calibration cal = Calibration.fit(rel, train, stepsPerHour, bandScale);
      for (int k = 0; k < rel.length; k++) {
        if (train[k]) {
          continue;
        }
        for (int j = 0; j < rel[k].length; j++) {
          double lo = cal.relative(j, 0.1);
          double hi = cal.relative(j, 0.9);
          inside += rel[k][j] >= lo && rel[k][j] <= hi ? 1 : 0;
          total++;
        }
      }
    }
    return (double) inside / total;
  }

  /**
   * Errors of one backtest day move together, so the calibration rests on about {@code days}
   * independent draws, not {@code days * leads}. A predictive interval from that few draws is
   * widened as Student's t does: t(days - 1) over the normal quantile at 0.9, times
   * sqrt(1 + 1/days). 1.20 for a week of origins, 1.04 for four weeks.
   */
  static double smallSampleFactor(int days) {
    if (days < 2) {
      return 1.0;
    }
    double z = 1.2815515655446004; // normal 0.9 quantile
    double nu = days - 1;
    double z3 = z * z * z;
    double z5 = z3 * z * z;
    // Cornish-Fisher expansion of the t quantile (Abramowitz & Stegun 26.7.5)
    double t = z + (z3 + z) / (4 * nu) + (5 * z5 + 16 * z3 + 3 * z) / (96 * nu * nu);
    return t / z * Math.sqrt(1 + 1.0 / days);
  }

  /**
   * The q-quantile of the relative error at lead j, centred on the error median: the model's
   * forecast is taken as the median, the backtest gives the spread. (Shifting the forecast by
   * the backtest's median error made day-ahead MAPE worse: with a few weeks of origins that
   * median is mostly noise.)
   */
  double relative(int j, double q) {
    return (zQuantile(q) - zQuantile(0.5)) * scale[j];
  }

  private double zQuantile(double q) {
    double pos = q * (sortedZ.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sortedZ.length - 1);
    return sortedZ[lo] + (sortedZ[hi] - sortedZ[lo]) * (pos - lo);
  }

  /**
   * The q band around {@code forecast}, its backtest spread combined with an independent normal
   * spread of relative standard deviation {@code extraSd[j]} (variances add).
   */
  double[] band(double[] forecast, double q, double[] extraSd) {
    double z = NormalQuantile.of(q);
    double[] out = new double[forecast.length];
    for (int j = 0; j < out.length; j++) {
      double r = relative(j, q);
      double extra = z * extraSd[j];
      out[j] = forecast[j] * (1 + Math.signum(r == 0 ? z : r) * Math.sqrt(r * r + extra * extra));
    }
    return out;
  }
}
