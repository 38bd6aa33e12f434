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
    standardize(shared, sharedCols, sharedMean, sharedSd, z.data, 0, sharedCols);
    gram = new DMatrixRMaj(sharedCols, sharedCols);
    addTransposeTimes(rows, z.data, 0, sharedCols, sharedCols, z.data, 0, sharedCols, sharedCols, gram.data, true);
    for (int i = 0; i < sharedCols; i++) {
      for (int k = 0; k < i; k++) {
        gram.data[i * sharedCols + k] = gram.data[k * sharedCols + i];
      }
    }
  }

  /**
   * The regressions of each {@code y[i]} on the shared columns followed by {@code own[i]}
   * (row-major {@code rows x ownCols[i]}). The products of the shared block with every
   * regression's own columns and target are one matrix product.
   */
  Fit[] solve(double[][] own, int[] ownCols, double[][] y) {
    int count = y.length;
    // Each regression's own columns and, last, its centred target, standardized and weighted like z.
    int[] offset = new int[count + 1];
    for (int i = 0; i < count; i++) {
      offset[i + 1] = offset[i] + ownCols[i] + 1;
    }
    int width = offset[count];
    DMatrixRMaj zo = new DMatrixRMaj(rows, width);
    double[][] ownMean = new double[count][];
    double[][] ownSd = new double[count][];
    double[] yMean = new double[count];
    for (int i = 0; i < count; i++) {
      ownMean[i] = new double[ownCols[i]];
      ownSd[i] = new double[ownCols[i]];
      standardize(own[i], ownCols[i], ownMean[i], ownSd[i], zo.data, offset[i], width);
      for (int r = 0; r < rows; r++) {
        yMean[i] += w[r] * y[i][r];
      }
      yMean[i] /= rows;
      for (int r = 0; r < rows; r++) {
        zo.data[r * width + offset[i + 1] - 1] = (y[i][r] - yMean[i]) * Math.sqrt(w[r]);
      }
    }
    DMatrixRMaj cross = new DMatrixRMaj(sharedCols, width);
    addTransposeTimes(rows, z.data, 0, sharedCols, sharedCols, zo.data, 0, width, width, cross.data, false);
    Fit[] fits = new Fit[count];
    for (int i = 0; i < count; i++) {
      fits[i] = solveOne(zo, offset[i], ownCols[i], cross, ownMean[i], ownSd[i], yMean[i]);
    }
    return fits;
  }

  /** Assembles and solves the system of the regression whose columns start at {@code off} of zo and cross. */
  private Fit solveOne(DMatrixRMaj zo, int off, int ownCols, DMatrixRMaj cross, double[] ownMean, double[] ownSd,
      double yMean) {
    int p = sharedCols + ownCols;
    int width = zo.numCols;
    DMatrixRMaj a = new DMatrixRMaj(p, p);
    DMatrixRMaj b = new DMatrixRMaj(p, 1);
    for (int i = 0; i < sharedCols; i++) {
      System.arraycopy(gram.data, i * sharedCols, a.data, i * p, sharedCols);
      for (int k = 0; k < ownCols; k++) {
        a.data[i * p + sharedCols + k] = cross.data[i * width + off + k];
        a.data[(sharedCols + k) * p + i] = cross.data[i * width + off + k];
      }
      b.data[i] = cross.data[i * width + off + ownCols];
    }
    // own columns times own columns and target: the upper triangle, mirrored
    int ownWidth = ownCols + 1;
    double[] ownGram = new double[ownWidth * ownWidth];
    addTransposeTimes(rows, zo.data, off, width, ownWidth, zo.data, off, width, ownWidth, ownGram, true);
    for (int k = 0; k < ownCols; k++) {
      for (int l = k; l < ownCols; l++) {
        a.data[(sharedCols + k) * p + sharedCols + l] = ownGram[k * ownWidth + l];
        a.data[(sharedCols + l) * p + sharedCols + k] = ownGram[k * ownWidth + l];
      }
      b.data[sharedCols + k] = ownGram[k * ownWidth + ownCols];
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
   * and the standardized values times sqrt(w) into {@code out} from column {@code outCol} on (row
   * stride {@code outStride}).
   */
  private void standardize(double[] x, int cols, double[] mean, double[] sd, double[] out, int outCol,
      int outStride) {
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
        out[r * outStride + outCol + c] = (x[r * cols + c] - mean[c]) / sd[c] * sw;
      }
    }
  }

  /**
   * Adds {@code a'b} to {@code c} (only {@code c[i][k]} with k >= i when {@code upper}), where a
   * and b are {@code cols} columns from column {@code off} of row-major matrices with
   * {@code stride} columns and c has {@code b}'s width. Four rows at a time: a row of {@code c},
   * a few kB, is read and written once per four rows of {@code a} and {@code b}, where EJML's
   * column-by-column order reads all of {@code b} (MBs) once per column of {@code a}.
   */
  private static void addTransposeTimes(int rows, double[] a, int aOff, int aStride, int aCols, double[] b, int bOff,
      int bStride, int bCols, double[] c, boolean upper) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int a0 = r * aStride + aOff;
      int b0 = r * bStride + bOff;
      for (int i = 0; i < aCols; i++) {
        double x0 = a[a0 + i];
        double x1 = a[a0 + aStride + i];
        double x2 = a[a0 + 2 * aStride + i];
        double x3 = a[a0 + 3 * aStride + i];
        int cRow = i * bCols;
        for (int k = upper ? i : 0; k < bCols; k++) {
          c[cRow + k] += x0 * b[b0 + k] + x1 * b[b0 + bStride + k] + x2 * b[b0 + 2 * bStride + k]
              + x3 * b[b0 + 3 * bStride + k];
        }
      }
    }
    for (; r < rows; r++) {
      int a0 = r * aStride + aOff;
      int b0 = r * bStride + bOff;
      for (int i = 0; i < aCols; i++) {
        double x0 = a[a0 + i];
        int cRow = i * bCols;
        for (int k = upper ? i : 0; k < bCols; k++) {
          c[cRow + k] += x0 * b[b0 + k];
        }
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
