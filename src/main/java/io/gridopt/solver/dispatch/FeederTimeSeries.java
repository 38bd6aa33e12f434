package io.gridopt.solver.dispatch;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.InfeasibleException;
import io.gridopt.solver.grid.Branch;
import io.gridopt.solver.grid.FeederPowerFlow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The feeder of a {@link DispatchProblem} in one switch configuration, solved step by step with the
 * exact AC power flow: net bus loads of a schedule, and the quasi-static time series of
 * {@link #evaluate}. One instance per thread.
 */
final class FeederTimeSeries {
  /** Limits are reported as broken beyond this (pu of voltage, relative for current, kWh for SoC). */
  static final double REPORT_TOLERANCE = 1e-6;

  final DispatchProblem problem;
  final FeederPowerFlow flow;
  final boolean[] closed;
  final int busCount;
  private final double baseKva = FeederPowerFlow.baseKva();

  FeederTimeSeries(DispatchProblem problem, boolean[] closed) {
    this.problem = problem;
    this.closed = closed.clone();
    this.flow = new FeederPowerFlow(problem.network(), closed);
    this.busCount = flow.busCount();
  }

  /** Net real and reactive loads (per unit) of step {@code t} under {@code s} into {@code p} and {@code q}. */
  void netLoadPu(Schedule s, int t, double[] p, double[] q) {
    for (int j = 0; j < busCount; j++) {
      p[j] = problem.loadKw()[t][j] / baseKva;
      q[j] = problem.loadKvar()[t][j] / baseKva;
    }
    for (int b = 0; b < problem.batteries().size(); b++) {
      p[problem.batteries().get(b).bus()] += (s.chargeKw()[b][t] - s.dischargeKw()[b][t]) / baseKva;
    }
    for (int k = 0; k < problem.pv().size(); k++) {
      PvSite site = problem.pv().get(k);
      p[site.bus()] -= (site.profileKw()[t] - s.curtailmentKw()[k][t]) / baseKva;
    }
  }

  /** Solves step {@code t}; throws {@link InfeasibleException} on voltage collapse. */
  void solveStep(Schedule s, int t, double[] p, double[] q) {
    netLoadPu(s, t, p, q);
    if (!flow.solve(p, q)) {
      throw new InfeasibleException("step " + t + ": the feeder has no AC power-flow solution (voltage collapse)",
          List.of(new FieldError("steps[" + t + "]", "voltage collapse: no power-flow solution")));
    }
  }

  double stepCost(int t, double substationKw) {
    double price = substationKw >= 0 ? problem.importPrice()[t] : problem.exportPrice()[t];
    return price * substationKw * problem.dtHours();
  }

  /** The schedule through the AC power flow at every step, with every broken limit. */
  Evaluation evaluate(Schedule s) {
    int steps = problem.steps();
    double[] p = new double[busCount];
    double[] q = new double[busCount];
    double cost = 0;
    double lossesKwh = 0;
    double curtailedKwh = 0;
    double maxV = 0;
    double maxI = 0;
    double maxMismatch = 0;
    List<StepState> states = new ArrayList<>(steps);
    List<Violation> violations = new ArrayList<>();
    double vMinSq = problem.vMinPu() * problem.vMinPu();
    double vMaxSq = problem.vMaxPu() * problem.vMaxPu();
    for (int t = 0; t < steps; t++) {
      solveStep(s, t, p, q);
      double substationKw = flow.substationPowerPu() * baseKva;
      double lossKw = flow.lossPu() * baseKva;
      cost += stepCost(t, substationKw);
      lossesKwh += lossKw * problem.dtHours();
      int lowBus = -1;
      int highBus = -1;
      int loadedBranch = -1;
      double loading = -1;
      for (int j = 0; j < busCount; j++) {
        if (flow.isSubstation(j)) {
          continue;
        }
        double vSq = flow.voltageSq(j);
        if (lowBus < 0 || vSq < flow.voltageSq(lowBus)) {
          lowBus = j;
        }
        if (highBus < 0 || vSq > flow.voltageSq(highBus)) {
          highBus = j;
        }
        double v = Math.sqrt(vSq);
        if (vSq > vMaxSq) {
          maxV = Math.max(maxV, v - problem.vMaxPu());
          if (v - problem.vMaxPu() > REPORT_TOLERANCE) {
            violations.add(new Violation(t, "v_max", busId(j), v, problem.vMaxPu()));
          }
        } else if (vSq < vMinSq) {
          maxV = Math.max(maxV, problem.vMinPu() - v);
          if (problem.vMinPu() - v > REPORT_TOLERANCE) {
            violations.add(new Violation(t, "v_min", busId(j), v, problem.vMinPu()));
          }
        }
        int k = flow.parentBranch(j);
        double limitPu = flow.maxCurrentPu(k);
        if (Double.isFinite(limitPu)) {
          double currentPu = Math.sqrt(flow.parentCurrentSq(j));
          if (currentPu / limitPu > loading) {
            loading = currentPu / limitPu;
            loadedBranch = k;
          }
          if (currentPu > limitPu) {
            double overA = (currentPu - limitPu) * flow.currentBaseA();
            maxI = Math.max(maxI, overA);
            if (currentPu > limitPu * (1 + REPORT_TOLERANCE)) {
              violations.add(new Violation(t, "current", branchId(k), currentPu * flow.currentBaseA(),
                  limitPu * flow.currentBaseA()));
            }
          }
        }
      }
      double mismatchKw = mismatchPu(p, q) * baseKva;
      maxMismatch = Math.max(maxMismatch, mismatchKw);
      for (int k = 0; k < problem.pv().size(); k++) {
        curtailedKwh += s.curtailmentKw()[k][t] * problem.dtHours();
      }
      states.add(new StepState(substationKw, lossKw, lowBus < 0 ? 0 : Math.sqrt(flow.voltageSq(lowBus)),
          lowBus < 0 ? null : busId(lowBus), highBus < 0 ? 0 : Math.sqrt(flow.voltageSq(highBus)),
          highBus < 0 ? null : busId(highBus), loadedBranch < 0 ? null : 100 * loading,
          loadedBranch < 0 ? null : branchId(loadedBranch), mismatchKw));
    }
    cost += problem.curtailmentPricePerKwh() * curtailedKwh;
    socViolations(s, violations);
    return new Evaluation(s, cost, lossesKwh, curtailedKwh, states, violations, maxV, maxI, maxMismatch);
  }

  private void socViolations(Schedule s, List<Violation> out) {
    for (int b = 0; b < problem.batteries().size(); b++) {
      FeederBattery battery = problem.batteries().get(b);
      double[] soc = s.socKwh(problem, b);
      for (int t = 0; t < soc.length; t++) {
        if (soc[t] > battery.capacityKwh() + REPORT_TOLERANCE) {
          out.add(new Violation(t, "soc", battery.id(), soc[t], battery.capacityKwh()));
        } else if (soc[t] < battery.minSocKwh() - REPORT_TOLERANCE) {
          out.add(new Violation(t, "soc", battery.id(), soc[t], battery.minSocKwh()));
        }
      }
      int last = soc.length - 1;
      if (soc[last] < battery.finalSocKwh() - REPORT_TOLERANCE) {
        out.add(new Violation(last, "final_soc", battery.id(), soc[last], battery.finalSocKwh()));
      }
    }
  }

  /**
   * Rebuilds complex bus voltages from the sweep's branch flows (substation at angle 0, then
   * {@code V_j = V_i - z * conj(S_ij / V_i)} down the tree) and returns the largest real-power
   * mismatch {@code |Re(V_j * conj(I_in - sum I_out)) - load_j|} over the buses (per unit): a check of
   * the solution against the AC equations in complex form, independent of the DistFlow recursion.
   */
  private double mismatchPu(double[] p, double[] q) {
    int[] order = flow.busOrder();
    double[] vRe = new double[busCount];
    double[] vIm = new double[busCount];
    double[] iRe = new double[busCount];
    double[] iIm = new double[busCount];
    double[] outRe = new double[busCount];
    double[] outIm = new double[busCount];
    for (int j : order) {
      int parent = flow.parentBus(j);
      if (parent < 0) {
        vRe[j] = Math.sqrt(flow.voltageSq(j));
        continue;
      }
      int k = flow.parentBranch(j);
      // I = conj(S / V_i) = (P - jQ) / conj(V_i)
      double sRe = flow.sendingPPu(j);
      double sIm = -flow.sendingQPu(j);
      double denRe = vRe[parent];
      double denIm = -vIm[parent];
      double mag = denRe * denRe + denIm * denIm;
      iRe[j] = (sRe * denRe + sIm * denIm) / mag;
      iIm[j] = (sIm * denRe - sRe * denIm) / mag;
      vRe[j] = vRe[parent] - (flow.rPu(k) * iRe[j] - flow.xPu(k) * iIm[j]);
      vIm[j] = vIm[parent] - (flow.rPu(k) * iIm[j] + flow.xPu(k) * iRe[j]);
      outRe[parent] += iRe[j];
      outIm[parent] += iIm[j];
    }
    double worst = 0;
    double rootDrawPu = 0;
    for (int j = 0; j < busCount; j++) {
      double netRe = iRe[j] - outRe[j];
      double netIm = iIm[j] - outIm[j];
      double drawn = vRe[j] * netRe + vIm[j] * netIm; // Re(V * conj(I))
      if (flow.isSubstation(j)) {
        rootDrawPu += -drawn + p[j];
      } else {
        worst = Math.max(worst, Math.abs(drawn - p[j]));
      }
    }
    return Math.max(worst, Math.abs(rootDrawPu - flow.substationPowerPu()));
  }

  String busId(int bus) {
    return problem.network().buses().get(bus).id();
  }

  String branchId(int branch) {
    return problem.network().branches().get(branch).id();
  }

  List<String> openBranchIds() {
    List<String> open = new ArrayList<>();
    List<Branch> branches = problem.network().branches();
    for (int k = 0; k < branches.size(); k++) {
      if (!closed[k]) {
        open.add(branches.get(k).id());
      }
    }
    return open;
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
