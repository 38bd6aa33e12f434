package io.gridopt.solver.storage;

/**
 * Reference optimum by dynamic programming over integer SoC values (kWh), written from the model's
 * equations alone: in each step the battery either charges or discharges (never both), the grid
 * flow is the cheapest one the limits and curtailment allow. Exact when the optimum's SoC values
 * are integers; otherwise an upper bound. No demand charge, dt = 1 h, SoC within bounds at start.
 */
final class GridDp {
  private GridDp() {
  }

  /** The least cost, or null when no integer-SoC schedule exists. */
  static Double optimum(StorageProblem p) {
    Battery b = p.battery();
    GridConnection g = p.grid();
    SiteSeries site = p.site();
    int cap = (int) Math.round(b.capacityKwh());
    double[] value = new double[cap + 1];
    java.util.Arrays.fill(value, Double.POSITIVE_INFINITY);
    value[(int) Math.round(b.initialSocKwh())] = 0;
    for (int t = 0; t < p.steps(); t++) {
      double[] next = new double[cap + 1];
      java.util.Arrays.fill(next, Double.POSITIVE_INFINITY);
      for (int from = 0; from <= cap; from++) {
        if (value[from] == Double.POSITIVE_INFINITY) {
          continue;
        }
        for (int to = (int) Math.ceil(b.minSocKwh()); to <= (int) Math.floor(b.maxSocKwh()); to++) {
          int delta = to - from;
          double charge = delta > 0 ? delta / b.chargeEfficiency() : 0;
          double discharge = delta < 0 ? -delta * b.dischargeEfficiency() : 0;
          if (charge > b.maxChargeKw() + 1e-9 || discharge > b.maxDischargeKw() + 1e-9) {
            continue;
          }
          double x = site.loadKw()[t] - site.pvKw()[t] + charge - discharge;
          double curtailable = g.allowPvCurtailment() ? site.pvKw()[t] : 0;
          double lo = Math.max(x, -g.exportLimitKw());
          double hi = Math.min(x + curtailable, g.importLimitKw());
          if (lo > hi + 1e-9) {
            continue;
          }
          double best = Math.min(flowCost(site, t, lo), flowCost(site, t, hi));
          if (lo < 0 && hi > 0) {
            best = Math.min(best, 0);
          }
          double cost = value[from] + best + b.degradationCostPerKwh() * discharge;
          next[to] = Math.min(next[to], cost);
        }
      }
      value = next;
    }
    double best = Double.POSITIVE_INFINITY;
    for (int s = 0; s <= cap; s++) {
      if (b.finalSocKwh() == null || s >= b.finalSocKwh() - 1e-9) {
        best = Math.min(best, value[s]);
      }
    }
    return best == Double.POSITIVE_INFINITY ? null : best;
  }

  private static double flowCost(SiteSeries site, int t, double net) {
    return net >= 0 ? site.importPrice()[t] * net : site.exportPrice()[t] * net;
  }
}
