package io.gridopt.solver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.domain.InfeasibleException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The solver against independent methods on generated instances: the exact DP against the plain
 * MILP (SCIP, a direction binary on every step) where costs are convex, and the MILP path against a
 * dynamic programme over an integer SoC grid where prices go negative. The grid instances use
 * integer kW values with efficiencies 1 or 0.5 and dt = 1, so every SoC the optimum can take (a
 * bound plus SoC changes at power limits or flow kinks) is an integer: the grid DP is exact there.
 */
class StorageCrossCheckTest {
  /** 0.01 %, the agreement the issue asks for. */
  private static final double REL = 1e-4;

  private final StorageSolver solver = new StorageSolver();

  @Test
  void dpAgreesWithPlainMilpOnGeneratedConvexInstances() {
    Random rnd = new Random(20240601);
    int compared = 0;
    double worst = 0;
    List<String> features = new ArrayList<>();
    for (int i = 0; compared < 60 && i < 500; i++) {
      StorageProblem p = convexInstance(rnd, features);
      StorageResult dp;
      try {
        dp = solver.solve(p);
      } catch (InfeasibleException e) {
        assertThatThrownByMilpToo(p);
        continue;
      }
      StorageResult milp = solver.solveAsMilp(p);
      assertThat(dp.solverName()).isEqualTo(StorageSolver.DP_NAME);
      double cost = ScheduleInvariants.check(p, dp);
      ScheduleInvariants.check(p, milp);
      double rel = Math.abs(cost - milp.totalCost()) / Math.max(1, Math.abs(milp.totalCost()));
      worst = Math.max(worst, rel);
      assertThat(rel).as("instance %d (%s): dp %s vs milp %s", i, features.get(features.size() - 1), cost,
          milp.totalCost()).isLessThanOrEqualTo(REL);
      compared++;
    }
    assertThat(compared).isEqualTo(60);
    System.out.printf("DP vs MILP: %d instances, worst relative difference %.3e%n", compared, worst);
  }

  @Test
  void milpPathAgreesWithGridDpOnGeneratedNegativePriceInstances() {
    Random rnd = new Random(77);
    int compared = 0;
    int withNegative = 0;
    double worst = 0;
    for (int i = 0; compared < 50 && i < 500; i++) {
      StorageProblem p = latticeInstance(rnd);
      Double reference = GridDp.optimum(p);
      if (reference == null) {
        continue;
      }
      StorageResult r = solver.solve(p);
      double cost = ScheduleInvariants.check(p, r);
      double rel = Math.abs(cost - reference) / Math.max(1, Math.abs(reference));
      worst = Math.max(worst, rel);
      assertThat(rel).as("instance %d: solver %s vs grid DP %s", i, cost, reference).isLessThanOrEqualTo(REL);
      if (StorageSolver.MILP_NAME.equals(r.solverName())) {
        withNegative++;
      }
      compared++;
    }
    assertThat(compared).isEqualTo(50);
    assertThat(withNegative).isGreaterThanOrEqualTo(30);
    System.out.printf("solver vs grid DP: %d instances (%d on the MILP path), worst relative difference %.3e%n",
        compared, withNegative, worst);
  }

  private void assertThatThrownByMilpToo(StorageProblem p) {
    // the feasibility pass is shared; the plain MILP must agree that it is infeasible
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> solver.solveAsMilp(p))
        .isInstanceOf(InfeasibleException.class);
  }

  /** Random site and battery with prices >= 0 and export <= import, and every optional feature. */
  static StorageProblem convexInstance(Random rnd, List<String> features) {
    int t = 4 + rnd.nextInt(45);
    double dt = new double[] {0.25, 0.5, 1}[rnd.nextInt(3)];
    double[] load = new double[t];
    double[] pv = new double[t];
    double[] ip = new double[t];
    double[] ep = new double[t];
    double pvPeak = rnd.nextDouble() < 0.7 ? 30 + 80 * rnd.nextDouble() : 0;
    for (int i = 0; i < t; i++) {
      double hour = (i * dt) % 24;
      load[i] = 20 + 30 * rnd.nextDouble() + 15 * Math.sin((hour - 7) / 24 * 2 * Math.PI);
      pv[i] = Math.max(0, pvPeak * Math.sin((hour - 6) / 12 * Math.PI)) * (0.6 + 0.4 * rnd.nextDouble());
      ip[i] = round(0.08 + 0.3 * rnd.nextDouble(), 3);
      ep[i] = rnd.nextDouble() < 0.3 ? ip[i] : round(ip[i] * rnd.nextDouble(), 3);
    }
    double cap = 20 + 180 * rnd.nextDouble();
    double minSoc = rnd.nextDouble() < 0.5 ? 0 : 0.1 * cap;
    double maxSoc = rnd.nextDouble() < 0.5 ? cap : 0.9 * cap;
    double init = rnd.nextDouble() < 0.2 ? cap * rnd.nextDouble() : minSoc + (maxSoc - minSoc) * rnd.nextDouble();
    Double fin = rnd.nextDouble() < 0.3 ? minSoc + (maxSoc - minSoc) * rnd.nextDouble() * 0.6 : null;
    double etaC = rnd.nextDouble() < 0.2 ? 1 : 0.85 + 0.15 * rnd.nextDouble();
    double etaD = rnd.nextDouble() < 0.2 ? 1 : 0.85 + 0.15 * rnd.nextDouble();
    double deg = rnd.nextDouble() < 0.4 ? 0.02 * rnd.nextDouble() : 0;
    Battery b = new Battery(cap, 5 + 50 * rnd.nextDouble(), 5 + 50 * rnd.nextDouble(), etaC, etaD, init, minSoc, maxSoc,
        fin, deg);
    double imp = rnd.nextDouble() < 0.3 ? 40 + 40 * rnd.nextDouble() : Double.POSITIVE_INFINITY;
    double exp = rnd.nextDouble() < 0.3 ? 10 + 40 * rnd.nextDouble() : Double.POSITIVE_INFINITY;
    boolean curtail = rnd.nextDouble() < 0.4;
    double demand = rnd.nextDouble() < 0.4 ? 2 + 10 * rnd.nextDouble() : 0;
    features.add("T=" + t + " dt=" + dt + " importLimit=" + imp + " exportLimit=" + exp + " curtail=" + curtail
        + " demand=" + demand + " final=" + fin + " init=" + init + " [" + minSoc + "," + maxSoc + "]");
    return new StorageProblem(dt, new SiteSeries(load, pv, ip, ep), b, new GridConnection(imp, exp, curtail, demand));
  }

  /** Integer data (see the class comment) with negative prices and export sometimes paying more. */
  static StorageProblem latticeInstance(Random rnd) {
    int t = 3 + rnd.nextInt(8);
    double[] load = new double[t];
    double[] pv = new double[t];
    double[] ip = new double[t];
    double[] ep = new double[t];
    for (int i = 0; i < t; i++) {
      load[i] = 2 * rnd.nextInt(8);
      pv[i] = rnd.nextDouble() < 0.5 ? 2 * rnd.nextInt(10) : 0;
      ip[i] = round(-0.2 + 0.5 * rnd.nextDouble(), 2);
      ep[i] = rnd.nextDouble() < 0.15 ? round(ip[i] + 0.05, 2) : round(ip[i] - 0.3 * rnd.nextDouble(), 2);
    }
    int cap = 6 + rnd.nextInt(20);
    int minSoc = rnd.nextInt(3);
    int maxSoc = cap - rnd.nextInt(3);
    int init = minSoc + rnd.nextInt(maxSoc - minSoc + 1);
    Double fin = rnd.nextDouble() < 0.3 ? (double) (minSoc + rnd.nextInt(maxSoc - minSoc + 1)) : null;
    double etaC = rnd.nextBoolean() ? 1 : 0.5;
    double etaD = rnd.nextBoolean() ? 1 : 0.5;
    double deg = rnd.nextDouble() < 0.3 ? 0.01 : 0;
    Battery b = new Battery(cap, 2 + 2 * rnd.nextInt(4), 2 + 2 * rnd.nextInt(4), etaC, etaD, init, minSoc, maxSoc, fin,
        deg);
    double imp = rnd.nextDouble() < 0.3 ? 10 + 2 * rnd.nextInt(5) : Double.POSITIVE_INFINITY;
    double exp = rnd.nextDouble() < 0.3 ? 4 + 2 * rnd.nextInt(5) : Double.POSITIVE_INFINITY;
    return new StorageProblem(1, new SiteSeries(load, pv, ip, ep), b,
        new GridConnection(imp, exp, rnd.nextDouble() < 0.4, 0));
  }

  private static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }
}
