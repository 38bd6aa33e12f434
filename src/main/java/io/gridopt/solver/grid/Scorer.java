package io.gridopt.solver.grid;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Ranks radial configurations: first by how far they break the limits (bus voltage below
 * {@code vMinPu} in pu, relative branch overload above {@code maxCurrentA}, switch operations above
 * the cap; voltage collapse is worst of all), then by loss. Ranking infeasible configurations by
 * their violation lets a search walk out of an infeasible starting state. Scores are cached under a
 * 64-bit Zobrist hash of the closed set, because searches revisit configurations often.
 */
final class Scorer {
  static final double FEASIBLE = 1e-9;

  /** Limit violation (0 when feasible, infinite on collapse) and loss in per unit. */
  record Score(double violation, double lossPu) {
    static final Score COLLAPSED = new Score(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

    boolean feasible() {
      return violation <= FEASIBLE;
    }

    boolean betterThan(Score o) {
      if (feasible() != o.feasible()) {
        return feasible();
      }
      if (!feasible() && violation != o.violation) {
        return violation < o.violation;
      }
      return lossPu < o.lossPu * (1 - 1e-12);
    }
  }

  private final GridModel model;
  private final RadialPowerFlow pf;
  private final boolean[] current;
  private final double vMinPu;
  private final Integer maxSwitchOperations;
  private final long[] zobrist;
  private final Map<Long, Score> cache = new HashMap<>();

  Scorer(GridModel model, RadialPowerFlow pf, boolean[] current, ReconfigurationOptions options) {
    this.model = model;
    this.pf = pf;
    this.current = current;
    this.vMinPu = options.vMinPu();
    this.maxSwitchOperations = options.maxSwitchOperations();
    SplittableRandom random = new SplittableRandom(0x2F0B1A5EL);
    zobrist = new long[model.branchCount];
    for (int k = 0; k < zobrist.length; k++) {
      zobrist[k] = random.nextLong();
    }
  }

  /** Score of a configuration, from the cache when seen before; null when it is not radial. */
  Score score(boolean[] closed) {
    long key = 0;
    for (int k = 0; k < closed.length; k++) {
      if (closed[k]) {
        key ^= zobrist[k];
      }
    }
    Score cached = cache.get(key);
    if (cached != null) {
      return cached;
    }
    Score s = evaluate(closed);
    if (s != null) {
      cache.put(key, s);
    }
    return s;
  }

  /** Runs the power flow; leaves its tree and solution in {@code pf}. Null when not radial. */
  Score evaluate(boolean[] closed) {
    if (!pf.buildTree(closed)) {
      return null;
    }
    if (pf.solve() == RadialPowerFlow.Status.COLLAPSED) {
      return Score.COLLAPSED;
    }
    return new Score(violation(closed), pf.lossPu);
  }

  /** Violation of the solution now held in {@code pf}. */
  private double violation(boolean[] closed) {
    double v = 0;
    for (int j = 0; j < model.busCount; j++) {
      int k = pf.parentBranch[j];
      if (k < 0) {
        continue;
      }
      double volts = Math.sqrt(pf.vSq[j]);
      if (volts < vMinPu) {
        v += vMinPu - volts;
      }
      double limit = model.maxCurrentPu[k];
      if (pf.currentSq[j] > limit * limit) {
        v += (Math.sqrt(pf.currentSq[j]) - limit) / limit;
      }
    }
    if (maxSwitchOperations != null) {
      int ops = operations(closed);
      if (ops > maxSwitchOperations) {
        v += ops - maxSwitchOperations;
      }
    }
    return v;
  }

  /** Branches whose state differs from the current one. */
  int operations(boolean[] closed) {
    int ops = 0;
    for (int k = 0; k < closed.length; k++) {
      if (closed[k] != current[k]) {
        ops++;
      }
    }
    return ops;
  }
}
