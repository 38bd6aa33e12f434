package io.gridopt.solver.grid;

/**
 * A bus of a distribution network with its constant-power load (three-phase totals; a negative
 * value is injection, e.g. a generator modelled as a negative load).
 */
public record Bus(String id, double pKw, double qKvar) {
}
