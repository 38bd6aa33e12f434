package io.gridopt.anomaly;

import io.gridopt.domain.FieldError;
import io.gridopt.solver.grid.Branch;
import io.gridopt.solver.grid.BranchFlow;
import io.gridopt.solver.grid.Network;
import io.gridopt.solver.grid.PowerFlowResult;
import io.gridopt.solver.grid.SwitchOperation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Findings about a feeder before and after switching: bus voltages outside limits, branch overloads,
 * a configuration that is not radial, a power flow that collapses, no configuration that meets the
 * limits. Severity of a voltage finding is by the worst deviation beyond the limit, of an overload by
 * the worst loading (docs/anomalies.md).
 */
public final class GridAnomalyDetector {
  public static final String UNDERVOLTAGE = "grid_undervoltage";
  public static final String OVERVOLTAGE = "grid_overvoltage";
  public static final String OVERLOAD = "grid_branch_overload";
  public static final String NOT_RADIAL = "grid_not_radial";
  public static final String COLLAPSE = "grid_voltage_collapse";
  public static final String NO_FEASIBLE_CONFIGURATION = "grid_no_feasible_configuration";

  /** Upper voltage limit (ANSI C84.1 range A): feeders fed at a raised substation voltage can exceed it. */
  public static final double V_MAX_PU = 1.05;
  private static final double TOL = 1e-9;
  private static final int LISTED = 8;

  /** Which state of the network a finding is about. */
  public enum State {
    BEFORE("before switching"), AFTER("after the recommended switching"), CURRENT("in the given configuration");

    private final String words;

    State(String words) {
      this.words = words;
    }
  }

  private GridAnomalyDetector() {
  }

  /**
   * Findings in one power flow of {@code network} (with its limits {@code vMinPu} and the branches'
   * {@code maxCurrentA}). {@code remedy} is the switching that fixes them (empty when none is known).
   */
  public static List<Anomaly> inFlow(Network network, double vMinPu, PowerFlowResult flow, State state,
      List<SwitchOperation> remedy, PowerFlowResult remedied) {
    List<Anomaly> found = new ArrayList<>();
    undervoltage(vMinPu, flow, state, remedy, remedied).ifPresent(found::add);
    overvoltage(flow, state).ifPresent(found::add);
    overload(network, flow, state, remedy).ifPresent(found::add);
    return found;
  }

  private static java.util.Optional<Anomaly> undervoltage(double vMinPu, PowerFlowResult flow, State state,
      List<SwitchOperation> remedy, PowerFlowResult remedied) {
    List<Map.Entry<String, Double>> low = flow.busVoltagesPu().entrySet().stream()
        .filter(e -> e.getValue() < vMinPu - TOL).sorted(Map.Entry.comparingByValue()).toList();
    if (low.isEmpty()) {
      return java.util.Optional.empty();
    }
    double worst = low.get(0).getValue();
    double deficit = vMinPu - worst;
    Severity severity = Severity.byThresholds(deficit, 0.01, 0.03, 0.05);
    List<String> buses = low.stream().map(Map.Entry::getKey).toList();
    String text = low.size() + " bus" + (low.size() == 1 ? "" : "es") + " below the lower voltage limit "
        + Figures.num(vMinPu) + " pu " + state.words + ": " + listVoltages(low) + "; the lowest, bus " + buses.get(0)
        + ", is " + Figures.num(deficit) + " pu short.";
    List<String> actions = new ArrayList<>();
    if (!remedy.isEmpty() && remedied != null && remedied.vMinPu() >= vMinPu - TOL) {
      actions.add(switching(remedy) + ": the recommended configuration lifts the lowest voltage to "
          + Figures.num(remedied.vMinPu()) + " pu at bus " + remedied.vMinBusId() + ".");
    } else if (state != State.AFTER) {
      actions.add("Run mode=optimize to find a radial configuration that keeps every bus at or above "
          + Figures.num(vMinPu) + " pu.");
    }
    actions.add("Raise the substation bus voltage (regulator or transformer tap) by about " + Figures.num(deficit)
        + " pu, or add reactive support (a capacitor bank) near bus " + buses.get(0) + ".");
    actions.add("If neither is possible before the peak, shed or shift load downstream of bus " + buses.get(0) + ".");
    return java.util.Optional.of(Anomaly.inNetwork(UNDERVOLTAGE, severity, text, actions, buses, List.of(),
        Figures.of().put("state", state.name().toLowerCase(java.util.Locale.ROOT)).put("v_min_pu", worst)
            .put("limit_pu", vMinPu).put("deficit_pu", deficit).put("buses_below", low.size()).map()));
  }

  private static java.util.Optional<Anomaly> overvoltage(PowerFlowResult flow, State state) {
    List<Map.Entry<String, Double>> high = flow.busVoltagesPu().entrySet().stream()
        .filter(e -> e.getValue() > V_MAX_PU + TOL)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList();
    if (high.isEmpty()) {
      return java.util.Optional.empty();
    }
    double excess = high.get(0).getValue() - V_MAX_PU;
    Severity severity = Severity.byThresholds(excess, 0.01, 0.03, 0.05);
    List<String> buses = high.stream().map(Map.Entry::getKey).toList();
    String text = high.size() + " bus" + (high.size() == 1 ? "" : "es") + " above the upper voltage limit "
        + Figures.num(V_MAX_PU) + " pu " + state.words + ": " + listVoltages(high) + ".";
    return java.util.Optional.of(Anomaly.inNetwork(OVERVOLTAGE, severity, text, List.of(
            "Lower the substation voltage (slack_voltage_pu) by about " + Figures.num(excess) + " pu.",
            "Check generation feeding in near bus " + buses.get(0) + " (export raises voltage on a radial feeder)."),
        buses, List.of(), Figures.of().put("state", state.name().toLowerCase(java.util.Locale.ROOT))
            .put("v_max_pu", high.get(0).getValue()).put("limit_pu", V_MAX_PU).put("excess_pu", excess).map()));
  }

  private static java.util.Optional<Anomaly> overload(Network network, PowerFlowResult flow, State state,
      List<SwitchOperation> remedy) {
    Map<String, Branch> byId = new HashMap<>();
    network.branches().forEach(b -> byId.put(b.id(), b));
    List<double[]> loadings = new ArrayList<>(); // {index in flows, loading}
    List<BranchFlow> flows = flow.branchFlows();
    for (int i = 0; i < flows.size(); i++) {
      Branch b = byId.get(flows.get(i).id());
      if (b != null && b.maxCurrentA() != null && b.maxCurrentA() > 0
          && flows.get(i).currentA() > b.maxCurrentA() + TOL) {
        loadings.add(new double[] {i, flows.get(i).currentA() / b.maxCurrentA()});
      }
    }
    if (loadings.isEmpty()) {
      return java.util.Optional.empty();
    }
    loadings.sort(Comparator.comparingDouble((double[] l) -> l[1]).reversed());
    double worst = loadings.get(0)[1];
    Severity severity = Severity.byThresholds(worst, 1.05, 1.2, 1.5);
    List<String> branches = new ArrayList<>();
    List<String> listed = new ArrayList<>();
    for (double[] l : loadings) {
      BranchFlow f = flows.get((int) l[0]);
      branches.add(f.id());
      if (listed.size() < LISTED) {
        listed.add("branch " + f.id() + " " + Figures.num(f.currentA()) + " A of " + Figures.num(byId.get(f.id())
            .maxCurrentA()) + " A (" + Figures.pct(l[1]) + ")");
      }
    }
    String text = loadings.size() + " branch" + (loadings.size() == 1 ? "" : "es") + " over their current limit "
        + state.words + ": " + String.join(", ", listed) + (loadings.size() > LISTED ? " and more" : "") + ".";
    List<String> actions = new ArrayList<>();
    if (!remedy.isEmpty() && state == State.BEFORE) {
      actions.add(switching(remedy) + " to move load off branch " + branches.get(0) + ".");
    }
    actions.add("Reduce the load downstream of branch " + branches.get(0) + " by about "
        + Figures.pct(1 - 1 / worst) + ", or transfer part of it to a neighbouring feeder.");
    actions.add("Check the rating of branch " + branches.get(0) + " (max_current_a); re-conductor it if the overload"
        + " recurs.");
    return java.util.Optional.of(Anomaly.inNetwork(OVERLOAD, severity, text, actions, List.of(), branches,
        Figures.of().put("state", state.name().toLowerCase(java.util.Locale.ROOT)).put("max_loading_pct", 100 * worst)
            .put("branches_over", loadings.size()).map()));
  }

  /** The current switch states are not radial (a loop, joined substations, unsupplied buses). */
  public static Anomaly notRadial(String problem, boolean fatal, List<SwitchOperation> remedy) {
    List<String> actions = new ArrayList<>();
    if (!remedy.isEmpty()) {
      actions.add(switching(remedy) + ": the recommended configuration is radial.");
    }
    actions.add("Check the switch states sent against the SCADA states: " + problem + ".");
    if (fatal) {
      actions.add("Close a tie switch to every bus without supply, or mark the branches that can be switched"
          + " (switchable) so that a radial configuration exists.");
    }
    return Anomaly.general(NOT_RADIAL, fatal ? Severity.CRITICAL : Severity.MEDIUM,
        "The " + (fatal ? "network cannot be made radial" : "current configuration is not radial") + ": " + problem
            + ".", actions, Figures.of().put("fatal", fatal ? 1 : 0).map());
  }

  /** The power flow has no solution: the load is beyond what the feeder can carry. */
  public static Anomaly collapse(String message, double loadScale, double totalLoadKw) {
    return Anomaly.general(COLLAPSE, Severity.CRITICAL, "Voltage collapse: " + message + "; total load "
            + Figures.num(totalLoadKw * loadScale) + " kW at load_scale " + Figures.num(loadScale) + ".",
        List.of("Reduce the load (load_scale " + Figures.num(loadScale) + ") until the power flow converges: the"
                + " feeder cannot deliver " + Figures.num(totalLoadKw * loadScale) + " kW at any voltage.",
            "Transfer load to neighbouring feeders or add supply (a second substation or generation) along the"
                + " feeder."),
        Figures.of().put("load_scale", loadScale).put("total_load_kw", totalLoadKw * loadScale).map());
  }

  /** Optimization found no configuration within the limits; {@code binding} says which limits. */
  public static Anomaly noFeasibleConfiguration(String message, List<FieldError> binding) {
    List<String> fields = binding.stream().map(FieldError::field).distinct().toList();
    List<String> actions = new ArrayList<>();
    for (FieldError f : binding) {
      actions.add(switch (f.field()) {
        case "v_min_pu" -> "Voltage limit: " + f.problem() + "; raise the substation voltage or add reactive support"
            + " there, or accept a lower v_min_pu for this load.";
        case "max_current_a" -> "Current limit: " + f.problem() + "; reduce or transfer load on it, or re-rate it.";
        case "max_switch_operations" -> "Switching budget: " + f.problem() + "; allow more operations.";
        default -> f.field() + ": " + f.problem() + ".";
      });
    }
    return Anomaly.general(NO_FEASIBLE_CONFIGURATION, Severity.CRITICAL,
        "No radial configuration meets the limits: " + message + ". Binding: " + String.join(", ", fields) + ".",
        actions, Figures.of().put("binding_constraint", String.join(", ", fields)).map());
  }

  private static String switching(List<SwitchOperation> ops) {
    List<String> open = ops.stream().filter(o -> o.action() == SwitchOperation.Action.OPEN)
        .map(SwitchOperation::branchId).toList();
    List<String> close = ops.stream().filter(o -> o.action() == SwitchOperation.Action.CLOSE)
        .map(SwitchOperation::branchId).toList();
    List<String> parts = new ArrayList<>();
    if (!close.isEmpty()) {
      parts.add("close branch" + (close.size() > 1 ? "es " : " ") + String.join(", ", close));
    }
    if (!open.isEmpty()) {
      parts.add("open branch" + (open.size() > 1 ? "es " : " ") + String.join(", ", open));
    }
    String s = String.join(", then ", parts);
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String listVoltages(List<Map.Entry<String, Double>> buses) {
    List<String> listed = new ArrayList<>();
    for (Map.Entry<String, Double> e : buses.subList(0, Math.min(LISTED, buses.size()))) {
      listed.add("bus " + e.getKey() + " " + Figures.num(e.getValue()) + " pu");
    }
    return String.join(", ", listed) + (buses.size() > LISTED ? " and " + (buses.size() - LISTED) + " more" : "");
  }
}
