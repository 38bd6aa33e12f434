package io.gridopt.solver.storage;

/**
 * A battery. Energies in kWh (state of charge, SoC, counted inside the battery), powers in kW at the
 * battery's terminals (AC side): charging at {@code c} kW for {@code dt} hours adds
 * {@code chargeEfficiency * c * dt} kWh, discharging at {@code d} kW removes
 * {@code d * dt / dischargeEfficiency} kWh (one-way efficiencies in (0, 1]).
 *
 * @param finalSocKwh lower bound on the SoC at the end of the last step; null for none
 * @param degradationCostPerKwh cost per kWh discharged at the terminals (d * dt), >= 0
 */
public record Battery(
    double capacityKwh,
    double maxChargeKw,
    double maxDischargeKw,
    double chargeEfficiency,
    double dischargeEfficiency,
    double initialSocKwh,
    double minSocKwh,
    double maxSocKwh,
    Double finalSocKwh,
    double degradationCostPerKwh) {

  /** No battery at all: the site as it is (the baseline). */
  public static Battery none() {
    return new Battery(0, 0, 0, 1, 1, 0, 0, 0, null, 0);
  }
}
