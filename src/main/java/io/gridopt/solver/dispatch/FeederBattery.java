package io.gridopt.solver.dispatch;

/**
 * A battery on the feeder, real power only, at the AC terminals: charging at {@code c} kW for
 * {@code dt} hours adds {@code chargeEfficiency * c * dt} kWh, discharging at {@code d} kW removes
 * {@code d * dt / dischargeEfficiency} kWh. The SoC stays within {@code [minSocKwh, capacityKwh]} and
 * ends at least at {@code finalSocKwh}. {@code chargeKw} and {@code dischargeKw} are a given schedule
 * (evaluate mode); null when the solver is to choose one, or the battery idles.
 *
 * @param bus index of the bus in the network's bus list
 */
public record FeederBattery(String id, int bus, double capacityKwh, double maxChargeKw, double maxDischargeKw,
    double chargeEfficiency, double dischargeEfficiency, double initialSocKwh, double minSocKwh, double finalSocKwh,
    double[] chargeKw, double[] dischargeKw) {
}
