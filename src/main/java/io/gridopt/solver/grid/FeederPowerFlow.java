package io.gridopt.solver.grid;

/**
 * The exact AC power flow of one radial configuration of a {@link Network} under bus loads that
 * change from call to call (a quasi-static time series, or the perturbed loads of a sensitivity
 * calculation). Per unit on 1 MVA and the network's base voltage; buses and branches in network
 * order. Wraps the backward/forward sweep of {@link RadialPowerFlow}; one instance per thread, and
 * each solve starts from the previous voltages.
 */
public final class FeederPowerFlow {
  private final GridModel model;
  private final RadialPowerFlow pf;

  /**
   * Compiles the network in the switch states {@code closed} (branch order); throws
   * {@link IllegalArgumentException} unless they form a radial network fed from the substation(s).
   */
  public FeederPowerFlow(Network network, boolean[] closed) {
    model = new GridModel(network);
    pf = new RadialPowerFlow(model);
    if (!pf.buildTree(closed)) {
      throw new IllegalArgumentException("not radial: " + RadialConfigurations.describeState(model, closed));
    }
  }

  /** The network's own switch states. */
  public static boolean[] closedStates(Network network) {
    boolean[] closed = new boolean[network.branches().size()];
    for (int k = 0; k < closed.length; k++) {
      closed[k] = network.branches().get(k).closed();
    }
    return closed;
  }

  public static double baseKva() {
    return GridModel.BASE_KVA;
  }

  public int busCount() {
    return model.busCount;
  }

  public boolean isSubstation(int bus) {
    return model.root[bus];
  }

  /** Index of the branch feeding {@code bus} from the substation side; -1 at a substation. */
  public int parentBranch(int bus) {
    return pf.parentBranch[bus];
  }

  /** Index of the bus one step closer to the substation; -1 at a substation. */
  public int parentBus(int bus) {
    return pf.parentBus[bus];
  }

  /** Thermal limit of a branch in per-unit current; +infinity where none is given. */
  public double maxCurrentPu(int branch) {
    return model.maxCurrentPu[branch];
  }

  /** Amperes per per-unit current. */
  public double currentBaseA() {
    return model.currentBaseA;
  }

  /** Base loads of the network (per unit); the caller's copies. */
  public double[] baseLoadPu() {
    return model.pLoadPu.clone();
  }

  public double[] baseReactiveLoadPu() {
    return model.qLoadPu.clone();
  }

  /**
   * Solves for the given bus loads (per unit, bus order; negative is injection). Returns false on
   * voltage collapse (no operating point), true when converged; the accessors then describe it.
   */
  public boolean solve(double[] pLoadPu, double[] qLoadPu) {
    return pf.solve(pLoadPu, qLoadPu) == RadialPowerFlow.Status.CONVERGED;
  }

  /** Squared voltage magnitude of {@code bus} in the last solution (per unit). */
  public double voltageSq(int bus) {
    return pf.vSq[bus];
  }

  /** Squared current of the branch feeding {@code bus} in the last solution (per unit); 0 at a substation. */
  public double parentCurrentSq(int bus) {
    return pf.parentBranch[bus] < 0 ? 0 : pf.currentSq[bus];
  }

  /** Real power delivered by the substation(s), losses included (per unit). */
  public double substationPowerPu() {
    return pf.rootPowerPu;
  }

  /** Buses with every parent before its children (breadth-first from the substations). */
  public int[] busOrder() {
    return pf.order.clone();
  }

  /** Series resistance and reactance of a branch (per unit). */
  public double rPu(int branch) {
    return model.rPu[branch];
  }

  public double xPu(int branch) {
    return model.xPu[branch];
  }

  /** Real and reactive power entering the branch feeding {@code bus}, at its substation end (per unit). */
  public double sendingPPu(int bus) {
    return pf.pSend[bus];
  }

  public double sendingQPu(int bus) {
    return pf.qSend[bus];
  }

  /** Total series loss (per unit). */
  public double lossPu() {
    return pf.lossPu;
  }
}
