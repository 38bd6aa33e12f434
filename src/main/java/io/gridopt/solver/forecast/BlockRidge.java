package io.gridopt.solver.forecast;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

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
 * Z'W(y - mean y)} by Cholesky. The shared block's standardization, its part of {@code Z'WZ} (most
 * of the work) and its part of the Cholesky factor are computed once for all of them.
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
  /** The shared columns as given. */
  private final double[] shared;
  /** Standardized shared columns times sqrt(w), rows x sharedCols. */
  private final DMatrixRMaj z;
  /** z'z: the shared block of Z'WZ. */
  private final DMatrixRMaj gram;
  /** Lower Cholesky factor of gram + alpha I: the top-left block of every regression's factor. */
  private final DMatrixRMaj sharedFactor;

  /**
   * @param shared the shared columns, row-major {@code rows x sharedCols}
   * @param weights one positive weight per row
   */
  BlockRidge(double[] shared, int rows, int sharedCols, double[] weights, double alpha) {
    this(shared, rows, sharedCols, weights, alpha, null);
  }

  /**
   * @param sharedPenaltyFactors per shared column, the multiple of {@code alpha} that penalizes it
   *     (null: 1 for all)
   */
  BlockRidge(double[] shared, int rows, int sharedCols, double[] weights, double alpha,
      double[] sharedPenaltyFactors) {
    this.rows = rows;
    this.sharedCols = sharedCols;
    this.alpha = alpha;
    this.shared = shared;
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
    standardize(shared, sharedCols, java.util.stream.IntStream.range(0, sharedCols).toArray(), sharedMean, sharedSd,
        z.data, 0, sharedCols);
    gram = new DMatrixRMaj(sharedCols, sharedCols);
    addTransposeTimes(rows, z.data, 0, sharedCols, sharedCols, z.data, 0, sharedCols, sharedCols, gram.data, true);
    for (int i = 0; i < sharedCols; i++) {
      for (int k = 0; k < i; k++) {
        gram.data[i * sharedCols + k] = gram.data[k * sharedCols + i];
      }
    }
    DMatrixRMaj penalized = gram.copy();
    for (int c = 0; c < sharedCols; c++) {
      penalized.data[c * sharedCols + c] += alpha * (sharedPenaltyFactors == null ? 1 : sharedPenaltyFactors[c]);
    }
    sharedFactor = lowerFactor(penalized);
  }

  /**
   * The regressions of each {@code y[i]} on the shared columns followed by {@code own[i]}
   * (row-major {@code rows x ownCols[i]}). The products of the shared block with every
   * regression's own columns and target are one matrix product. An own column equal to a shared
   * one (a lead's own temperature is one of its day's hourly temperatures; with a one-day profile
   * its load the day before is one of the profile's hours) is not multiplied again: it
   * standardizes to the same values, so its products are the shared column's.
   */
  Fit[] solve(double[][] own, int[] ownCols, double[][] y) {
    int count = y.length;
    // Each regression's own columns (but twins of shared ones) and, last, its centred target,
    // standardized and weighted like z, side by side in zo from offset[i] on.
    int[][] twins = new int[count][];
    int[] kept = new int[count];
    int[] offset = new int[count + 1];
    for (int i = 0; i < count; i++) {
      twins[i] = sharedTwins(own[i], ownCols[i]);
      for (int t : twins[i]) {
        kept[i] += t < 0 ? 1 : 0;
      }
      offset[i + 1] = offset[i] + kept[i] + 1;
    }
    int width = offset[count];
    DMatrixRMaj zo = new DMatrixRMaj(rows, width);
    double[][] ownMean = new double[count][];
    double[][] ownSd = new double[count][];
    double[] yMean = new double[count];
    for (int i = 0; i < count; i++) {
      int q = ownCols[i];
      int[] keptColumns = new int[kept[i]];
      for (int k = 0, c = 0; k < q; k++) {
        if (twins[i][k] < 0) {
          keptColumns[c++] = k;
        }
      }
      double[] keptMean = new double[kept[i]];
      double[] keptSd = new double[kept[i]];
      standardize(own[i], q, keptColumns, keptMean, keptSd, zo.data, offset[i], width);
      ownMean[i] = new double[q];
      ownSd[i] = new double[q];
      for (int k = 0, c = 0; k < q; k++) {
        int t = twins[i][k];
        ownMean[i][k] = t >= 0 ? sharedMean[t] : keptMean[c];
        ownSd[i][k] = t >= 0 ? sharedSd[t] : keptSd[c++];
      }
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
      fits[i] = solveOne(zo, offset[i], twins[i], kept[i], cross, ownMean[i], ownSd[i], yMean[i]);
    }
    return fits;
  }

  /** For each own column the shared column with the very same values, -1 where there is none. */
  private int[] sharedTwins(double[] own, int ownCols) {
    int[] twins = new int[ownCols];
    for (int k = 0; k < ownCols; k++) {
      twins[k] = -1;
      for (int c = 0; c < sharedCols && twins[k] < 0; c++) {
        boolean same = true;
        for (int r = 0; r < rows && same; r++) {
          same = own[r * ownCols + k] == shared[r * sharedCols + c];
        }
        twins[k] = same ? c : -1;
      }
    }
    return twins;
  }

  /**
   * Assembles and solves one regression's system from the shared Gram matrix, {@code cross} and
   * the products of its kept own columns, which start at {@code off} of zo and cross.
   */
  private Fit solveOne(DMatrixRMaj zo, int off, int[] twins, int kept, DMatrixRMaj cross, double[] ownMean,
      double[] ownSd, double yMean) {
    int ownCols = twins.length;
    int p = sharedCols + ownCols;
    int width = zo.numCols;
    int keptWidth = kept + 1;
    double[] keptGram = new double[keptWidth * keptWidth];
    addTransposeTimes(rows, zo.data, off, width, keptWidth, zo.data, off, width, keptWidth, keptGram, true);
    // Column k of the regression as a shared column (>= 0) or as -1 - its place among the kept ones.
    int[] source = new int[p + 1];
    for (int c = 0; c < sharedCols; c++) {
      source[c] = c;
    }
    for (int k = 0, c = 0; k < ownCols; k++) {
      source[sharedCols + k] = twins[k] >= 0 ? twins[k] : -1 - c++;
    }
    source[p] = -1 - kept; // the target
    // Cholesky by blocks: L = [L11 0; X' L22] with L11 the shared block's factor, X = L11^-1 A12
    // and L22 the factor of A22 + alpha I - X'X; then L L' beta = b by substitution.
    int sc = sharedCols;
    int q = ownCols;
    int target = source[p];
    double[] l11 = sharedFactor.data;
    double[][] x = new double[q][sc]; // x[k]: column k of X
    for (int k = 0; k < q; k++) {
      for (int i = 0; i < sc; i++) {
        x[k][i] = product(i, source[sc + k], off, cross, keptGram, keptWidth);
      }
      TriangularSolver_DDRM.solveL(l11, x[k], sc);
    }
    double[] y1 = new double[sc];
    for (int i = 0; i < sc; i++) {
      y1[i] = product(i, target, off, cross, keptGram, keptWidth);
    }
    TriangularSolver_DDRM.solveL(l11, y1, sc);
    DMatrixRMaj s22 = new DMatrixRMaj(q, q);
    double[] y2 = new double[q];
    for (int k = 0; k < q; k++) {
      for (int m = 0; m <= k; m++) {
        double v = product(source[sc + k], source[sc + m], off, cross, keptGram, keptWidth) + (k == m ? alpha : 0)
            - dot(x[k], x[m]);
        s22.data[k * q + m] = v;
        s22.data[m * q + k] = v;
      }
      y2[k] = product(source[sc + k], target, off, cross, keptGram, keptWidth) - dot(x[k], y1);
    }
    double[] l22 = lowerFactor(s22).data;
    TriangularSolver_DDRM.solveL(l22, y2, q);
    TriangularSolver_DDRM.solveTranL(l22, y2, q); // y2 is beta's own part now
    for (int k = 0; k < q; k++) {
      for (int i = 0; i < sc; i++) {
        y1[i] -= x[k][i] * y2[k];
      }
    }
    TriangularSolver_DDRM.solveTranL(l11, y1, sc); // and y1 its shared part
    double[] beta = concat(y1, y2);
    return new Fit(concat(sharedMean, ownMean), concat(sharedSd, ownSd), beta, yMean);
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  /** The lower Cholesky factor of a symmetric positive definite matrix (overwritten). */
  private static DMatrixRMaj lowerFactor(DMatrixRMaj a) {
    CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(a.numRows, true);
    if (!cholesky.decompose(a)) {
      throw new IllegalStateException("ridge system is not positive definite");
    }
    return cholesky.getT(null);
  }

  /** The product of two standardized columns given as {@link #solveOne}'s sources. */
  private double product(int u, int v, int off, DMatrixRMaj cross, double[] keptGram, int keptWidth) {
    if (u >= 0 && v >= 0) {
      return gram.data[u * sharedCols + v];
    }
    if (u >= 0 || v >= 0) {
      return cross.data[Math.max(u, v) * cross.numCols + off - 1 - Math.min(u, v)];
    }
    int k = Math.min(-1 - u, -1 - v);
    int l = Math.max(-1 - u, -1 - v);
    return keptGram[k * keptWidth + l];
  }

  /**
   * Weighted means and standard deviations of the columns {@code use} of {@code x} (row-major,
   * {@code cols} columns), and their standardized values times sqrt(w) into {@code out} from
   * column {@code outCol} on (row stride {@code outStride}).
   */
  private void standardize(double[] x, int cols, int[] use, double[] mean, double[] sd, double[] out, int outCol,
      int outStride) {
    int n = use.length;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < n; c++) {
        mean[c] += w[r] * x[r * cols + use[c]];
      }
    }
    for (int c = 0; c < n; c++) {
      mean[c] /= rows;
    }
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < n; c++) {
        double d = x[r * cols + use[c]] - mean[c];
        sd[c] += w[r] * d * d;
      }
    }
    for (int c = 0; c < n; c++) {
      sd[c] = Math.sqrt(sd[c] / rows);
      if (sd[c] < CONSTANT_SD) {
        sd[c] = 1.0;
      }
    }
    for (int r = 0; r < rows; r++) {
      double sw = Math.sqrt(w[r]);
      for (int c = 0; c < n; c++) {
        out[r * outStride + outCol + c] = (x[r * cols + use[c]] - mean[c]) / sd[c] * sw;
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
