package io.gridopt.solver.dispatch;

import io.gridopt.domain.InfeasibleException;
import io.gridopt.solver.grid.Bus;
import io.gridopt.solver.grid.FeederPowerFlow;
import io.gridopt.solver.grid.Network;
import io.gridopt.solver.grid.Reconfiguration;
import io.gridopt.solver.grid.ReconfigurationOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Dispatch with one switch configuration for the whole horizon, by a heuristic that alternates the two
 * solvers: the minimum-loss configuration for the horizon's average net bus loads (batteries and PV at
 * the current schedule) from the switch search, then the optimal dispatch on that configuration, until
 * the configuration repeats or the cost stops falling. The network's own configuration (when radial)
 * is a candidate too. Optimal for neither problem jointly; each dispatch is optimal for its
 * configuration.
 */
final class SwitchAndDispatch {
  static final int MAX_ROUNDS = 4;

  private SwitchAndDispatch() {
  }

  static DispatchResult solve(DispatchProblem problem, DispatchSolver solver, long start) {
    DispatchResult best = null;
    InfeasibleException lastFailure = null;
    Set<String> tried = new HashSet<>();
    int iterations = 0;
    boolean[] initial = FeederPowerFlow.closedStates(problem.network());
    Schedule schedule = Schedule.idle(problem);
    if (Reconfiguration.radialityProblem(problem.network()).isEmpty()) {
      tried.add(Arrays.toString(initial));
      try {
        best = solver.solve(problem, initial, start);
        iterations += best.iterations();
        schedule = best.result().schedule();
      } catch (InfeasibleException e) {
        lastFailure = e;
      }
    }
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean[] closed = minimumLossConfiguration(problem, schedule, initial);
      if (closed == null || !tried.add(Arrays.toString(closed))) {
        break;
      }
      try {
        DispatchResult candidate = solver.solve(problem, closed, start);
        iterations += candidate.iterations();
        if (best != null && candidate.result().cost() >= best.result().cost()) {
          break;
        }
        best = candidate;
        schedule = candidate.result().schedule();
      } catch (InfeasibleException e) {
        lastFailure = e;
      }
    }
    if (best == null) {
      throw lastFailure != null ? lastFailure : new InfeasibleException("network.branches",
          "no radial configuration found for the horizon's average load");
    }
    return new DispatchResult(best.result(), best.baseline(), best.networkBlind(), best.openBranches(), true,
        "alternating switch search and " + best.solverName(), iterations, DispatchSolver.ms(start));
  }

  /** The switch search's configuration for the average net loads of {@code schedule}; null when it finds none. */
  private static boolean[] minimumLossConfiguration(DispatchProblem problem, Schedule schedule, boolean[] initial) {
    Network network = problem.network();
    int n = network.buses().size();
    double[] p = new double[n];
    double[] q = new double[n];
    int steps = problem.steps();
    for (int t = 0; t < steps; t++) {
      for (int j = 0; j < n; j++) {
        p[j] += problem.loadKw()[t][j] / steps;
        q[j] += problem.loadKvar()[t][j] / steps;
      }
      for (int b = 0; b < problem.batteries().size(); b++) {
        p[problem.batteries().get(b).bus()] += (schedule.chargeKw()[b][t] - schedule.dischargeKw()[b][t]) / steps;
      }
      for (int k = 0; k < problem.pv().size(); k++) {
        PvSite site = problem.pv().get(k);
        p[site.bus()] -= (site.profileKw()[t] - schedule.curtailmentKw()[k][t]) / steps;
      }
    }
    List<Bus> buses = new ArrayList<>(n);
    for (int j = 0; j < n; j++) {
      buses.add(new Bus(network.buses().get(j).id(), p[j], q[j]));
    }
    Network average = new Network(network.baseKv(), network.slackBusIds(), network.slackVoltagePu(), buses,
        network.branches());
    try {
      List<String> open = Reconfiguration.optimize(average, new ReconfigurationOptions(problem.vMinPu(), null, 1.0))
          .after().openBranchIds();
      boolean[] closed = initial.clone();
      for (int k = 0; k < closed.length; k++) {
        closed[k] = !open.contains(network.branches().get(k).id());
      }
      return closed;
    } catch (InfeasibleException e) {
      return null;
    }
  }
}
