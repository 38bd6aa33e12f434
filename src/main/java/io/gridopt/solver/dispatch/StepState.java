package io.gridopt.solver.dispatch;

/**
 * The AC operating point of one step: substation real power and series losses (kW), the lowest and
 * highest voltage outside the substation and where, the most loaded limited branch (percent of its
 * current limit; null when no branch has a limit) and the largest real-power mismatch (kW) of the
 * independent complex-voltage check.
 */
public record StepState(double substationKw, double lossKw, double vMinPu, String vMinBus, double vMaxPu,
    String vMaxBus, Double maxLoadingPct, String maxLoadingBranch, double mismatchKw) {
}
