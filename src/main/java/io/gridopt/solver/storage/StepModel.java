package io.gridopt.solver.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * The problem seen step by step with the charge/discharge choice already resolved: in every step the
 * battery either charges or discharges, so its SoC change {@code delta} (kWh) fixes its terminal
 * power {@code phi(delta)} (kW, + charging). Each step then allows an interval of SoC changes (power
 * limits, and the grid limits the PV curtailment cannot absorb) and the SoC lies in an interval
 * (bounds, widened to an envelope while a measured initial SoC is brought back within bounds, and
 * the final SoC bound at the last step). Package-private working form of a {@link StorageProblem}.
 */
final class StepModel {
  final StorageProblem problem;
  final int steps;
  final double dt;
  final double etaC;
  final double etaD;
  final double maxChargeKw;
  final double maxDischargeKw;
  final double importLimitKw;
  final double exportLimitKw;
  /** load - pv, kW. */
  final double[] netLoadKw;
  /** How much PV may be curtailed, kW (0 when curtailment is not allowed). */
  final double[] curtailableKw;
  /** Smallest SoC change per step (fastest discharge the grid can take), kWh. */
  final double[] deltaMinKwh;
  /** Lowest and highest SoC at the end of each step, kWh. */
  final double[] socLoKwh;
  final double[] socHiKwh;
  /** The last step's lower SoC bound before final_soc_kwh applies. */
  double lastSocLoBeforeFinalKwh;
  final List<String> warnings = new ArrayList<>();

  StepModel(StorageProblem problem) {
    this.problem = problem;
    Battery b = problem.battery();
    GridConnection g = problem.grid();
    SiteSeries site = problem.site();
    steps = problem.steps();
    dt = problem.dtHours();
    etaC = b.chargeEfficiency();
    etaD = b.dischargeEfficiency();
    maxChargeKw = b.maxChargeKw();
    maxDischargeKw = b.maxDischargeKw();
    importLimitKw = g.importLimitKw();
    exportLimitKw = g.exportLimitKw();
    netLoadKw = new double[steps];
    curtailableKw = new double[steps];
    deltaMinKwh = new double[steps];
    for (int t = 0; t < steps; t++) {
      netLoadKw[t] = site.loadKw()[t] - site.pvKw()[t];
      curtailableKw[t] = g.allowPvCurtailment() ? site.pvKw()[t] : 0;
      deltaMinKwh[t] = deltaOfPower(minPowerKw(t));
    }
    socLoKwh = new double[steps];
    socHiKwh = new double[steps];
    buildSocEnvelope(b);
  }

  /** Battery terminal power (kW, + charging) that changes the SoC by {@code deltaKwh} in one step. */
  double powerOfDelta(double deltaKwh) {
    return deltaKwh >= 0 ? deltaKwh / (etaC * dt) : deltaKwh * etaD / dt;
  }

  /** SoC change (kWh) in one step at terminal power {@code powerKw} (+ charging). */
  double deltaOfPower(double powerKw) {
    return powerKw >= 0 ? powerKw * etaC * dt : powerKw * dt / etaD;
  }

  /** Lowest battery power in step t: discharge limit, or less where the export limit binds. */
  double minPowerKw(int t) {
    return Math.max(-maxDischargeKw, -exportLimitKw - curtailableKw[t] - netLoadKw[t]);
  }

  /** Highest battery power in step t with imports capped at {@code importCapKw}. */
  double maxPowerKw(int t, double importCapKw) {
    return Math.min(maxChargeKw, importCapKw - netLoadKw[t]);
  }

  double deltaMaxKwh(int t, double importCapKw) {
    return deltaOfPower(maxPowerKw(t, importCapKw));
  }

  /**
   * While the initial SoC is above max_soc (below min_soc), the upper (lower) SoC bound starts there
   * and follows the fastest discharge (charge) the battery and the grid allow until it meets the
   * bound: the schedule must return within bounds as fast as possible.
   */
  private void buildSocEnvelope(Battery b) {
    double hi = Math.max(b.maxSocKwh(), b.initialSocKwh());
    double lo = Math.min(b.minSocKwh(), b.initialSocKwh());
    int hiBackAt = -1;
    int loBackAt = -1;
    for (int t = 0; t < steps; t++) {
      hi = Math.max(b.maxSocKwh(), Math.min(hi, hi + deltaMinKwh[t]));
      lo = Math.min(b.minSocKwh(), Math.max(lo, lo + deltaMaxKwh(t, importLimitKw)));
      if (hiBackAt < 0 && hi <= b.maxSocKwh()) {
        hiBackAt = t;
      }
      if (loBackAt < 0 && lo >= b.minSocKwh()) {
        loBackAt = t;
      }
      socHiKwh[t] = hi;
      socLoKwh[t] = lo;
    }
    lastSocLoBeforeFinalKwh = socLoKwh[steps - 1];
    if (b.finalSocKwh() != null) {
      socLoKwh[steps - 1] = Math.max(socLoKwh[steps - 1], b.finalSocKwh());
    }
    if (b.initialSocKwh() > b.maxSocKwh()) {
      warnings.add("initial_soc_kwh " + Fmt.num(b.initialSocKwh()) + " is above max_soc_kwh " + Fmt.num(b.maxSocKwh())
          + ": the schedule discharges as fast as the battery and the grid allow and is "
          + backWithin(hiBackAt));
    }
    if (b.initialSocKwh() < b.minSocKwh()) {
      warnings.add("initial_soc_kwh " + Fmt.num(b.initialSocKwh()) + " is below min_soc_kwh " + Fmt.num(b.minSocKwh())
          + ": the schedule charges as fast as the battery and the grid allow and is " + backWithin(loBackAt));
    }
  }

  private static String backWithin(int step) {
    return step < 0 ? "still outside its bounds at the end of the horizon" : "within bounds from step " + step + " on";
  }

  /** Cost of one step's energy at grid flow {@code netKw} (+ import, - export). */
  double energyCost(int t, double netKw) {
    SiteSeries s = problem.site();
    return dt * (netKw >= 0 ? s.importPrice()[t] * netKw : s.exportPrice()[t] * netKw);
  }

  /**
   * Whether the grid cost of step t is convex and non-decreasing in the grid flow over the flows the
   * step can have. Then more import (or less export) never pays, so no schedule gains from
   * burning energy by charging and discharging at once, and the cost of a SoC change is convex.
   */
  boolean gridCostMonotone(int t) {
    double ip = problem.site().importPrice()[t];
    double ep = problem.site().exportPrice()[t];
    double lowest = Math.max(netLoadKw[t] - maxDischargeKw, -exportLimitKw);
    double highest = Math.min(netLoadKw[t] + maxChargeKw + curtailableKw[t], importLimitKw);
    if (highest <= 0) {
      return ep >= 0;
    }
    if (lowest >= 0) {
      return ip >= 0;
    }
    return 0 <= ep && ep <= ip;
  }

  /** Whether the grid flow of step t can be import as well as export, with export paying more. */
  boolean gridArbitragePossible(int t) {
    double lowest = Math.max(netLoadKw[t] - maxDischargeKw, -exportLimitKw);
    double highest = Math.min(netLoadKw[t] + maxChargeKw + curtailableKw[t], importLimitKw);
    return lowest < 0 && highest > 0 && problem.site().exportPrice()[t] > problem.site().importPrice()[t];
  }

  /** Whether the export limit can keep the battery from discharging at full power in step t. */
  boolean exportLimitCanBind(int t) {
    return minPowerKw(t) > -maxDischargeKw;
  }
}
