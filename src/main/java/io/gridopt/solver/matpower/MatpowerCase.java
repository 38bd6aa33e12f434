package io.gridopt.solver.matpower;

import io.gridopt.solver.grid.Network;

/**
 * A network read from a MATPOWER case, with the case's own lower voltage limit (the largest VMIN of
 * its non-substation buses; null when the file gives none).
 */
public record MatpowerCase(Network network, Double vMinPu) {
}
