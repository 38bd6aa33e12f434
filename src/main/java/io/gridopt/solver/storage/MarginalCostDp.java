package io.gridopt.solver.storage;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Exact forward dynamic programme over the SoC for problems whose step cost is convex in the SoC
 * change (every step's grid cost convex and non-decreasing, see {@link StepModel#gridCostMonotone}).
 *
 * <p>The value function V_t(s) (least cost to end step t at SoC s) is then convex piecewise linear,
 * and V_t = (V_{t-1} infimal-convolved with the step cost h_t) restricted to the step's SoC interval.
 * A convex piecewise-linear function is a start point plus segments sorted by slope; infimal
 * convolution merges the segment lists, and the restriction removes the cheapest segments from the
 * left (they become committed: the SoC must rise that far) and the dearest from the right (they can
 * never be used). Each segment is a piece of one step's SoC-change range, so the optimum is read off
 * directly: a step's SoC change is its least change plus the lengths of its committed segments plus
 * those still held at the end whose slope is negative. Any such choice keeps every intermediate SoC
 * within its interval, and the segments of one step are used cheapest-first, so the cost is exact.
 *
 * <p>Segments are ordered once by (slope, step, position); the live set is a bit set over that order,
 * so one pass costs O(T log T) for the sort and near O(T) after. A demand charge adds an outer
 * golden-section search over the import cap P: min over schedules with imports <= P, plus the charge
 * times P, is convex in P.
 */
final class MarginalCostDp {
  private static final double LEN_EPS = 1e-12;
  private static final double TOL = 1e-9;

  private final StepModel m;
  /** Segment j belongs to step stepOf[j] and spans SoC changes [from[j], to[j]] at cost slope[j]. */
  private final int[] stepOf;
  private final double[] from;
  private final double[] to;
  private final double[] slope;
  /** Segments of step t are firstSegment[t] .. firstSegment[t+1]-1. */
  private final int[] firstSegment;
  private final int[] rankOf;
  private final int[] segmentAtRank;
  /** Sum over steps of the step cost at the least SoC change. */
  private final double baseCost;
  private long passes;

  /** The SoC after every step, the import cap it respects and its cost without demand charge. */
  record Pass(double[] socKwh, double importCapKw, double energyCost) {
  }

  MarginalCostDp(StepModel m) {
    this.m = m;
    int cap = 6 * m.steps;
    int[] st = new int[cap];
    double[] fr = new double[cap];
    double[] tt = new double[cap];
    double[] sl = new double[cap];
    firstSegment = new int[m.steps + 1];
    double base = 0;
    int n = 0;
    double[] cuts = new double[5];
    for (int t = 0; t < m.steps; t++) {
      firstSegment[t] = n;
      double lo = m.deltaMinKwh[t];
      double hi = m.deltaMaxKwh(t, m.importLimitKw);
      base += stepCost(t, lo);
      // the step cost bends where the battery turns around, where the grid flow changes sign and
      // where the export limit starts to need curtailment
      int k = 0;
      cuts[k++] = 0;
      cuts[k++] = m.deltaOfPower(-m.netLoadKw[t]);
      if (Double.isFinite(m.exportLimitKw)) {
        cuts[k++] = m.deltaOfPower(-m.exportLimitKw - m.netLoadKw[t]);
      }
      Arrays.sort(cuts, 0, k);
      double a = lo;
      double previousSlope = Double.NEGATIVE_INFINITY;
      for (int i = 0; i <= k; i++) {
        double b = i < k ? Math.min(cuts[i], hi) : hi;
        if (b - a > LEN_EPS) {
          // convex by construction; max() only guards the order against rounding
          previousSlope = Math.max(previousSlope, costSlope(t, 0.5 * (a + b)));
          st[n] = t;
          fr[n] = a;
          tt[n] = b;
          sl[n] = previousSlope;
          n++;
          a = b;
        }
      }
    }
    firstSegment[m.steps] = n;
    baseCost = base;
    stepOf = Arrays.copyOf(st, n);
    from = Arrays.copyOf(fr, n);
    to = Arrays.copyOf(tt, n);
    slope = Arrays.copyOf(sl, n);
    segmentAtRank = sortedBySlope(slope);
    rankOf = new int[n];
    for (int r = 0; r < n; r++) {
      rankOf[segmentAtRank[r]] = r;
    }
  }

  long passes() {
    return passes;
  }

  /** The optimum; demand charge included by a search over the import cap. */
  Pass solve() {
    double charge = m.problem.grid().demandChargePerKw();
    if (charge <= 0) {
      return pass(m.importLimitKw);
    }
    double capHi = 0;
    for (int t = 0; t < m.steps; t++) {
      capHi = Math.max(capHi, Math.min(m.importLimitKw, m.netLoadKw[t] + m.maxChargeKw));
    }
    double capLo = lowestFeasibleCap(capHi);
    // golden-section search for the minimum of the convex function P -> pass(P) + charge * P
    double invPhi = (Math.sqrt(5) - 1) / 2;
    double a = capLo;
    double b = capHi;
    Pass best = pass(capLo);
    double bestValue = best.energyCost() + charge * capLo;
    double x1 = b - invPhi * (b - a);
    double x2 = a + invPhi * (b - a);
    Pass p1 = pass(x1);
    Pass p2 = pass(x2);
    double f1 = p1.energyCost() + charge * x1;
    double f2 = p2.energyCost() + charge * x2;
    double tol = 1e-10 * Math.max(1, capHi);
    while (b - a > tol) {
      if (f1 <= f2) {
        b = x2;
        x2 = x1;
        p2 = p1;
        f2 = f1;
        x1 = b - invPhi * (b - a);
        p1 = pass(x1);
        f1 = p1.energyCost() + charge * x1;
      } else {
        a = x1;
        x1 = x2;
        p1 = p2;
        f1 = f2;
        x2 = a + invPhi * (b - a);
        p2 = pass(x2);
        f2 = p2.energyCost() + charge * x2;
      }
      if (f1 < bestValue) {
        best = p1;
        bestValue = f1;
      }
      if (f2 < bestValue) {
        best = p2;
        bestValue = f2;
      }
    }
    return best;
  }

  /** Bisection for the smallest import cap a schedule can respect (feasible at capHi). */
  private double lowestFeasibleCap(double capHi) {
    double lo = 0;
    double hi = capHi;
    if (Feasibility.feasibleWithImportCap(m, lo)) {
      return lo;
    }
    while (hi - lo > 1e-11 * Math.max(1, capHi)) {
      double mid = 0.5 * (lo + hi);
      if (Feasibility.feasibleWithImportCap(m, mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /** One forward pass with imports capped at {@code importCapKw}; the problem must be feasible there. */
  Pass pass(double importCapKw) {
    passes++;
    int n = stepOf.length;
    double[] length = new double[n];
    double[] used = new double[m.steps];
    BitSet live = new BitSet(n);
    int lowHint = n;
    int highHint = -1;
    double soc = m.problem.battery().initialSocKwh();
    double total = 0;
    double cost = baseCost;
    for (int t = 0; t < m.steps; t++) {
      double hi = m.deltaMaxKwh(t, importCapKw);
      soc += m.deltaMinKwh[t];
      for (int j = firstSegment[t]; j < firstSegment[t + 1]; j++) {
        double len = Math.min(to[j], hi) - from[j];
        if (len > LEN_EPS) {
          int r = rankOf[j];
          length[r] = len;
          live.set(r);
          lowHint = Math.min(lowHint, r);
          highHint = Math.max(highHint, r);
          total += len;
        }
      }
      double need = m.socLoKwh[t] - soc;
      while (need > LEN_EPS) {
        int r = live.nextSetBit(lowHint);
        if (r < 0) {
          break;
        }
        lowHint = r;
        double take = Math.min(length[r], need);
        int j = segmentAtRank[r];
        used[stepOf[j]] += take;
        cost += take * slope[j];
        soc += take;
        need -= take;
        total -= take;
        length[r] -= take;
        if (length[r] <= LEN_EPS) {
          total -= length[r];
          length[r] = 0;
          live.clear(r);
        }
      }
      double excess = soc + total - m.socHiKwh[t];
      while (excess > LEN_EPS) {
        int r = live.previousSetBit(highHint);
        if (r < 0) {
          break;
        }
        highHint = r;
        double drop = Math.min(length[r], excess);
        excess -= drop;
        total -= drop;
        length[r] -= drop;
        if (length[r] <= LEN_EPS) {
          total -= length[r];
          length[r] = 0;
          live.clear(r);
        }
      }
    }
    for (int r = live.nextSetBit(0); r >= 0; r = live.nextSetBit(r + 1)) {
      int j = segmentAtRank[r];
      // a free segment inside the discharge range is taken too: less discharge for the same cost
      if (slope[j] < 0 || (slope[j] == 0 && to[j] <= 0)) {
        used[stepOf[j]] += length[r];
        cost += length[r] * slope[j];
      }
    }
    double[] socKwh = new double[m.steps];
    double s = m.problem.battery().initialSocKwh();
    for (int t = 0; t < m.steps; t++) {
      s += m.deltaMinKwh[t] + used[t];
      socKwh[t] = s;
    }
    return new Pass(socKwh, importCapKw, cost);
  }

  /** Cost of step t (energy and degradation) when the SoC changes by {@code delta} kWh. */
  private double stepCost(int t, double delta) {
    double power = m.powerOfDelta(delta);
    double net = Math.max(m.netLoadKw[t] + power, -m.exportLimitKw);
    double degradation = power < 0 ? -power * m.dt * m.problem.battery().degradationCostPerKwh() : 0;
    return m.energyCost(t, net) + degradation;
  }

  /** d(step cost)/d(delta) at a point where it is differentiable, per kWh of SoC change. */
  private double costSlope(int t, double delta) {
    double power = m.powerOfDelta(delta);
    double x = m.netLoadKw[t] + power;
    double price = x < -m.exportLimitKw ? 0 : x < 0 ? m.problem.site().exportPrice()[t] : m.problem.site().importPrice()[t];
    double powerPerDelta = delta > 0 ? 1 / (m.etaC * m.dt) : m.etaD / m.dt;
    double degradation = delta < 0 ? -m.problem.battery().degradationCostPerKwh() * m.etaD : 0;
    return price * m.dt * powerPerDelta + degradation;
  }

  /** Segment indices ordered by (slope, index); primitive sorts, as this runs once per solve. */
  private static int[] sortedBySlope(double[] slope) {
    int n = slope.length;
    double[] distinct = slope.clone();
    Arrays.sort(distinct);
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      // index ties by position so that one step's segments stay cheapest-first
      keys[i] = (long) Arrays.binarySearch(distinct, slope[i]) * n + i;
    }
    Arrays.sort(keys);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = (int) (keys[i] % n);
    }
    return out;
  }
}
