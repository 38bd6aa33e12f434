package io.gridopt.solver.forecast;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Weighted ridge regressions that share their rows, their row weights and a block of columns, each
 * adding a few columns and a target of its own: the per-lead regressions of a profile model, whose
 * leads of one target day are fitted on the same origins with the same profile, calendar and
 * day-temperature columns and differ only in the lags, the target step's own temperatures and the
 * target.
 *
 * <p>Each regression standardizes its columns (weighted mean 0 and standard deviation 1, with the
 * weights scaled to mean 1 so that the penalty stays on the scale of the row count; a constant
 * column gets no weight), centres its target and solves {@code (Z'WZ + alpha I) beta =
 * Z'W(y - mean y)} by Cholesky. The shared block's standardization and its part of {@code Z'WZ},
 * most of the work, are computed once for all of them.
 */
final class BlockRidge {
  /** A column whose weighted standard deviation is below this is constant. */
  private static final double CONSTANT_SD = 1e-12;

  private final int rows;
  private final int sharedCols;
  private final double alpha;
  /** Row weights scaled to mean 1. */
  private final double[] w;
  private final double[] sharedMean;
  private final double[] sharedSd;
  /** Standardized shared columns times sqrt(w), rows x sharedCols. */
  private final DMatrixRMaj z;
  /** z'z: the shared block of Z'WZ. */
  private final DMatrixRMaj gram;

  /**
   * @param shared the shared columns, row-major {@code rows x sharedCols}
   * @param weights one positive weight per row
   */
  BlockRidge(double[] shared, int rows, int sharedCols, double[] weights, double alpha) {
    this.rows = rows;
    this.sharedCols = sharedCols;
    this.alpha = alpha;
    double wSum = 0;
    for (int r = 0; r < rows; r++) {
      wSum += weights[r];
    }
    w = new double[rows];
    for (int r = 0; r < rows; r++) {
      w[r] = weights[r] * rows / wSum;
    }
    sharedMean = new double[sharedCols];
    sharedSd = new double[sharedCols];
    z = new DMatrixRMaj(rows, sharedCols);
    standardize(shared, sharedCols, sharedMean, sharedSd, z.data, sharedCols);
    gram = new DMatrixRMaj(sharedCols, sharedCols);
    CommonOps_DDRM.multInner(z, gram);
  }

  /**
   * The regression of {@code y} on the shared columns followed by {@code own}.
   *
   * @param own the regression's own columns, row-major {@code rows x ownCols}
   */
  Fit solve(double[] own, int ownCols, double[] y) {
    int p = sharedCols + ownCols;
    double yMean = 0;
    for (int r = 0; r < rows; r++) {
      yMean += w[r] * y[r];
    }
    yMean /= rows;
    // The own columns and, last, the centred target, standardized and weighted like z.
    int width = ownCols + 1;
    double[] ownMean = new double[ownCols];
    double[] ownSd = new double[ownCols];
    DMatrixRMaj zo = new DMatrixRMaj(rows, width);
    standardize(own, ownCols, ownMean, ownSd, zo.data, width);
    for (int r = 0; r < rows; r++) {
      zo.data[r * width + ownCols] = (y[r] - yMean) * Math.sqrt(w[r]);
    }
    DMatrixRMaj cross = new DMatrixRMaj(sharedCols, width);
    CommonOps_DDRM.multTransA(z, zo, cross);
    DMatrixRMaj ownGram = new DMatrixRMaj(width, width);
    CommonOps_DDRM.multInner(zo, ownGram);

    DMatrixRMaj a = new DMatrixRMaj(p, p);
    DMatrixRMaj b = new DMatrixRMaj(p, 1);
    for (int i = 0; i < sharedCols; i++) {
      System.arraycopy(gram.data, i * sharedCols, a.data, i * p, sharedCols);
      for (int k = 0; k < ownCols; k++) {
        a.data[i * p + sharedCols + k] = cross.data[i * width + k];
        a.data[(sharedCols + k) * p + i] = cross.data[i * width + k];
      }
      b.data[i] = cross.data[i * width + ownCols];
    }
    for (int k = 0; k < ownCols; k++) {
      System.arraycopy(ownGram.data, k * width, a.data, (sharedCols + k) * p + sharedCols, ownCols);
      b.data[sharedCols + k] = ownGram.data[k * width + ownCols];
    }
    for (int c = 0; c < p; c++) {
      a.data[c * p + c] += alpha;
    }
    DMatrixRMaj beta = new DMatrixRMaj(p, 1);
    if (!CommonOps_DDRM.solveSPD(a, b, beta)) {
      throw new IllegalStateException("ridge system is not positive definite");
    }
    return new Fit(concat(sharedMean, ownMean), concat(sharedSd, ownSd), beta.data, yMean);
  }

  /**
   * Weighted means and standard deviations of the {@code cols} columns of {@code x} (row-major),
   * and the standardized values times sqrt(w) into {@code out} (row stride {@code outStride}).
   */
  private void standardize(double[] x, int cols, double[] mean, double[] sd, double[] out, int outStride) {
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        mean[c] += w[r] * x[r * cols + c];
      }
    }
    for (int c = 0; c < cols; c++) {
      mean[c] /= rows;
    }
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        double d = x[r * cols + c] - mean[c];
        sd[c] += w[r] * d * d;
      }
    }
    for (int c = 0; c < cols; c++) {
      sd[c] = Math.sqrt(sd[c] / rows);
      if (sd[c] < CONSTANT_SD) {
        sd[c] = 1.0;
      }
    }
    for (int r = 0; r < rows; r++) {
      double sw = Math.sqrt(w[r]);
      for (int c = 0; c < cols; c++) {
        out[r * outStride + c] = (x[r * cols + c] - mean[c]) / sd[c] * sw;
      }
    }
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Standardization and coefficients of one regression; columns shared first, then its own. */
  record Fit(double[] mean, double[] sd, double[] beta, double intercept) {

    int size() {
      return beta.length;
    }

    double predict(double[] x) {
      double s = intercept;
      for (int c = 0; c < x.length; c++) {
        s += beta[c] * (x[c] - mean[c]) / sd[c];
      }
      return s;
    }
  }
}
