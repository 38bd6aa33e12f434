package io.gridopt.solver.grid;

import java.util.List;

/**
 * The chosen configuration and the power flows before (null when the current state is not radial
 * or has no power-flow solution) and after. {@code provenOptimal} is true when every radial
 * configuration was evaluated; {@code configurationsEnumerated} is their number then (0 otherwise).
 */
public record ReconfigurationResult(PowerFlowResult before, PowerFlowResult after, List<SwitchOperation> operations,
    String solverName, long powerFlowsEvaluated, double solveMs, boolean provenOptimal, long configurationsEnumerated) {
}
