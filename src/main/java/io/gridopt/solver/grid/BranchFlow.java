package io.gridopt.solver.grid;

/**
 * Flow on a closed branch, measured at its {@code from} end and positive from {@code from} to
 * {@code to}; current is the magnitude (same at both ends of a series branch), loss the series loss.
 */
public record BranchFlow(String id, double pKw, double qKvar, double currentA, double lossKw) {
}
