package io.gridopt.solver.dispatch;

import java.util.List;

/**
 * A schedule run through the exact AC power flow at every step: its cost (substation energy at the
 * import or export price, plus curtailment), losses and curtailed energy (kWh), the per-step states,
 * every violated limit, and the AC check (largest voltage violation in pu, current violation in A,
 * power mismatch in kW).
 */
public record Evaluation(Schedule schedule, double cost, double lossesKwh, double curtailedKwh,
    List<StepState> steps, List<Violation> violations, double maxVoltageViolationPu, double maxCurrentViolationA,
    double maxPowerMismatchKw) {

  /** The violation that is largest relative to its limit; null when none. */
  public Violation worst() {
    Violation worst = null;
    for (Violation v : violations) {
      if (worst == null || v.amount() / Math.abs(v.limit()) > worst.amount() / Math.abs(worst.limit())) {
        worst = v;
      }
    }
    return worst;
  }
}
