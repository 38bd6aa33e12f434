package io.gridopt.solver.grid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated {@link Network} compiled to index arrays in per unit (base 1 MVA and the network's
 * base voltage) for the power flow and the search. Substation buses are roots; a tree that spans
 * every bus from the roots is a radial configuration in which each bus is fed by exactly one
 * substation along exactly one path.
 */
final class GridModel {
  static final double BASE_KVA = 1000.0;

  final Network network;
  final int busCount;
  final int branchCount;
  final double[] pLoadPu;
  final double[] qLoadPu;
  final boolean[] root;
  final int[] from;
  final int[] to;
  final double[] rPu;
  final double[] xPu;
  /** The optimizer chooses this branch's state. */
  final boolean[] free;
  /** Not free and closed in every configuration (non-switchable and closed now). */
  final boolean[] fixedClosed;
  final boolean[] initiallyClosed;
  /** Thermal limit per branch in per unit of current; +infinity where none is given. */
  final double[] maxCurrentPu;
  /** Incident branch indices per bus. */
  final int[][] incident;
  final double slackVoltageSq;
  /** Amperes per per-unit current: base kVA / (sqrt(3) * base kV). */
  final double currentBaseA;

  GridModel(Network network) {
    this.network = network;
    busCount = network.buses().size();
    branchCount = network.branches().size();
    Map<String, Integer> busIndex = new HashMap<>();
    pLoadPu = new double[busCount];
    qLoadPu = new double[busCount];
    root = new boolean[busCount];
    for (int i = 0; i < busCount; i++) {
      Bus bus = network.buses().get(i);
      busIndex.put(bus.id(), i);
      pLoadPu[i] = bus.pKw() / BASE_KVA;
      qLoadPu[i] = bus.qKvar() / BASE_KVA;
    }
    for (String slack : network.slackBusIds()) {
      root[busIndex.get(slack)] = true;
    }
    double zBaseOhm = network.baseKv() * network.baseKv() / (BASE_KVA / 1000.0);
    currentBaseA = BASE_KVA / (Math.sqrt(3) * network.baseKv());
    from = new int[branchCount];
    to = new int[branchCount];
    rPu = new double[branchCount];
    xPu = new double[branchCount];
    free = new boolean[branchCount];
    fixedClosed = new boolean[branchCount];
    initiallyClosed = new boolean[branchCount];
    maxCurrentPu = new double[branchCount];
    List<List<Integer>> adjacency = new ArrayList<>();
    for (int i = 0; i < busCount; i++) {
      adjacency.add(new ArrayList<>());
    }
    for (int k = 0; k < branchCount; k++) {
      Branch br = network.branches().get(k);
      from[k] = busIndex.get(br.fromBusId());
      to[k] = busIndex.get(br.toBusId());
      rPu[k] = br.rOhm() / zBaseOhm;
      xPu[k] = br.xOhm() / zBaseOhm;
      initiallyClosed[k] = br.closed();
      // A switch joining two substations must stay open in every radial configuration.
      boolean substationTie = root[from[k]] && root[to[k]];
      free[k] = br.switchable() && !substationTie;
      fixedClosed[k] = !br.switchable() && br.closed();
      maxCurrentPu[k] = br.maxCurrentA() == null ? Double.POSITIVE_INFINITY : br.maxCurrentA() / currentBaseA;
      adjacency.get(from[k]).add(k);
      adjacency.get(to[k]).add(k);
    }
    incident = new int[busCount][];
    for (int i = 0; i < busCount; i++) {
      incident[i] = adjacency.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
    slackVoltageSq = network.slackVoltagePu() * network.slackVoltagePu();
  }

  int other(int branch, int bus) {
    return from[branch] == bus ? to[branch] : from[branch];
  }

  String busId(int bus) {
    return network.buses().get(bus).id();
  }

  String branchId(int branch) {
    return network.branches().get(branch).id();
  }
}
