package io.gridopt.solver.dispatch;

/**
 * Set points per step: {@code chargeKw[b][t]} and {@code dischargeKw[b][t]} of battery {@code b}
 * (request order) and {@code curtailmentKw[s][t]} of PV site {@code s}.
 */
public record Schedule(double[][] chargeKw, double[][] dischargeKw, double[][] curtailmentKw) {

  /** Batteries idle and no curtailment. */
  public static Schedule idle(DispatchProblem p) {
    int steps = p.steps();
    return new Schedule(new double[p.batteries().size()][steps], new double[p.batteries().size()][steps],
        new double[p.pv().size()][steps]);
  }

  /** The schedules the request gives (idle where it gives none). */
  public static Schedule given(DispatchProblem p) {
    Schedule s = idle(p);
    for (int b = 0; b < p.batteries().size(); b++) {
      FeederBattery battery = p.batteries().get(b);
      if (battery.chargeKw() != null) {
        s.chargeKw[b] = battery.chargeKw().clone();
      }
      if (battery.dischargeKw() != null) {
        s.dischargeKw[b] = battery.dischargeKw().clone();
      }
    }
    for (int k = 0; k < p.pv().size(); k++) {
      if (p.pv().get(k).curtailmentKw() != null) {
        s.curtailmentKw[k] = p.pv().get(k).curtailmentKw().clone();
      }
    }
    return s;
  }

  /** SoC at the end of every step of battery {@code b} (kWh). */
  public double[] socKwh(DispatchProblem p, int b) {
    FeederBattery battery = p.batteries().get(b);
    double[] soc = new double[p.steps()];
    double s = battery.initialSocKwh();
    for (int t = 0; t < soc.length; t++) {
      s += (battery.chargeEfficiency() * chargeKw[b][t] - dischargeKw[b][t] / battery.dischargeEfficiency())
          * p.dtHours();
      soc[t] = s;
    }
    return soc;
  }
}
