package io.gridopt.solver.storage;

/**
 * A schedule, one value per step: battery charge and discharge power (kW, >= 0, never both
 * positive in one step), SoC at the END of each step (kWh), grid import and export (kW, >= 0, never
 * both positive) and PV curtailment (kW, >= 0). Per step:
 * {@code load + charge + export = pv - curtailment + discharge + import}.
 */
public record StorageSchedule(
    double[] chargeKw,
    double[] dischargeKw,
    double[] socKwh,
    double[] gridImportKw,
    double[] gridExportKw,
    double[] curtailmentKw) {
}
