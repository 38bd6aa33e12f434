package io.gridopt.solver.storage;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.InfeasibleException;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact feasibility test with reasons. With the charge/discharge choice resolved per step (see
 * {@link StepModel}), the SoC values reachable at the end of each step form an interval; one
 * forward pass propagates it, and where it empties the binding constraint is known with its
 * numbers. A problem that passes has a schedule (the MILP and the DP are then feasible).
 */
final class Feasibility {
  private static final double TOL = 1e-9;

  private Feasibility() {
  }

  /** Throws {@link InfeasibleException} naming the constraint that cannot be met. */
  static void check(StepModel m) {
    checkSteps(m);
    Battery b = m.problem.battery();
    double lo = b.initialSocKwh();
    double hi = b.initialSocKwh();
    for (int t = 0; t < m.steps; t++) {
      double reachLo = lo + m.deltaMinKwh[t];
      double reachHi = hi + m.deltaMaxKwh(t, m.importLimitKw);
      lo = Math.max(reachLo, m.socLoKwh[t]);
      hi = Math.min(reachHi, m.socHiKwh[t]);
      if (lo > hi + TOL) {
        throw reachReason(m, t, reachLo, reachHi);
      }
    }
  }

  /** Whether a schedule exists with every import at most {@code importCapKw}. */
  static boolean feasibleWithImportCap(StepModel m, double importCapKw) {
    double lo = m.problem.battery().initialSocKwh();
    double hi = lo;
    for (int t = 0; t < m.steps; t++) {
      double dHi = m.deltaMaxKwh(t, importCapKw);
      if (dHi < m.deltaMinKwh[t] - TOL) {
        return false;
      }
      lo = Math.max(lo + m.deltaMinKwh[t], m.socLoKwh[t]);
      hi = Math.min(hi + dHi, m.socHiKwh[t]);
      if (lo > hi + TOL) {
        return false;
      }
    }
    return true;
  }

  /** Steps whose power balance cannot be met at any SoC: a grid limit beyond the battery's power. */
  private static void checkSteps(StepModel m) {
    List<Integer> importSteps = new ArrayList<>();
    List<Integer> exportSteps = new ArrayList<>();
    for (int t = 0; t < m.steps; t++) {
      if (m.maxPowerKw(t, m.importLimitKw) < m.minPowerKw(t) - TOL) {
        (m.netLoadKw[t] - m.maxDischargeKw > m.importLimitKw ? importSteps : exportSteps).add(t);
      }
    }
    if (!importSteps.isEmpty()) {
      int t = importSteps.get(0);
      double over = m.netLoadKw[t] - m.maxDischargeKw - m.importLimitKw;
      String text = "import limit " + Fmt.num(m.importLimitKw) + " kW below net load " + Fmt.num(m.netLoadKw[t])
          + " kW at step " + t + ": the battery can discharge at most " + Fmt.num(m.maxDischargeKw) + " kW, "
          + Fmt.num(over) + " kW short" + others(importSteps);
      throw new InfeasibleException(text,
          List.of(new FieldError("grid_import_limit_kw", "exceeded by " + Fmt.num(over) + " kW at step " + t)));
    }
    if (!exportSteps.isEmpty()) {
      int t = exportSteps.get(0);
      double over = -m.netLoadKw[t] - m.maxChargeKw - m.exportLimitKw;
      String text = "export limit " + Fmt.num(m.exportLimitKw) + " kW below PV surplus " + Fmt.num(-m.netLoadKw[t])
          + " kW at step " + t + ": the battery can charge at most " + Fmt.num(m.maxChargeKw) + " kW, "
          + Fmt.num(over) + " kW too much" + others(exportSteps) + curtailmentHint(m);
      throw new InfeasibleException(text,
          List.of(new FieldError("grid_export_limit_kw", "exceeded by " + Fmt.num(over) + " kW at step " + t)));
    }
  }

  private static InfeasibleException reachReason(StepModel m, int t, double reachLo, double reachHi) {
    Battery b = m.problem.battery();
    boolean last = t == m.steps - 1;
    if (reachHi < m.socLoKwh[t]) {
      if (last && b.finalSocKwh() != null && reachHi >= m.lastSocLoBeforeFinalKwh - TOL) {
        String text = "final_soc_kwh " + Fmt.num(b.finalSocKwh()) + " unreachable: at most " + Fmt.num(reachHi)
            + " kWh can be stored by the last step";
        return new InfeasibleException(text, List.of(new FieldError("battery.final_soc_kwh",
            "unreachable by " + Fmt.num(b.finalSocKwh() - reachHi) + " kWh")));
      }
      double shortKwh = m.socLoKwh[t] - reachHi;
      String bound = m.socLoKwh[t] < b.minSocKwh() ? "its lower bound " + Fmt.num(m.socLoKwh[t])
          + " kWh (still charging back from initial_soc_kwh " + Fmt.num(b.initialSocKwh()) + ")"
          : "min_soc_kwh " + Fmt.num(b.minSocKwh());
      String text = "import limit " + Fmt.num(m.importLimitKw) + " kW cannot be kept at step " + t
          + ": covering the net load above it drains the battery to at most " + Fmt.num(reachHi) + " kWh, below "
          + bound + " (" + Fmt.num(shortKwh) + " kWh short)";
      return new InfeasibleException(text, List.of(
          new FieldError("grid_import_limit_kw", "needs " + Fmt.num(shortKwh) + " kWh more stored energy by step " + t),
          new FieldError("battery.min_soc_kwh", "would be violated at step " + t)));
    }
    double overKwh = reachLo - m.socHiKwh[t];
    String bound = m.socHiKwh[t] > b.maxSocKwh() ? "its upper bound " + Fmt.num(m.socHiKwh[t])
        + " kWh (still discharging from initial_soc_kwh " + Fmt.num(b.initialSocKwh()) + ")"
        : "max_soc_kwh " + Fmt.num(b.maxSocKwh());
    String text = "export limit " + Fmt.num(m.exportLimitKw) + " kW cannot be kept at step " + t
        + ": absorbing the PV surplus above it fills the battery to at least " + Fmt.num(reachLo) + " kWh, above "
        + bound + " (" + Fmt.num(overKwh) + " kWh over)" + curtailmentHint(m);
    return new InfeasibleException(text, List.of(
        new FieldError("grid_export_limit_kw", "needs " + Fmt.num(overKwh) + " kWh more storage room by step " + t),
        new FieldError("battery.max_soc_kwh", "would be exceeded at step " + t)));
  }

  private static String others(List<Integer> steps) {
    if (steps.size() == 1) {
      return "";
    }
    return " (also at " + (steps.size() - 1) + " other step" + (steps.size() > 2 ? "s" : "") + ", first "
        + steps.get(1) + ")";
  }

  private static String curtailmentHint(StepModel m) {
    return m.problem.grid().allowPvCurtailment() ? "" : "; allow_pv_curtailment would let the surplus be curtailed";
  }
}
