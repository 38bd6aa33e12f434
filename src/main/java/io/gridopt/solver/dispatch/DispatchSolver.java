package io.gridopt.solver.dispatch;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.InfeasibleException;
import io.gridopt.solver.grid.FeederPowerFlow;
import io.gridopt.solver.storage.Battery;
import io.gridopt.solver.storage.GridConnection;
import io.gridopt.solver.storage.SiteSeries;
import io.gridopt.solver.storage.StorageProblem;
import io.gridopt.solver.storage.StorageSchedule;
import io.gridopt.solver.storage.StorageSolver;
import java.util.ArrayList;
import java.util.List;

/**
 * Schedules every battery (and PV curtailment) on a radial feeder over the horizon at least cost
 * while every voltage and limited branch current stays within its limits in the AC power flow
 * ({@link SuccessiveLp}); or, in evaluate mode, runs the given schedules through the AC power flow.
 * Every result is checked by an exact AC power flow of the final schedule at every step.
 */
public final class DispatchSolver {
  public DispatchResult solve(DispatchProblem problem) {
    long start = System.nanoTime();
    if (problem.reconfigure()) {
      return SwitchAndDispatch.solve(problem, this, start);
    }
    return solve(problem, FeederPowerFlow.closedStates(problem.network()), start);
  }

  DispatchResult solve(DispatchProblem problem, boolean[] closed, long start) {
    FeederTimeSeries feeder = new FeederTimeSeries(problem, closed);
    Evaluation baseline = feeder.evaluate(Schedule.idle(problem));
    Evaluation blind = feeder.evaluate(networkBlind(problem));
    if (!problem.optimize()) {
      Evaluation given = feeder.evaluate(Schedule.given(problem));
      return new DispatchResult(given, baseline, blind, feeder.openBranchIds(), false,
          "AC power flow (backward/forward sweep) of the given schedule", 0, ms(start));
    }
    SuccessiveLp.Outcome outcome = new SuccessiveLp(feeder).solve(Schedule.idle(problem));
    Evaluation result = feeder.evaluate(outcome.schedule());
    // the AC power flow of the final schedule decides, not the LP's slacks
    if (!result.violations().isEmpty()) {
      throw infeasible(result);
    }
    return new DispatchResult(result, baseline, blind, feeder.openBranchIds(), false, SuccessiveLp.NAME,
        outcome.iterations(), ms(start));
  }

  static double ms(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  /** The schedule that breaks the limits least still breaks them: name the worst step, bus and voltage. */
  static InfeasibleException infeasible(Evaluation closest) {
    Violation worst = closest.worst();
    String what = switch (worst.kind()) {
      case "v_max" -> "voltage at bus " + worst.element() + " reaches " + FeederTimeSeries.fmt(worst.value())
          + " pu, above v_max_pu " + worst.limit();
      case "v_min" -> "voltage at bus " + worst.element() + " falls to " + FeederTimeSeries.fmt(worst.value())
          + " pu, below v_min_pu " + worst.limit();
      default -> "current in branch " + worst.element() + " reaches " + FeederTimeSeries.fmt(worst.value())
          + " A, above its limit " + FeederTimeSeries.fmt(worst.limit()) + " A";
    };
    String message = "no schedule keeps the feeder within its limits, even with every battery and all "
        + "curtailment: at step " + worst.step() + " the " + what;
    String field = worst.kind().startsWith("v_") ? worst.kind() + "_pu" : "branch_limits";
    List<FieldError> binding = new ArrayList<>();
    binding.add(new FieldError(field, "step " + worst.step() + ", " + ("current".equals(worst.kind()) ? "branch "
        : "bus ") + worst.element() + ": " + FeederTimeSeries.fmt(worst.value())));
    return new InfeasibleException(message, binding);
  }

  /** Each battery scheduled as the storage solver would on prices alone, the network ignored. */
  static Schedule networkBlind(DispatchProblem problem) {
    Schedule s = Schedule.idle(problem);
    int steps = problem.steps();
    StorageSolver storage = new StorageSolver();
    SiteSeries prices = new SiteSeries(new double[steps], new double[steps], problem.importPrice(),
        problem.exportPrice());
    GridConnection unlimited = new GridConnection(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false, 0);
    for (int b = 0; b < problem.batteries().size(); b++) {
      FeederBattery fb = problem.batteries().get(b);
      Battery battery = new Battery(fb.capacityKwh(), fb.maxChargeKw(), fb.maxDischargeKw(), fb.chargeEfficiency(),
          fb.dischargeEfficiency(), fb.initialSocKwh(), fb.minSocKwh(), fb.capacityKwh(), fb.finalSocKwh(), 0);
      StorageSchedule schedule = storage.solve(new StorageProblem(problem.dtHours(), prices, battery, unlimited))
          .schedule();
      s.chargeKw()[b] = schedule.chargeKw().clone();
      s.dischargeKw()[b] = schedule.dischargeKw().clone();
    }
    return s;
  }
}
