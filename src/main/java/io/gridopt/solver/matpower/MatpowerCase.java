package io.gridopt.solver.matpower;

import io.gridopt.solver.grid.Network;

/**
 * A network read from a MATPOWER case, with the case's own lower voltage limit (the largest VMIN of
 * its non-substation buses; null when the file gives none) and its name (from {@code function mpc =
 * NAME}; null without that header).
 */
public record MatpowerCase(Network network, Double vMinPu, String name) {
}
