package io.gridopt.solver.grid;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.ValidationException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A single-voltage-level distribution network: buses, branches (with switch states) and the
 * substation (slack) buses that feed it. Several slack buses are several substations, all held at
 * {@code slackVoltagePu}. {@link #validate(String)} names every structural problem with the field
 * paths of the JSON request ({@code network.branches[3].to}).
 */
public record Network(double baseKv, List<String> slackBusIds, double slackVoltagePu, List<Bus> buses,
    List<Branch> branches) {

  /** Largest network accepted: keeps one request's search within about a second. */
  public static final int MAX_BUSES = 1000;
  public static final int MAX_BRANCHES = 1500;

  public Network {
    slackBusIds = List.copyOf(slackBusIds);
    buses = List.copyOf(buses);
    branches = List.copyOf(branches);
  }

  /** The same network with every load multiplied by {@code factor}. */
  public Network withLoadScale(double factor) {
    List<Bus> scaled = buses.stream().map(b -> new Bus(b.id(), b.pKw() * factor, b.qKvar() * factor)).toList();
    return new Network(baseKv, slackBusIds, slackVoltagePu, scaled, branches);
  }

  public Network withBranches(List<Branch> newBranches) {
    return new Network(baseKv, slackBusIds, slackVoltagePu, buses, newBranches);
  }

  public double totalLoadKw() {
    return buses.stream().mapToDouble(Bus::pKw).sum();
  }

  /** Throws {@link ValidationException} listing every problem; returns this network otherwise. */
  public Network requireValid(String path) {
    List<FieldError> problems = validate(path);
    if (!problems.isEmpty()) {
      throw new ValidationException(problems);
    }
    return this;
  }

  /**
   * Structural problems, each on the field that causes it: sizes, unknown or duplicate ids,
   * non-positive impedance, and buses that no branch that is closed or may be closed connects to a
   * slack bus.
   */
  public List<FieldError> validate(String path) {
    List<FieldError> errors = new ArrayList<>();
    if (!(baseKv > 0 && baseKv <= 1000)) {
      errors.add(new FieldError(path + ".base_kv", "must be > 0 and <= 1000"));
    }
    if (!(slackVoltagePu >= 0.8 && slackVoltagePu <= 1.2)) {
      errors.add(new FieldError(path + ".slack_voltage_pu", "must be between 0.8 and 1.2"));
    }
    if (buses.isEmpty() || buses.size() > MAX_BUSES) {
      errors.add(new FieldError(path + ".buses", "must have between 1 and " + MAX_BUSES + " buses, has " + buses.size()));
    }
    if (branches.size() > MAX_BRANCHES) {
      errors.add(new FieldError(path + ".branches", "must have at most " + MAX_BRANCHES + " branches, has "
          + branches.size()));
    }
    Map<String, Integer> busIndex = new HashMap<>();
    for (int i = 0; i < buses.size(); i++) {
      Bus bus = buses.get(i);
      Integer first = busIndex.putIfAbsent(bus.id(), i);
      if (first != null) {
        errors.add(new FieldError(path + ".buses[" + i + "].id",
            "duplicate bus id '" + bus.id() + "' (first used by buses[" + first + "])"));
      }
    }
    if (slackBusIds.isEmpty()) {
      errors.add(new FieldError(path + ".slack_bus", "is required"));
    }
    Set<String> slackSet = new HashSet<>();
    for (String slack : slackBusIds) {
      if (!busIndex.containsKey(slack)) {
        errors.add(new FieldError(path + ".slack_bus", "unknown bus '" + slack + "'"));
      } else if (!slackSet.add(slack)) {
        errors.add(new FieldError(path + ".slack_bus", "names bus '" + slack + "' twice"));
      }
    }
    Map<String, Integer> branchIndex = new HashMap<>();
    for (int i = 0; i < branches.size(); i++) {
      Branch br = branches.get(i);
      String at = path + ".branches[" + i + "]";
      Integer first = branchIndex.putIfAbsent(br.id(), i);
      if (first != null) {
        errors.add(new FieldError(at + ".id", "duplicate branch id '" + br.id() + "' (first used by branches[" + first + "])"));
      }
      if (!busIndex.containsKey(br.fromBusId())) {
        errors.add(new FieldError(at + ".from", "unknown bus '" + br.fromBusId() + "'"));
      }
      if (!busIndex.containsKey(br.toBusId())) {
        errors.add(new FieldError(at + ".to", "unknown bus '" + br.toBusId() + "'"));
      } else if (br.toBusId().equals(br.fromBusId())) {
        errors.add(new FieldError(at + ".to", "must differ from 'from' (a branch joins two buses)"));
      }
      if (!(br.rOhm() > 0)) {
        errors.add(new FieldError(at + ".r_ohm", "impedance must be positive: r_ohm must be > 0"));
      }
      if (!(br.xOhm() >= 0)) {
        errors.add(new FieldError(at + ".x_ohm", "impedance must be positive: x_ohm must be >= 0"));
      }
      if (br.maxCurrentA() != null && !(br.maxCurrentA() > 0)) {
        errors.add(new FieldError(at + ".max_current_a", "must be > 0"));
      }
    }
    if (errors.isEmpty()) {
      unreachableBuses(path, busIndex, errors);
    }
    return errors;
  }

  /** Buses that no path of closed or switchable branches joins to a slack bus. */
  private void unreachableBuses(String path, Map<String, Integer> busIndex, List<FieldError> errors) {
    int n = buses.size();
    List<List<Integer>> adjacency = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      adjacency.add(new ArrayList<>());
    }
    for (Branch br : branches) {
      if (br.closed() || br.switchable()) {
        int f = busIndex.get(br.fromBusId());
        int t = busIndex.get(br.toBusId());
        adjacency.get(f).add(t);
        adjacency.get(t).add(f);
      }
    }
    boolean[] seen = new boolean[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (String slack : slackBusIds) {
      int s = busIndex.get(slack);
      seen[s] = true;
      queue.add(s);
    }
    while (!queue.isEmpty()) {
      for (int next : adjacency.get(queue.poll())) {
        if (!seen[next]) {
          seen[next] = true;
          queue.add(next);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      if (!seen[i]) {
        errors.add(new FieldError(path + ".buses[" + i + "].id", "no path from the slack bus to bus '"
            + buses.get(i).id() + "' (even with every switchable branch closed)"));
      }
    }
  }
}
