package io.gridopt.solver.grid;

import java.util.List;
import java.util.Map;

/**
 * The converged AC power flow of one radial configuration: total series loss, bus voltage
 * magnitudes (bus order of the network), the lowest voltage and where it is, and the flow on every
 * closed branch.
 */
public record PowerFlowResult(List<String> openBranchIds, double lossKw, Map<String, Double> busVoltagesPu,
    double vMinPu, String vMinBusId, List<BranchFlow> branchFlows, int sweeps) {
}
