package io.gridopt.solver.dispatch;

/**
 * A PV plant at unity power factor: its available AC output per step (kW) and whether the operator may
 * curtail it. {@code curtailmentKw} is a given curtailment (evaluate mode), null for none.
 *
 * @param bus index of the bus in the network's bus list
 */
public record PvSite(String id, int bus, double[] profileKw, boolean curtailable, double[] curtailmentKw) {
}
