package io.gridopt.solver.grid;

import java.util.SplittableRandom;

/**
 * Local search over radial configurations by branch exchange (Civanlar et al. 1988; Baran and Wu
 * 1989): close one open branch, which forms one loop, and open another branch of that loop.
 *
 * <p>Descent ranks every exchange by the first-order loss change of moving the subtree behind the
 * opened branch onto the closed one, in DistFlow form {@code dLoss = |S|^2 R - 2 S.(F_A - F_B)}
 * (S: flow of the opened branch; R: sum of {@code r/V^2} round the loop; F_A, F_B: sums of
 * {@code (r/V^2) * flow} along the side that loses and the side that gains the subtree), and runs the
 * exact power flow only on the {@link #EXACT_PER_STEP} best-ranked exchanges, taking the first that
 * improves. A configuration is accepted as a local optimum only after every exchange has been
 * checked with the exact power flow.
 *
 * <p>To leave local optima it iterates (iterated local search): from the best configuration it makes
 * two to six random exchanges and descends again, until {@code patience} kicks in a row bring no
 * improvement or the power-flow budget is spent. The random generator has a fixed seed, so a
 * request always gets the same answer.
 */
final class BranchExchangeSearch {
  static final int EXACT_PER_STEP = 4;
  /** Kicks without improvement, per loop of the network, before the search stops. */
  static final int PATIENCE_PER_LOOP = 80;
  private static final long SEED = 0x5EED_6A1DL;

  private final GridModel model;
  private final RadialPowerFlow pf;
  private final Scorer scorer;
  private final long maxPowerFlows;
  private final SplittableRandom random = new SplittableRandom(SEED);
  // Tree and flows of the configuration being improved (pf's own arrays change with every evaluation).
  private final int[] parentBranch;
  private final int[] parentBus;
  private final int[] depth;
  private final double[] p;
  private final double[] q;
  private final double[] vSq;
  private final int[] sideA;
  private final int[] sideB;
  private int sizeA;
  private int sizeB;
  private final int[] topClose = new int[EXACT_PER_STEP];
  private final int[] topOpen = new int[EXACT_PER_STEP];
  private final double[] topEstimate = new double[EXACT_PER_STEP];
  private int topSize;

  BranchExchangeSearch(GridModel model, RadialPowerFlow pf, Scorer scorer, long maxPowerFlows) {
    this.model = model;
    this.pf = pf;
    this.scorer = scorer;
    this.maxPowerFlows = maxPowerFlows;
    int n = model.busCount;
    parentBranch = new int[n];
    parentBus = new int[n];
    depth = new int[n];
    p = new double[n];
    q = new double[n];
    vSq = new double[n];
    sideA = new int[n];
    sideB = new int[n];
  }

  /** The best configuration found from the radial configuration {@code start}. */
  boolean[] run(boolean[] start) {
    boolean[] best = start.clone();
    Scorer.Score bestScore = descend(best, true);
    int loops = 0;
    for (int k = 0; k < model.branchCount; k++) {
      if (model.free[k] && !best[k]) {
        loops++;
      }
    }
    int patience = PATIENCE_PER_LOOP * loops;
    int quiet = 0;
    while (quiet < patience && pf.solves < maxPowerFlows) {
      boolean[] candidate = best.clone();
      int kicks = 2 + random.nextInt(5);
      for (int i = 0; i < kicks; i++) {
        randomExchange(candidate);
      }
      Scorer.Score s = descend(candidate, false);
      if (s.betterThan(bestScore)) {
        s = descend(candidate, true);
        bestScore = s;
        best = candidate;
        quiet = 0;
      } else {
        quiet++;
      }
    }
    return best;
  }

  /**
   * Screened descent until no ranked exchange improves, then (when {@code exact}) exact steps until
   * no exchange at all improves; {@code closed} ends at the configuration reached. Kicked
   * configurations descend without the exact check, which is made only for a new best.
   */
  private Scorer.Score descend(boolean[] closed, boolean exact) {
    Scorer.Score score = scorer.score(closed);
    while (pf.solves < maxPowerFlows) {
      Scorer.Score improved = screenedStep(closed, score);
      if (improved == null && exact) {
        improved = exactStep(closed, score);
      }
      if (improved == null) {
        return score;
      }
      score = improved;
    }
    return score;
  }

  /** Tries the best-estimated exchanges; applies the first that improves and returns its score. */
  private Scorer.Score screenedStep(boolean[] closed, Scorer.Score score) {
    loadTree(closed);
    topSize = 0;
    for (int e = 0; e < model.branchCount; e++) {
      if (model.free[e] && !closed[e]) {
        loopSides(e);
        rank(e);
      }
    }
    for (int i = 0; i < topSize; i++) {
      Scorer.Score s = tryExchange(closed, topClose[i], topOpen[i], score);
      if (s != null) {
        return s;
      }
    }
    return null;
  }

  /** Checks every exchange with the exact power flow; applies the best improving one. */
  private Scorer.Score exactStep(boolean[] closed, Scorer.Score score) {
    loadTree(closed);
    int bestClose = -1;
    int bestOpen = -1;
    Scorer.Score best = score;
    for (int e = 0; e < model.branchCount; e++) {
      if (!model.free[e] || closed[e]) {
        continue;
      }
      loopSides(e);
      for (int i = 0; i < sizeA + sizeB; i++) {
        int f = parentBranch[i < sizeA ? sideA[i] : sideB[i - sizeA]];
        if (!model.free[f]) {
          continue;
        }
        closed[e] = true;
        closed[f] = false;
        Scorer.Score s = scorer.score(closed);
        closed[e] = false;
        closed[f] = true;
        if (s.betterThan(best)) {
          best = s;
          bestClose = e;
          bestOpen = f;
        }
      }
    }
    if (bestClose < 0) {
      return null;
    }
    closed[bestClose] = true;
    closed[bestOpen] = false;
    return best;
  }

  private Scorer.Score tryExchange(boolean[] closed, int e, int f, Scorer.Score score) {
    closed[e] = true;
    closed[f] = false;
    Scorer.Score s = scorer.score(closed);
    if (s.betterThan(score)) {
      return s;
    }
    closed[e] = false;
    closed[f] = true;
    return null;
  }

  /** Power flow of {@code closed}, copied aside as the base of the estimates and loops. */
  private void loadTree(boolean[] closed) {
    pf.buildTree(closed);
    pf.solve(); // on collapse the voltages are flat and the estimates cruder, which is harmless
    int n = model.busCount;
    System.arraycopy(pf.parentBranch, 0, parentBranch, 0, n);
    System.arraycopy(pf.parentBus, 0, parentBus, 0, n);
    System.arraycopy(pf.depth, 0, depth, 0, n);
    System.arraycopy(pf.pSend, 0, p, 0, n);
    System.arraycopy(pf.qSend, 0, q, 0, n);
    System.arraycopy(pf.vSq, 0, vSq, 0, n);
  }

  /**
   * The loop that closing open branch {@code e} forms, as the buses whose parent branches lie on
   * it: from {@code from[e]} upwards (side A) and from {@code to[e]} upwards (side B) to where the
   * paths meet, or up to their substations, which act as one source.
   */
  private void loopSides(int e) {
    sizeA = 0;
    sizeB = 0;
    int a = model.from[e];
    int b = model.to[e];
    while (a != b) {
      if (depth[a] >= depth[b] && parentBranch[a] >= 0) {
        sideA[sizeA++] = a;
        a = parentBus[a];
      } else if (parentBranch[b] >= 0) {
        sideB[sizeB++] = b;
        b = parentBus[b];
      } else {
        break; // two different substations
      }
    }
  }

  /** Estimates the loss change of each exchange on {@code e}'s loop and keeps the best few. */
  private void rank(int e) {
    double ca = 0;
    double fap = 0;
    double faq = 0;
    for (int i = 0; i < sizeA; i++) {
      int u = sideA[i];
      double c = model.rPu[parentBranch[u]] / vSq[u];
      ca += c;
      fap += c * p[u];
      faq += c * q[u];
    }
    double cb = 0;
    double fbp = 0;
    double fbq = 0;
    for (int i = 0; i < sizeB; i++) {
      int u = sideB[i];
      double c = model.rPu[parentBranch[u]] / vSq[u];
      cb += c;
      fbp += c * p[u];
      fbq += c * q[u];
    }
    double loopR = ca + cb + model.rPu[e] / vSq[model.from[e]];
    for (int i = 0; i < sizeA; i++) {
      int u = sideA[i];
      offer(e, parentBranch[u], (p[u] * p[u] + q[u] * q[u]) * loopR - 2 * (p[u] * (fap - fbp) + q[u] * (faq - fbq)));
    }
    for (int i = 0; i < sizeB; i++) {
      int u = sideB[i];
      offer(e, parentBranch[u], (p[u] * p[u] + q[u] * q[u]) * loopR - 2 * (p[u] * (fbp - fap) + q[u] * (fbq - faq)));
    }
  }

  private void offer(int e, int f, double estimate) {
    if (!model.free[f] || (topSize == EXACT_PER_STEP && estimate >= topEstimate[topSize - 1])) {
      return;
    }
    int i = topSize < EXACT_PER_STEP ? topSize++ : topSize - 1;
    while (i > 0 && topEstimate[i - 1] > estimate) {
      topEstimate[i] = topEstimate[i - 1];
      topClose[i] = topClose[i - 1];
      topOpen[i] = topOpen[i - 1];
      i--;
    }
    topEstimate[i] = estimate;
    topClose[i] = e;
    topOpen[i] = f;
  }

  /** Closes a random open branch and opens a random switchable branch of the loop it forms. */
  private void randomExchange(boolean[] closed) {
    int open = 0;
    for (int k = 0; k < model.branchCount; k++) {
      if (model.free[k] && !closed[k]) {
        open++;
      }
    }
    if (open == 0) {
      return;
    }
    int pick = random.nextInt(open);
    int e = -1;
    for (int k = 0; k < model.branchCount && e < 0; k++) {
      if (model.free[k] && !closed[k] && pick-- == 0) {
        e = k;
      }
    }
    pf.buildTree(closed);
    System.arraycopy(pf.parentBranch, 0, parentBranch, 0, model.busCount);
    System.arraycopy(pf.parentBus, 0, parentBus, 0, model.busCount);
    System.arraycopy(pf.depth, 0, depth, 0, model.busCount);
    loopSides(e);
    int switchable = 0;
    for (int i = 0; i < sizeA + sizeB; i++) {
      if (model.free[parentBranch[i < sizeA ? sideA[i] : sideB[i - sizeA]]]) {
        switchable++;
      }
    }
    if (switchable == 0) {
      return;
    }
    int chosen = random.nextInt(switchable);
    for (int i = 0; i < sizeA + sizeB; i++) {
      int f = parentBranch[i < sizeA ? sideA[i] : sideB[i - sizeA]];
      if (model.free[f] && chosen-- == 0) {
        closed[e] = true;
        closed[f] = false;
        return;
      }
    }
  }
}
