package io.gridopt.solver.dispatch;

import io.gridopt.solver.grid.Network;
import java.util.List;

/**
 * A day (or any horizon) of battery and PV operation on a radial feeder. {@code loadKw[t][bus]} and
 * {@code loadKvar[t][bus]} are the constant-power loads per step (network bus order), PV and batteries
 * excluded. The substation buys at {@code importPrice[t]} and sells at {@code exportPrice[t]} per kWh
 * ({@code exportPrice <= importPrice}); curtailed PV costs {@code curtailmentPricePerKwh}. Every bus but
 * the substation must stay within {@code [vMinPu, vMaxPu]}; every branch of the network with a
 * {@code maxCurrentA} within it. With {@code optimize} false the given schedules are only evaluated;
 * with {@code reconfigure} the solver also chooses the open switches for the whole horizon.
 */
public record DispatchProblem(Network network, double dtHours, double[][] loadKw, double[][] loadKvar,
    List<PvSite> pv, List<FeederBattery> batteries, double[] importPrice, double[] exportPrice,
    double curtailmentPricePerKwh, double vMinPu, double vMaxPu, boolean optimize, boolean reconfigure) {

  public DispatchProblem {
    pv = List.copyOf(pv);
    batteries = List.copyOf(batteries);
  }

  public int steps() {
    return importPrice.length;
  }

  public DispatchProblem withNetwork(Network other) {
    return new DispatchProblem(other, dtHours, loadKw, loadKvar, pv, batteries, importPrice, exportPrice,
        curtailmentPricePerKwh, vMinPu, vMaxPu, optimize, reconfigure);
  }
}
