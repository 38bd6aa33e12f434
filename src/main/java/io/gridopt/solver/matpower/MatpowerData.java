package io.gridopt.solver.matpower;

/**
 * The case as MATPOWER sees it once the file has run: {@code mpc.baseMVA} (MVA) and the bus, branch and
 * generator matrices in MATPOWER's units (MW, MVAr, per unit on {@code baseMVA} and the buses' base kV).
 * A part the file does not set is null; so is {@code name} (from {@code function mpc = NAME}) without that header.
 */
record MatpowerData(Double baseMva, double[][] bus, double[][] branch, double[][] gen, String name) {
}
