package io.gridopt.solver.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.junit.jupiter.api.Test;

/**
 * The shared-block fit against a straightforward one: every regression's full design matrix
 * standardized on its own and the penalized weighted least-squares problem solved by QR on the
 * augmented system {@code [sqrt(W) Z; sqrt(alpha) I] beta = [sqrt(W) (y - mean y); 0]}, which never
 * forms {@code Z'WZ}.
 */
class BlockRidgeTest {
  private static final int ROWS = 60;
  private static final int SHARED = 6;
  private static final double ALPHA = 3.0;

  @Test
  void sharedBlockFitsEqualSeparateReferenceFits() {
    checkAgainstReference(null);
  }

  @Test
  void aSharedColumnPenalizedHarderIsShrunkAsTheReferenceShrinksIt() {
    double[] factors = {1, 1, 1, 1, 1, 50}; // the 0/1 dummy, like a holiday's own column
    checkAgainstReference(factors);
  }

  /** Fits with per-column penalty factors (null: none) equal the reference's, and a factor shrinks its column. */
  private static void checkAgainstReference(double[] factors) {
    Random rnd = new Random(7);
    double[] shared = new double[ROWS * SHARED];
    double[] weights = new double[ROWS];
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < SHARED; c++) {
        // column 4 is constant (no weight), column 5 a 0/1 dummy; the rest on different scales
        shared[r * SHARED + c] = c == 4 ? 2.5 : c == 5 ? (r % 7 == 0 ? 1 : 0) : (c + 1) * 100 + 30 * rnd.nextGaussian();
      }
      weights[r] = Math.pow(0.5, r / 20.0) / Math.pow(1000 + 10 * r, 2); // recency times 1/level^2
    }
    // Three regressions: two own columns, none, and three of which one repeats shared column 1.
    int[] ownCols = {2, 0, 3};
    double[][] own = new double[3][];
    double[][] y = new double[3][ROWS];
    for (int i = 0; i < 3; i++) {
      own[i] = new double[ROWS * ownCols[i]];
      for (int r = 0; r < ROWS; r++) {
        for (int k = 0; k < ownCols[i]; k++) {
          own[i][r * ownCols[i] + k] = i == 2 && k == 1 ? shared[r * SHARED + 1] : 50 * rnd.nextGaussian() - 20 * k;
        }
        double signal = 0.3 * shared[r * SHARED] - 0.2 * shared[r * SHARED + 2] + 40 * shared[r * SHARED + 5];
        for (int k = 0; k < ownCols[i]; k++) {
          signal += (k + 1) * 0.1 * own[i][r * ownCols[i] + k];
        }
        y[i][r] = 1000 + signal + 5 * rnd.nextGaussian();
      }
    }

    BlockRidge.Fit[] fast = new BlockRidge(shared, ROWS, SHARED, weights, ALPHA, factors).solve(own, ownCols, y);

    for (int i = 0; i < 3; i++) {
      Reference ref = reference(shared, own[i], ownCols[i], weights, y[i], factors);
      if (factors != null) { // against the same fit with every column penalized alike
        double plain = reference(shared, own[i], ownCols[i], weights, y[i], null).beta[5];
        assertThat(Math.abs(fast[i].beta()[5])).isLessThan(0.8 * Math.abs(plain));
      }
      assertThat(fast[i].size()).isEqualTo(SHARED + ownCols[i]);
      for (int c = 0; c < fast[i].size(); c++) {
        assertThat(fast[i].beta()[c]).as("regression %d coefficient %d", i, c)
            .isCloseTo(ref.beta[c], within(1e-9 * (1 + Math.abs(ref.beta[c]))));
      }
      assertThat(fast[i].beta()[4]).isCloseTo(0, within(1e-9)); // the constant column
      for (int t = 0; t < 5; t++) {
        double[] x = new double[SHARED + ownCols[i]];
        for (int c = 0; c < x.length; c++) {
          x[c] = ref.mean[c] + 2 * ref.sd[c] * rnd.nextGaussian();
        }
        double expected = ref.predict(x);
        assertThat(fast[i].predict(x)).isCloseTo(expected, within(1e-9 * Math.abs(expected)));
      }
    }
  }

  private record Reference(double[] mean, double[] sd, double[] beta, double intercept) {
    double predict(double[] x) {
      double s = intercept;
      for (int c = 0; c < x.length; c++) {
        s += beta[c] * (x[c] - mean[c]) / sd[c];
      }
      return s;
    }
  }

  private static Reference reference(double[] shared, double[] own, int ownCols, double[] weights, double[] y,
      double[] factors) {
    int p = SHARED + ownCols;
    double[][] x = new double[ROWS][p];
    for (int r = 0; r < ROWS; r++) {
      for (int c = 0; c < p; c++) {
        x[r][c] = c < SHARED ? shared[r * SHARED + c] : own[r * ownCols + c - SHARED];
      }
    }
    double wSum = 0;
    double yMean = 0;
    for (int r = 0; r < ROWS; r++) {
      wSum += weights[r];
      yMean += weights[r] * y[r];
    }
    yMean /= wSum;
    double[] w = new double[ROWS];
    for (int r = 0; r < ROWS; r++) {
      w[r] = weights[r] * ROWS / wSum; // mean weight 1
    }
    double[] mean = new double[p];
    double[] sd = new double[p];
    for (int c = 0; c < p; c++) {
      for (int r = 0; r < ROWS; r++) {
        mean[c] += w[r] * x[r][c] / ROWS;
      }
      for (int r = 0; r < ROWS; r++) {
        sd[c] += w[r] * (x[r][c] - mean[c]) * (x[r][c] - mean[c]) / ROWS;
      }
      sd[c] = Math.sqrt(sd[c]);
      sd[c] = sd[c] < 1e-12 ? 1 : sd[c];
    }
    DMatrixRMaj a = new DMatrixRMaj(ROWS + p, p);
    DMatrixRMaj b = new DMatrixRMaj(ROWS + p, 1);
    for (int r = 0; r < ROWS; r++) {
      double sw = Math.sqrt(w[r]);
      for (int c = 0; c < p; c++) {
        a.set(r, c, (x[r][c] - mean[c]) / sd[c] * sw);
      }
      b.set(r, 0, (y[r] - yMean) * sw);
    }
    for (int c = 0; c < p; c++) {
      a.set(ROWS + c, c, Math.sqrt(ALPHA * (factors != null && c < SHARED ? factors[c] : 1)));
    }
    LinearSolverDense<DMatrixRMaj> qr = LinearSolverFactory_DDRM.leastSquares(ROWS + p, p);
    assertThat(qr.setA(a)).isTrue();
    DMatrixRMaj beta = new DMatrixRMaj(p, 1);
    qr.solve(b, beta);
    return new Reference(mean, sd, beta.data, yMean);
  }
}
