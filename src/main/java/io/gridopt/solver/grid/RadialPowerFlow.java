package io.gridopt.solver.grid;

import java.util.Arrays;

/**
 * AC power flow of one radial configuration by the exact DistFlow equations of Baran and Wu (1989),
 * solved by backward/forward sweeps: the backward sweep sums receiving-end loads and series losses
 * {@code r*(P^2+Q^2)/V^2} towards the substations, the forward sweep updates squared voltage
 * magnitudes {@code V_j^2 = V_i^2 - 2(rP + xQ) + (r^2+x^2)(P^2+Q^2)/V_i^2} from the substations. Loads
 * are constant power. Voltage angles are not needed for radial losses and magnitudes.
 *
 * <p>A configuration whose sweep does not settle within {@link #MAX_ITERATIONS}, or that drives any
 * voltage below {@link #COLLAPSE_VOLTAGE_PU}, has no usable operating point (voltage collapse) and
 * is reported as such, never as a solution.
 *
 * <p>Holds reusable work arrays: one instance per thread. Voltages of the previous solve are the
 * starting point of the next one, which halves the sweeps in a search over similar configurations.
 */
final class RadialPowerFlow {
  static final int MAX_ITERATIONS = 100;
  /** Convergence on the largest change of a squared voltage magnitude between sweeps (per unit). */
  static final double TOLERANCE = 1e-11;
  /** Below this magnitude a constant-power solution is on the unstable side of the nose curve. */
  static final double COLLAPSE_VOLTAGE_PU = 0.5;

  enum Status { CONVERGED, COLLAPSED }

  private final GridModel model;
  /** Buses in breadth-first order from the substations; parents come before children. */
  final int[] order;
  final int[] parentBranch;
  final int[] parentBus;
  final int[] depth;
  /** Squared voltage magnitude per bus (per unit). */
  final double[] vSq;
  /** Sending-end flow of each bus's parent branch, from the parent towards the bus (per unit). */
  final double[] pSend;
  final double[] qSend;
  /** Squared current of each bus's parent branch (per unit). */
  final double[] currentSq;
  private final double[] accP;
  private final double[] accQ;
  private final int[] visitStamp;
  private int stamp;
  double lossPu;
  /** Real power the substations deliver (loads at the substation buses included), per unit. */
  double rootPowerPu;
  int iterations;
  long solves;

  RadialPowerFlow(GridModel model) {
    this.model = model;
    int n = model.busCount;
    order = new int[n];
    parentBranch = new int[n];
    parentBus = new int[n];
    depth = new int[n];
    vSq = new double[n];
    pSend = new double[n];
    qSend = new double[n];
    currentSq = new double[n];
    accP = new double[n];
    accQ = new double[n];
    visitStamp = new int[n];
    resetVoltages();
  }

  void resetVoltages() {
    Arrays.fill(vSq, model.slackVoltageSq);
  }

  /**
   * Orders the buses along the closed branches from the substations. Returns false unless the
   * closed branches form a forest in which every bus hangs from exactly one substation.
   */
  boolean buildTree(boolean[] closed) {
    int n = model.busCount;
    stamp++;
    int head = 0;
    int tail = 0;
    for (int b = 0; b < n; b++) {
      if (model.root[b]) {
        visitStamp[b] = stamp;
        parentBranch[b] = -1;
        parentBus[b] = -1;
        depth[b] = 0;
        order[tail++] = b;
      }
    }
    while (head < tail) {
      int u = order[head++];
      for (int k : model.incident[u]) {
        if (!closed[k] || k == parentBranch[u]) {
          continue;
        }
        int w = model.other(k, u);
        if (visitStamp[w] == stamp) {
          return false; // a loop, or two substations joined
        }
        visitStamp[w] = stamp;
        parentBranch[w] = k;
        parentBus[w] = u;
        depth[w] = depth[u] + 1;
        order[tail++] = w;
      }
    }
    return tail == n;
  }

  /** Solves the tree last built by {@link #buildTree} with the model's own bus loads. */
  Status solve() {
    return solve(model.pLoadPu, model.qLoadPu);
  }

  /** Solves the tree last built by {@link #buildTree} with the given bus loads (per unit, bus order). */
  Status solve(double[] pLoadPu, double[] qLoadPu) {
    solves++;
    int n = model.busCount;
    double[] r = model.rPu;
    double[] x = model.xPu;
    for (iterations = 1; iterations <= MAX_ITERATIONS; iterations++) {
      System.arraycopy(pLoadPu, 0, accP, 0, n);
      System.arraycopy(qLoadPu, 0, accQ, 0, n);
      double loss = 0;
      for (int i = n - 1; i >= 0; i--) {
        int j = order[i];
        int k = parentBranch[j];
        if (k < 0) {
          continue;
        }
        double p = accP[j];
        double q = accQ[j];
        double l = (p * p + q * q) / vSq[j];
        currentSq[j] = l;
        double ps = p + r[k] * l;
        double qs = q + x[k] * l;
        loss += r[k] * l;
        pSend[j] = ps;
        qSend[j] = qs;
        accP[parentBus[j]] += ps;
        accQ[parentBus[j]] += qs;
      }
      lossPu = loss;
      rootPowerPu = 0;
      for (int b = 0; b < n; b++) {
        if (model.root[b]) {
          rootPowerPu += accP[b];
        }
      }
      double change = 0;
      for (int i = 0; i < n; i++) {
        int j = order[i];
        int k = parentBranch[j];
        double v;
        if (k < 0) {
          v = model.slackVoltageSq;
        } else {
          double vi = vSq[parentBus[j]];
          double ps = pSend[j];
          double qs = qSend[j];
          v = vi - 2 * (r[k] * ps + x[k] * qs) + (r[k] * r[k] + x[k] * x[k]) * (ps * ps + qs * qs) / vi;
          if (!(v > COLLAPSE_VOLTAGE_PU * COLLAPSE_VOLTAGE_PU)) {
            resetVoltages(); // do not seed the next solve from a collapsed state
            return Status.COLLAPSED;
          }
        }
        change = Math.max(change, Math.abs(v - vSq[j]));
        vSq[j] = v;
      }
      if (change < TOLERANCE) {
        return Status.CONVERGED;
      }
    }
    resetVoltages();
    return Status.COLLAPSED;
  }
}
