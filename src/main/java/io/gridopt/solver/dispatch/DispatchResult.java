package io.gridopt.solver.dispatch;

import java.util.List;

/**
 * The outcome of a dispatch: the chosen (or evaluated) schedule through the AC power flow, the
 * baseline (batteries idle, PV uncurtailed) and the network-blind schedule (each battery scheduled on
 * prices alone) through the same power flow, the open branches of the configuration used, and what
 * the solver did.
 */
public record DispatchResult(Evaluation result, Evaluation baseline, Evaluation networkBlind, List<String> openBranches,
    boolean reconfigured, String solverName, int iterations, double solveMs) {
}
