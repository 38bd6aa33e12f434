package io.gridopt.solver.storage;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;

/**
 * The storage problem as a mixed-integer programme, solved by SCIP through OR-Tools. Used where the
 * step cost is not convex (negative prices, export paying more than import): there the LP
 * relaxation would burn energy by charging and discharging at once, so a binary per such step picks
 * the battery's direction (and one picks the grid's direction where export pays more than import).
 * Other steps need no binary: any simultaneous charge and discharge there can be removed without
 * raising the cost ({@link ScheduleBuilder} does so from the SoC trajectory).
 */
final class StorageMilp {
  private static final double MIP_GAP = 1e-9;
  private static final double TIME_LIMIT_MS = 120_000;

  private StorageMilp() {
  }

  private static final class NativeLibraries {
    static {
      Loader.loadNativeLibraries();
    }

    static void load() {
      // class initialisation loads the libraries once
    }
  }

  /** The result: SoC after every step, the import cap (the peak variable) and the B&B nodes. */
  record Solution(double[] socKwh, double importCapKw, long nodes) {
  }

  /**
   * Solves to optimality. With {@code everyStepBinary} every step gets its direction binaries (the
   * plain MILP of the model, used to cross-check the exact DP).
   */
  static Solution solve(StepModel m, boolean everyStepBinary) {
    NativeLibraries.load();
    MPSolver solver = MPSolver.createSolver("SCIP");
    if (solver == null) {
      throw new IllegalStateException("OR-Tools SCIP is not available");
    }
    try {
      solver.suppressOutput();
      solver.setTimeLimit((long) TIME_LIMIT_MS);
      Battery b = m.problem.battery();
      SiteSeries site = m.problem.site();
      double demandCharge = m.problem.grid().demandChargePerKw();
      double inf = MPSolver.infinity();
      MPObjective objective = solver.objective();
      MPVariable peak = null;
      if (demandCharge > 0) {
        peak = solver.makeNumVar(0, inf, "peak");
        objective.setCoefficient(peak, demandCharge);
      }
      MPVariable[] soc = new MPVariable[m.steps];
      for (int t = 0; t < m.steps; t++) {
        double load = m.netLoadKw[t];
        double curtailable = m.curtailableKw[t];
        MPVariable charge = solver.makeNumVar(0, m.maxChargeKw, "c" + t);
        MPVariable discharge = solver.makeNumVar(0, m.maxDischargeKw, "d" + t);
        soc[t] = solver.makeNumVar(m.socLoKwh[t], m.socHiKwh[t], "s" + t);
        // import and export cannot exceed what one direction of the balance could ever need
        double importUb = Math.min(m.importLimitKw, Math.max(0, load + curtailable + m.maxChargeKw));
        double exportUb = Math.min(m.exportLimitKw, Math.max(0, -load + m.maxDischargeKw));
        MPVariable imp = solver.makeNumVar(0, importUb, "i" + t);
        MPVariable exp = solver.makeNumVar(0, exportUb, "e" + t);
        MPVariable curtail = solver.makeNumVar(0, curtailable, "k" + t);

        // load + charge + export = pv - curtailment + discharge + import
        MPConstraint balance = solver.makeConstraint(load, load, "balance" + t);
        balance.setCoefficient(imp, 1);
        balance.setCoefficient(exp, -1);
        balance.setCoefficient(charge, -1);
        balance.setCoefficient(discharge, 1);
        balance.setCoefficient(curtail, -1);

        double previous = t == 0 ? b.initialSocKwh() : 0;
        MPConstraint dynamics = solver.makeConstraint(previous, previous, "soc" + t);
        dynamics.setCoefficient(soc[t], 1);
        if (t > 0) {
          dynamics.setCoefficient(soc[t - 1], -1);
        }
        dynamics.setCoefficient(charge, -m.etaC * m.dt);
        dynamics.setCoefficient(discharge, m.dt / m.etaD);

        if (everyStepBinary || !m.gridCostMonotone(t) || m.exportLimitCanBind(t)) {
          MPVariable charging = solver.makeIntVar(0, 1, "u" + t);
          MPConstraint onlyCharge = solver.makeConstraint(-inf, 0, "uc" + t);
          onlyCharge.setCoefficient(charge, 1);
          onlyCharge.setCoefficient(charging, -m.maxChargeKw);
          MPConstraint onlyDischarge = solver.makeConstraint(-inf, m.maxDischargeKw, "ud" + t);
          onlyDischarge.setCoefficient(discharge, 1);
          onlyDischarge.setCoefficient(charging, m.maxDischargeKw);
        }
        if (everyStepBinary || m.gridArbitragePossible(t)) {
          MPVariable importing = solver.makeIntVar(0, 1, "v" + t);
          MPConstraint onlyImport = solver.makeConstraint(-inf, 0, "vi" + t);
          onlyImport.setCoefficient(imp, 1);
          onlyImport.setCoefficient(importing, -importUb);
          MPConstraint onlyExport = solver.makeConstraint(-inf, exportUb, "ve" + t);
          onlyExport.setCoefficient(exp, 1);
          onlyExport.setCoefficient(importing, exportUb);
        }
        if (peak != null) {
          MPConstraint underPeak = solver.makeConstraint(-inf, 0, "p" + t);
          underPeak.setCoefficient(imp, 1);
          underPeak.setCoefficient(peak, -1);
        }
        objective.setCoefficient(imp, m.dt * site.importPrice()[t]);
        objective.setCoefficient(exp, -m.dt * site.exportPrice()[t]);
        objective.setCoefficient(discharge, m.dt * b.degradationCostPerKwh());
      }
      objective.setMinimization();
      MPSolverParameters params = new MPSolverParameters();
      params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, MIP_GAP);
      MPSolver.ResultStatus status = solver.solve(params);
      if (status != MPSolver.ResultStatus.OPTIMAL) {
        // the feasibility pass has already proven a schedule exists, so this is a solver failure
        throw new IllegalStateException("MILP solver ended with status " + status);
      }
      double[] socKwh = new double[m.steps];
      for (int t = 0; t < m.steps; t++) {
        socKwh[t] = soc[t].solutionValue();
      }
      double cap = peak == null ? m.importLimitKw : Math.min(m.importLimitKw, peak.solutionValue() + 1e-9);
      return new Solution(socKwh, cap, solver.nodes());
    } finally {
      solver.delete();
    }
  }
}
