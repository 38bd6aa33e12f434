package io.gridopt.solver.storage;

/**
 * Turns an optimal SoC trajectory into the full schedule. Each step's SoC change fixes the battery
 * power with one direction only (charge or discharge); the grid flow is then the cheapest one the
 * step allows (curtailing PV only where that pays or an export limit needs it) with imports kept
 * under the import cap the optimizer chose. The cost is recomputed from the schedule itself.
 */
final class ScheduleBuilder {
  /** Values closer to zero than this are reported as zero (solver round-off). */
  private static final double ZERO = 1e-9;

  private ScheduleBuilder() {
  }

  record Built(StorageSchedule schedule, double totalCost, double peakImportKw) {
  }

  static Built build(StepModel m, double[] socKwh, double importCapKw) {
    int n = m.steps;
    double[] charge = new double[n];
    double[] discharge = new double[n];
    double[] soc = new double[n];
    double[] imp = new double[n];
    double[] exp = new double[n];
    double[] curtail = new double[n];
    double cap = Math.min(importCapKw, m.importLimitKw);
    double previous = m.problem.battery().initialSocKwh();
    double energyCost = 0;
    double peak = 0;
    double degradation = m.problem.battery().degradationCostPerKwh();
    for (int t = 0; t < n; t++) {
      double delta = clamp(socKwh[t] - previous, m.deltaMinKwh[t], m.deltaMaxKwh(t, cap));
      double power = m.powerOfDelta(delta);
      charge[t] = clean(Math.max(power, 0));
      discharge[t] = clean(Math.max(-power, 0));
      previous += delta;
      soc[t] = clean(previous);
      double x = m.netLoadKw[t] + power;
      double net = cheapestFlow(m, t, Math.max(x, -m.exportLimitKw), Math.min(x + m.curtailableKw[t], cap));
      imp[t] = clean(Math.max(net, 0));
      exp[t] = clean(Math.max(-net, 0));
      curtail[t] = clean(Math.max(net - x, 0));
      energyCost += m.energyCost(t, imp[t] - exp[t]) + degradation * discharge[t] * m.dt;
      peak = Math.max(peak, imp[t]);
    }
    double total = energyCost + m.problem.grid().demandChargePerKw() * peak;
    return new Built(new StorageSchedule(charge, discharge, soc, imp, exp, curtail), total, peak);
  }

  /** The grid flow in [lo, hi] of least cost; ties go to the lower flow (less curtailment). */
  private static double cheapestFlow(StepModel m, int t, double lo, double hi) {
    if (hi <= lo) {
      return lo;
    }
    double best = lo;
    double bestCost = m.energyCost(t, lo);
    double[] candidates = {0, hi};
    for (double c : candidates) {
      if (c > lo && c <= hi && m.energyCost(t, c) < bestCost - 1e-12) {
        best = c;
        bestCost = m.energyCost(t, c);
      }
    }
    return best;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static double clean(double v) {
    return Math.abs(v) < ZERO ? 0.0 : v;
  }
}
