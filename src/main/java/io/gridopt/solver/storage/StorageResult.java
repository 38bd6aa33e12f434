package io.gridopt.solver.storage;

import java.util.List;

/**
 * An optimal schedule and what it costs. Costs are in the prices' currency:
 * {@code sum((importPrice * import - exportPrice * export + degradation * discharge) * dt)
 * + demandCharge * peakImport}.
 *
 * @param baselineCost cost of the same site without the battery; null when that site is infeasible
 * @param warnings conditions the schedule had to work around (e.g. an initial SoC out of bounds)
 * @param solverName the method that found the schedule
 * @param iterations DP passes or MILP branch-and-bound nodes
 */
public record StorageResult(
    StorageSchedule schedule,
    double totalCost,
    Double baselineCost,
    double peakImportKw,
    List<String> warnings,
    String solverName,
    long iterations,
    double solveMs) {

  public StorageResult {
    warnings = List.copyOf(warnings);
  }

  /** Baseline cost minus total cost; null without a baseline. */
  public Double savings() {
    return baselineCost == null ? null : baselineCost - totalCost;
  }

  /** Savings in percent of the baseline's magnitude; null without a baseline or when it is 0. */
  public Double savingsPct() {
    if (baselineCost == null || Math.abs(baselineCost) < 1e-12) {
      return null;
    }
    return 100.0 * (baselineCost - totalCost) / Math.abs(baselineCost);
  }
}
