package io.gridopt.solver.storage;

import io.gridopt.domain.InfeasibleException;
import java.util.List;

/**
 * Cost-optimal battery schedules that never charge and discharge in the same step.
 *
 * <p>First an exact feasibility pass ({@link Feasibility}) explains any infeasibility in words and
 * numbers. Then, where every step's grid cost is convex and non-decreasing in the grid flow (all
 * prices >= 0 and export paying no more than import: the usual case), the exact marginal-cost DP
 * ({@link MarginalCostDp}) finds the optimum in O(T log T). Otherwise (negative prices, export
 * paying more than import) the problem is a genuine MILP and goes to SCIP ({@link StorageMilp}).
 * The baseline is the same site without the battery, solved the same way.
 */
public final class StorageSolver {
  public static final String DP_NAME = "gridopt marginal-cost DP (exact, convex case)";
  public static final String MILP_NAME = "OR-Tools SCIP MILP";

  /** Solves {@code problem}; throws {@link InfeasibleException} when no schedule exists. */
  public StorageResult solve(StorageProblem problem) {
    long start = System.nanoTime();
    StepModel model = new StepModel(problem);
    Feasibility.check(model);
    Optimum optimum = optimize(model);
    Double baseline = baselineCost(problem);
    double ms = (System.nanoTime() - start) / 1e6;
    return new StorageResult(optimum.built().schedule(), optimum.built().totalCost(), baseline,
        optimum.built().peakImportKw(), List.copyOf(model.warnings), optimum.solverName(), optimum.iterations(), ms);
  }

  /** The plain MILP with a direction binary on every step: the reference the DP is checked against. */
  StorageResult solveAsMilp(StorageProblem problem) {
    StepModel model = new StepModel(problem);
    Feasibility.check(model);
    StorageMilp.Solution s = StorageMilp.solve(model, true);
    ScheduleBuilder.Built built = ScheduleBuilder.build(model, s.socKwh(), s.importCapKw());
    return new StorageResult(built.schedule(), built.totalCost(), null, built.peakImportKw(), model.warnings,
        MILP_NAME, s.nodes(), 0);
  }

  private record Optimum(ScheduleBuilder.Built built, String solverName, long iterations) {
  }

  private static Optimum optimize(StepModel model) {
    boolean convex = true;
    for (int t = 0; t < model.steps && convex; t++) {
      convex = model.gridCostMonotone(t);
    }
    if (convex) {
      MarginalCostDp dp = new MarginalCostDp(model);
      MarginalCostDp.Pass pass = dp.solve();
      return new Optimum(ScheduleBuilder.build(model, pass.socKwh(), pass.importCapKw()), DP_NAME, dp.passes());
    }
    StorageMilp.Solution s = StorageMilp.solve(model, false);
    return new Optimum(ScheduleBuilder.build(model, s.socKwh(), s.importCapKw()), MILP_NAME, s.nodes());
  }

  private static Double baselineCost(StorageProblem problem) {
    StepModel model = new StepModel(problem.withoutBattery());
    try {
      Feasibility.check(model);
    } catch (InfeasibleException e) {
      return null;
    }
    return optimize(model).built().totalCost();
  }
}
