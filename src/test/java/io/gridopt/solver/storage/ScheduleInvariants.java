package io.gridopt.solver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Physical checks every returned schedule must pass, whatever the optimizer. */
final class ScheduleInvariants {
  private static final double TOL = 1e-6;

  private ScheduleInvariants() {
  }

  /** Checks balance, SoC dynamics, bounds, limits and one-direction flows; returns the cost. */
  static double check(StorageProblem p, StorageResult r) {
    StorageSchedule s = r.schedule();
    Battery b = p.battery();
    GridConnection g = p.grid();
    SiteSeries site = p.site();
    double dt = p.dtHours();
    double soc = b.initialSocKwh();
    double cost = 0;
    double peak = 0;
    for (int t = 0; t < p.steps(); t++) {
      double c = s.chargeKw()[t];
      double d = s.dischargeKw()[t];
      double imp = s.gridImportKw()[t];
      double exp = s.gridExportKw()[t];
      double k = s.curtailmentKw()[t];
      assertThat(c * d).as("charge and discharge at step %d", t).isZero();
      assertThat(imp * exp).as("import and export at step %d", t).isZero();
      assertThat(c).isBetween(0.0, b.maxChargeKw() + TOL);
      assertThat(d).isBetween(0.0, b.maxDischargeKw() + TOL);
      assertThat(imp).isLessThanOrEqualTo(g.importLimitKw() + TOL).isGreaterThanOrEqualTo(0);
      assertThat(exp).isLessThanOrEqualTo(g.exportLimitKw() + TOL).isGreaterThanOrEqualTo(0);
      assertThat(k).isBetween(0.0, (g.allowPvCurtailment() ? site.pvKw()[t] : 0) + TOL);
      assertThat(site.loadKw()[t] + c + exp).as("balance at step %d", t)
          .isCloseTo(site.pvKw()[t] - k + d + imp, within(TOL));
      soc += (b.chargeEfficiency() * c - d / b.dischargeEfficiency()) * dt;
      assertThat(s.socKwh()[t]).as("soc at step %d", t).isCloseTo(soc, within(TOL));
      assertThat(soc).isBetween(-TOL, b.capacityKwh() + TOL);
      cost += (site.importPrice()[t] * imp - site.exportPrice()[t] * exp + b.degradationCostPerKwh() * d) * dt;
      peak = Math.max(peak, imp);
    }
    if (b.finalSocKwh() != null) {
      assertThat(soc).isGreaterThanOrEqualTo(b.finalSocKwh() - TOL);
    }
    cost += g.demandChargePerKw() * peak;
    assertThat(r.totalCost()).isCloseTo(cost, within(1e-6 * Math.max(1, Math.abs(cost))));
    assertThat(r.peakImportKw()).isCloseTo(peak, within(TOL));
    return cost;
  }
}
