package io.gridopt.solver.storage;

/**
 * The site's grid connection. A limit of {@link Double#POSITIVE_INFINITY} means none.
 *
 * @param importLimitKw most power drawn from the grid in any step, kW
 * @param exportLimitKw most power fed into the grid in any step, kW
 * @param allowPvCurtailment whether PV output may be reduced below {@code pvKw}
 * @param demandChargePerKw charge on the highest import over the horizon, per kW (0 for none)
 */
public record GridConnection(
    double importLimitKw, double exportLimitKw, boolean allowPvCurtailment, double demandChargePerKw) {

  public static GridConnection unlimited() {
    return new GridConnection(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false, 0);
  }
}
