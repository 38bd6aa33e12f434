package io.gridopt.solver.dispatch;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import io.gridopt.solver.grid.FeederPowerFlow;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-period optimal dispatch of batteries and PV curtailment on a radial feeder by successive
 * linear programming around the exact AC power flow.
 *
 * <p>Each iteration solves the exact power flow at every step of the current schedule and measures,
 * by central differences of that power flow, how the substation power, every squared bus voltage and
 * every limited branch's squared current respond to the real power drawn at each bus that hosts a
 * battery or a curtailable PV plant. One LP (GLOP) over the whole horizon then chooses the schedule:
 * <ul>
 *   <li>SoC dynamics and power limits are linear and exact;</li>
 *   <li>substation power enters through cutting planes: every linearization met so far stays in the
 *       LP as {@code z_t >= P(x_k) + g_k (x - x_k)}. Substation power is convex in the injections (the
 *       series losses are), so the cuts under-estimate it and the cost model tightens as they
 *       accumulate (Kelley's outer approximation);</li>
 *   <li>voltage and current limits enter linearized at the current schedule, relaxed by one elastic
 *       slack per step that is priced at {@code mu}: the LP is always feasible, and its objective is
 *       the model of the exact l1 penalty merit {@code cost + mu * sum_t violation_t};</li>
 *   <li>a trust region (a box on every set point, as a share of its range) keeps the step where the
 *       linearization holds. A step is taken when the merit measured by the AC power flow falls by a
 *       fair share of what the LP predicted, otherwise the box shrinks (Fletcher's Sl1LP scheme).</li>
 * </ul>
 * It stops when the LP predicts no further gain. At that point the linearization is taken at the
 * exact operating point, so the limits hold in the AC power flow to the LP's tolerance. A slack left
 * above zero after {@code mu} has been raised means the limits cannot be met from here: the
 * schedule is then the one that breaks them least. The method finds a local optimum; where the
 * feasible set is convex (as in the usual radial case, by the exactness of the branch-flow
 * relaxation), that is the global one.
 */
final class SuccessiveLp {
  static final String NAME = "successive LP on exact AC power-flow sensitivities (OR-Tools GLOP, trust region, "
      + "loss cuts)";
  static final int MAX_ITERATIONS = 300;
  /** Perturbation of a bus's real power for the central differences (per unit: 1 kW on 1 MVA). */
  private static final double H_PU = 1e-3;
  /**
   * The LP's rows hold the limits exactly; in the merit a violation below this (pu of squared voltage,
   * share of squared current limit: 5e-7 pu of voltage, a relative 5e-7 of current) costs nothing, so
   * that GLOP's own tolerance and the second-order error of tiny steps along an active limit do not
   * stall the iterations.
   */
  static final double FEASIBLE = 1e-6;
  /** A violation left above this when the LP sees no gain means the penalty is too weak (or none exists). */
  private static final double PERSISTENT_VIOLATION = 1e-5;
  /** Stop when the LP promises less than this share of the merit: far below any tolerance on cost. */
  private static final double RELATIVE_GAIN = 1e-7;
  /** Tie-break so that free curtailment is used only when it changes something (per kWh). */
  private static final double CURTAIL_TIE_BREAK = 1e-6;
  /**
   * Tie-break against charging and discharging a battery in the same step where that changes nothing
   * (lossless batteries), per kWh through the terminals.
   */
  private static final double THROUGHPUT_TIE_BREAK = 1e-7;
  /** Smallest box (share of each set point's range) worth an LP. */
  private static final double MIN_TRUST = 1e-5;

  private static final class NativeLibraries {
    static {
      Loader.loadNativeLibraries();
    }

    static void load() {
      // class initialisation loads the libraries once
    }
  }

  /** The schedule and the number of iterations (LPs) it took. */
  record Outcome(Schedule schedule, int iterations) {
  }

  private final FeederTimeSeries feeder;
  private final DispatchProblem p;
  private final int steps;
  private final int batteries;
  private final int sites;
  /** Distinct buses that host a controllable device. */
  private final int[] controlBus;
  private final int[] batteryControl;
  private final int[] siteControl;
  private final boolean[] curtailable;
  private final boolean[] monotoneCost;
  private final double vMinSq;
  private final double vMaxSq;
  private final double baseKva = FeederPowerFlow.baseKva();
  private final List<List<Cut>> cuts = new ArrayList<>();
  private double mu;

  /** One linearization of the substation power of one step (kW in, kW out). */
  private record Cut(double powerKw, double[] controlKw, double[] gradient) {
  }

  /** The AC operating point of every step of a schedule with its sensitivities. */
  private static final class Point {
    Schedule schedule;
    double cost;
    double[] violation;
    double[] powerKw;
    double[][] controlKw;
    double[][] gradP;
    double[][] vSq;
    double[][][] gradV;
    double[][] currentRatio;
    double[][][] gradI;

    double merit(double mu) {
      double m = cost;
      for (double v : violation) {
        m += mu * v;
      }
      return m;
    }

    double totalViolation() {
      double s = 0;
      for (double v : violation) {
        s += v;
      }
      return s;
    }
  }

  SuccessiveLp(FeederTimeSeries feeder) {
    this.feeder = feeder;
    this.p = feeder.problem;
    steps = p.steps();
    batteries = p.batteries().size();
    sites = p.pv().size();
    List<Integer> buses = new ArrayList<>();
    batteryControl = new int[batteries];
    for (int b = 0; b < batteries; b++) {
      batteryControl[b] = controlIndex(buses, p.batteries().get(b).bus());
    }
    siteControl = new int[sites];
    curtailable = new boolean[sites];
    for (int s = 0; s < sites; s++) {
      PvSite site = p.pv().get(s);
      curtailable[s] = site.curtailable() && max(site.profileKw()) > 0;
      siteControl[s] = curtailable[s] ? controlIndex(buses, site.bus()) : -1;
    }
    controlBus = buses.stream().mapToInt(Integer::intValue).toArray();
    monotoneCost = new boolean[steps];
    double maxPrice = Math.max(p.curtailmentPricePerKwh(), 1e-3);
    for (int t = 0; t < steps; t++) {
      monotoneCost[t] = p.importPrice()[t] >= 0 && p.exportPrice()[t] >= 0;
      maxPrice = Math.max(maxPrice, Math.max(Math.abs(p.importPrice()[t]), Math.abs(p.exportPrice()[t])));
      cuts.add(new ArrayList<>());
    }
    mu = 1e7 * maxPrice * p.dtHours();
    vMinSq = p.vMinPu() * p.vMinPu();
    vMaxSq = p.vMaxPu() * p.vMaxPu();
  }

  private static int controlIndex(List<Integer> buses, int bus) {
    int at = buses.indexOf(bus);
    if (at < 0) {
      buses.add(bus);
      return buses.size() - 1;
    }
    return at;
  }

  private static double max(double[] values) {
    double m = 0;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  Outcome solve(Schedule start) {
    NativeLibraries.load();
    Point current = linearize(start);
    double trust = 1.0;
    int iterations = 0;
    int raises = 0;
    while (iterations < MAX_ITERATIONS) {
      iterations++;
      double merit = current.merit(mu);
      Lp lp = trust < MIN_TRUST ? null : buildAndSolve(current, trust, iterations == 1);
      double predicted = lp == null ? 0 : merit - lp.objective;
      if (predicted <= RELATIVE_GAIN * (1 + Math.abs(merit))) {
        if (current.totalViolation() > PERSISTENT_VIOLATION && raises < 3) {
          mu *= 100; // the penalty may be too small to force the limits; try harder before giving up
          raises++;
          trust = 1.0;
          continue;
        }
        break;
      }
      Point candidate = linearize(lp.schedule);
      double actual = merit - candidate.merit(mu);
      double ratio = actual / predicted;
      if (ratio >= 1e-3) {
        current = candidate;
        if (ratio > 0.75 && lp.stepShare > 0.99 * trust) {
          trust = Math.min(1.0, 2 * trust);
        } else if (ratio < 0.25) {
          trust = 0.5 * trust;
        }
      } else {
        trust = 0.5 * Math.min(trust, lp.stepShare);
      }
    }
    return new Outcome(current.schedule, iterations);
  }

  /** The controllable part of the load at each control bus (kW): charge - discharge + curtailment. */
  private double[] controlKw(Schedule s, int t) {
    double[] out = new double[controlBus.length];
    for (int b = 0; b < batteries; b++) {
      out[batteryControl[b]] += s.chargeKw()[b][t] - s.dischargeKw()[b][t];
    }
    for (int k = 0; k < sites; k++) {
      if (curtailable[k]) {
        out[siteControl[k]] += s.curtailmentKw()[k][t];
      }
    }
    return out;
  }

  /** Exact power flow of every step of {@code s} with its sensitivities; adds the loss cuts. */
  private Point linearize(Schedule s) {
    int n = feeder.busCount;
    int u = controlBus.length;
    FeederPowerFlow flow = feeder.flow;
    Point pt = new Point();
    pt.schedule = s;
    pt.violation = new double[steps];
    pt.powerKw = new double[steps];
    pt.controlKw = new double[steps][];
    pt.gradP = new double[steps][u];
    pt.vSq = new double[steps][n];
    pt.gradV = new double[steps][n][u];
    pt.currentRatio = new double[steps][n];
    pt.gradI = new double[steps][n][u];
    double[] load = new double[n];
    double[] reactive = new double[n];
    double[] limitSq = new double[n];
    for (int j = 0; j < n; j++) {
      int k = flow.parentBranch(j);
      double limit = k < 0 ? Double.POSITIVE_INFINITY : flow.maxCurrentPu(k);
      limitSq[j] = limit * limit;
    }
    double cost = 0;
    for (int t = 0; t < steps; t++) {
      feeder.solveStep(s, t, load, reactive);
      double powerKw = flow.substationPowerPu() * baseKva;
      pt.powerKw[t] = powerKw;
      cost += feeder.stepCost(t, powerKw);
      double worst = 0;
      for (int j = 0; j < n; j++) {
        if (flow.isSubstation(j)) {
          continue;
        }
        double v = flow.voltageSq(j);
        pt.vSq[t][j] = v;
        worst = Math.max(worst, Math.max(v - vMaxSq, vMinSq - v));
        if (Double.isFinite(limitSq[j])) {
          pt.currentRatio[t][j] = flow.parentCurrentSq(j) / limitSq[j];
          worst = Math.max(worst, pt.currentRatio[t][j] - 1);
        }
      }
      pt.violation[t] = Math.max(0, worst - FEASIBLE);
      pt.controlKw[t] = controlKw(s, t);
      for (int c = 0; c < u; c++) {
        int bus = controlBus[c];
        double base = load[bus];
        load[bus] = base + H_PU;
        feeder.flow.solve(load, reactive);
        double pPlus = flow.substationPowerPu();
        for (int j = 0; j < n; j++) {
          pt.gradV[t][j][c] = flow.voltageSq(j);
          pt.gradI[t][j][c] = flow.parentCurrentSq(j);
        }
        load[bus] = base - H_PU;
        feeder.flow.solve(load, reactive);
        load[bus] = base;
        pt.gradP[t][c] = (pPlus - flow.substationPowerPu()) / (2 * H_PU);
        for (int j = 0; j < n; j++) {
          // per kW of load at the control bus
          pt.gradV[t][j][c] = (pt.gradV[t][j][c] - flow.voltageSq(j)) / (2 * H_PU * baseKva);
          pt.gradI[t][j][c] = Double.isFinite(limitSq[j])
              ? (pt.gradI[t][j][c] - flow.parentCurrentSq(j)) / (2 * H_PU * baseKva) / limitSq[j] : 0;
        }
      }
      addCut(t, new Cut(powerKw, pt.controlKw[t], pt.gradP[t].clone()));
    }
    for (int k = 0; k < sites; k++) {
      for (int t = 0; t < steps; t++) {
        cost += curtailPrice() * s.curtailmentKw()[k][t] * p.dtHours();
      }
    }
    for (int b = 0; b < batteries; b++) {
      for (int t = 0; t < steps; t++) {
        cost += THROUGHPUT_TIE_BREAK * (s.chargeKw()[b][t] + s.dischargeKw()[b][t]) * p.dtHours();
      }
    }
    pt.cost = cost;
    return pt;
  }

  private void addCut(int t, Cut cut) {
    cuts.get(t).add(cut);
  }

  /**
   * The cuts of step {@code t} that do not over-estimate the substation power at the current point
   * (round-off and slight non-convexity can make an old one do so); the current point's own cut is
   * always among them, so the LP's model is exact there.
   */
  private List<Cut> validCuts(int t, Point at) {
    if (!monotoneCost[t]) {
      return List.of(cutAt(t, at));
    }
    double power = at.powerKw[t];
    List<Cut> valid = new ArrayList<>();
    for (Cut cut : cuts.get(t)) {
      if (cutValue(cut, at.controlKw[t]) <= power + 1e-9 * (1 + Math.abs(power))) {
        valid.add(cut);
      }
    }
    return valid;
  }

  private static Cut cutAt(int t, Point at) {
    return new Cut(at.powerKw[t], at.controlKw[t], at.gradP[t]);
  }

  private static double cutValue(Cut cut, double[] controlKw) {
    double v = cut.powerKw;
    for (int c = 0; c < controlKw.length; c++) {
      v += cut.gradient[c] * (controlKw[c] - cut.controlKw[c]);
    }
    return v;
  }

  private double curtailPrice() {
    return p.curtailmentPricePerKwh() + CURTAIL_TIE_BREAK;
  }

  private record Lp(Schedule schedule, double objective, double stepShare) {
  }

  /**
   * The LP at {@code at}; null when GLOP fails on a later iteration's (tiny, ill-conditioned) box, which
   * ends the iterations at the current point.
   */
  private Lp buildAndSolve(Point at, double trust, boolean first) {
    MPSolver solver = MPSolver.createSolver("GLOP");
    if (solver == null) {
      throw new IllegalStateException("OR-Tools GLOP is not available");
    }
    try {
      return buildAndSolve(solver, at, trust, first);
    } finally {
      solver.delete();
    }
  }

  private Lp buildAndSolve(MPSolver solver, Point at, double trust, boolean first) {
    double inf = MPSolver.infinity();
    double dt = p.dtHours();
    MPObjective objective = solver.objective();
    Schedule s = at.schedule;
    MPVariable[][] charge = new MPVariable[batteries][steps];
    MPVariable[][] discharge = new MPVariable[batteries][steps];
    MPVariable[][] curtail = new MPVariable[sites][steps];
    // how far each control bus's load can move within the box, per step (kW)
    double[][] reach = new double[steps][controlBus.length];
    for (int b = 0; b < batteries; b++) {
      FeederBattery battery = p.batteries().get(b);
      MPVariable previous = null;
      for (int t = 0; t < steps; t++) {
        charge[b][t] = boxed(solver, s.chargeKw()[b][t], battery.maxChargeKw(), trust);
        discharge[b][t] = boxed(solver, s.dischargeKw()[b][t], battery.maxDischargeKw(), trust);
        reach[t][batteryControl[b]] += width(charge[b][t]) + width(discharge[b][t]);
        objective.setCoefficient(charge[b][t], THROUGHPUT_TIE_BREAK * dt);
        objective.setCoefficient(discharge[b][t], THROUGHPUT_TIE_BREAK * dt);
        double socLo = t == steps - 1 ? Math.max(battery.minSocKwh(), battery.finalSocKwh()) : battery.minSocKwh();
        MPVariable soc = solver.makeNumVar(socLo, battery.capacityKwh(), "");
        double initial = previous == null ? battery.initialSocKwh() : 0;
        MPConstraint dynamics = solver.makeConstraint(initial, initial, "");
        dynamics.setCoefficient(soc, 1);
        if (previous != null) {
          dynamics.setCoefficient(previous, -1);
        }
        dynamics.setCoefficient(charge[b][t], -battery.chargeEfficiency() * dt);
        dynamics.setCoefficient(discharge[b][t], dt / battery.dischargeEfficiency());
        previous = soc;
      }
    }
    for (int k = 0; k < sites; k++) {
      if (!curtailable[k]) {
        continue;
      }
      double[] available = p.pv().get(k).profileKw();
      for (int t = 0; t < steps; t++) {
        curtail[k][t] = boxed(solver, s.curtailmentKw()[k][t], available[t], trust);
        reach[t][siteControl[k]] += width(curtail[k][t]);
        objective.setCoefficient(curtail[k][t], curtailPrice() * dt);
      }
    }
    for (int t = 0; t < steps; t++) {
      MPVariable power = solver.makeNumVar(-inf, inf, "");
      costOf(solver, objective, power, t);
      for (Cut cut : validCuts(t, at)) {
        double rhs = cut.powerKw;
        for (int c = 0; c < controlBus.length; c++) {
          rhs -= cut.gradient[c] * cut.controlKw[c];
        }
        MPConstraint row = monotoneCost[t] ? solver.makeConstraint(rhs, inf, "") : solver.makeConstraint(rhs, rhs, "");
        row.setCoefficient(power, 1);
        addControl(row, cut.gradient, -1, charge, discharge, curtail, t);
      }
      MPVariable slack = null;
      for (int j = 0; j < feeder.busCount; j++) {
        if (feeder.flow.isSubstation(j)) {
          continue;
        }
        double swing = 0;
        double swingI = 0;
        for (int c = 0; c < controlBus.length; c++) {
          swing += Math.abs(at.gradV[t][j][c]) * reach[t][c];
          swingI += Math.abs(at.gradI[t][j][c]) * reach[t][c];
        }
        double v = at.vSq[t][j];
        double base = v;
        for (int c = 0; c < controlBus.length; c++) {
          base -= at.gradV[t][j][c] * at.controlKw[t][c];
        }
        if (v + swing > vMaxSq) {
          slack = slack == null ? slack(solver, objective) : slack;
          limitRow(solver, -inf, vMaxSq - base, at.gradV[t][j], slack, -1, charge, discharge, curtail, t);
        }
        if (v - swing < vMinSq) {
          slack = slack == null ? slack(solver, objective) : slack;
          limitRow(solver, vMinSq - base, inf, at.gradV[t][j], slack, 1, charge, discharge, curtail, t);
        }
        double ratio = at.currentRatio[t][j];
        if (ratio > 0 && ratio + swingI > 1) {
          double baseI = ratio;
          for (int c = 0; c < controlBus.length; c++) {
            baseI -= at.gradI[t][j][c] * at.controlKw[t][c];
          }
          slack = slack == null ? slack(solver, objective) : slack;
          limitRow(solver, -inf, 1 - baseI, at.gradI[t][j], slack, -1, charge, discharge, curtail, t);
        }
      }
    }
    MPSolver.ResultStatus status = solver.solve();
    if (status != MPSolver.ResultStatus.OPTIMAL) {
      if (!first) {
        return null;
      }
      throw new IllegalStateException("GLOP ended with status " + status + " on the dispatch LP");
    }
    Schedule next = Schedule.idle(p);
    double share = 0;
    for (int b = 0; b < batteries; b++) {
      FeederBattery battery = p.batteries().get(b);
      for (int t = 0; t < steps; t++) {
        next.chargeKw()[b][t] = clamp(charge[b][t]);
        next.dischargeKw()[b][t] = clamp(discharge[b][t]);
        share = Math.max(share, moved(next.chargeKw()[b][t], s.chargeKw()[b][t], battery.maxChargeKw()));
        share = Math.max(share, moved(next.dischargeKw()[b][t], s.dischargeKw()[b][t], battery.maxDischargeKw()));
      }
    }
    for (int k = 0; k < sites; k++) {
      for (int t = 0; t < steps && curtailable[k]; t++) {
        next.curtailmentKw()[k][t] = clamp(curtail[k][t]);
        share = Math.max(share, moved(next.curtailmentKw()[k][t], s.curtailmentKw()[k][t],
            max(p.pv().get(k).profileKw())));
      }
    }
    return new Lp(next, objective.value(), share);
  }

  /** Adds the step's energy cost: import price above zero substation power, export price below. */
  private void costOf(MPSolver solver, MPObjective objective, MPVariable power, int t) {
    double dt = p.dtHours();
    double imp = p.importPrice()[t];
    double exp = p.exportPrice()[t];
    if (imp == exp) {
      objective.setCoefficient(power, imp * dt);
      return;
    }
    // convex as export never pays more than import: cost = max(imp * P, exp * P) * dt
    MPVariable cost = solver.makeNumVar(-MPSolver.infinity(), MPSolver.infinity(), "");
    objective.setCoefficient(cost, 1);
    for (double price : new double[] {imp, exp}) {
      MPConstraint row = solver.makeConstraint(0, MPSolver.infinity(), "");
      row.setCoefficient(cost, 1);
      row.setCoefficient(power, -price * dt);
    }
  }

  private MPVariable slack(MPSolver solver, MPObjective objective) {
    MPVariable slack = solver.makeNumVar(0, MPSolver.infinity(), "");
    objective.setCoefficient(slack, mu);
    return slack;
  }

  /** {@code lo <= gradient . control + slackSign * slack <= hi}. */
  private void limitRow(MPSolver solver, double lo, double hi, double[] gradient, MPVariable slack, double slackSign,
                        MPVariable[][] charge, MPVariable[][] discharge, MPVariable[][] curtail, int t) {
    MPConstraint row = solver.makeConstraint(lo, hi, "");
    row.setCoefficient(slack, slackSign);
    addControl(row, gradient, 1, charge, discharge, curtail, t);
  }

  /** Adds {@code sign * sum_c gradient[c] * control_c} to the row, control_c in terms of the device variables. */
  private void addControl(MPConstraint row, double[] gradient, double sign, MPVariable[][] charge,
                          MPVariable[][] discharge, MPVariable[][] curtail, int t) {
    for (int b = 0; b < batteries; b++) {
      double g = sign * gradient[batteryControl[b]];
      row.setCoefficient(charge[b][t], row.getCoefficient(charge[b][t]) + g);
      row.setCoefficient(discharge[b][t], row.getCoefficient(discharge[b][t]) - g);
    }
    for (int k = 0; k < sites; k++) {
      if (curtailable[k]) {
        double g = sign * gradient[siteControl[k]];
        row.setCoefficient(curtail[k][t], row.getCoefficient(curtail[k][t]) + g);
      }
    }
  }

  private static MPVariable boxed(MPSolver solver, double value, double range, double trust) {
    double lo = Math.max(0, value - trust * range);
    double hi = Math.min(range, value + trust * range);
    return solver.makeNumVar(Math.min(lo, hi), hi, "");
  }

  private static double width(MPVariable v) {
    return v.ub() - v.lb();
  }

  private static double clamp(MPVariable v) {
    return Math.max(v.lb(), Math.min(v.ub(), v.solutionValue()));
  }

  private static double moved(double next, double now, double range) {
    return range > 0 ? Math.abs(next - now) / range : 0;
  }
}
