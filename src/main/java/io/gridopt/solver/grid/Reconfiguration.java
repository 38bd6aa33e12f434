package io.gridopt.solver.grid;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.InfeasibleException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Minimum-loss radial reconfiguration of a distribution network.
 *
 * <p>Every candidate is a spanning tree of the network in which each bus hangs from exactly one
 * substation, evaluated by an exact AC power flow ({@link RadialPowerFlow}). Candidates rank first by
 * how far they break the limits (bus voltage below {@code vMinPu}, branch current above its
 * {@code maxCurrentA}, switch operations above the cap; collapse is worst), then by loss, so the
 * search also finds its way out of an infeasible starting state.
 *
 * <p>Method: when the network has at most {@link #ENUMERATION_LIMIT} radial configurations (counted
 * exactly by Kirchhoff's matrix-tree theorem) all of them are evaluated, which proves the optimum.
 * Otherwise {@link BranchExchangeSearch}: branch exchange over the fundamental loops, screened by a
 * first-order loss estimate and confirmed by the exact power flow, iterated from random kicks until
 * the search stops improving. Results are reproducible (fixed seed).
 */
public final class Reconfiguration {
  /** Networks with at most this many radial configurations are solved by enumeration. */
  public static final long ENUMERATION_LIMIT = 5_000;
  /** Upper bound on bus-sweeps (power flows times buses) per request, so that no request runs long. */
  static final long MAX_BUS_SOLVES = 50_000_000;

  private final GridModel model;
  private final ReconfigurationOptions options;
  private final RadialPowerFlow pf;
  private final boolean[] current;
  private final Scorer scorer;

  private Reconfiguration(Network network, ReconfigurationOptions options) {
    this.model = new GridModel(network.withLoadScale(options.loadScale()));
    this.options = options;
    this.pf = new RadialPowerFlow(model);
    this.current = model.initiallyClosed.clone();
    this.scorer = new Scorer(model, pf, current, options);
  }

  /** Chooses the open branches; throws {@link InfeasibleException} when no configuration meets the limits. */
  public static ReconfigurationResult optimize(Network network, ReconfigurationOptions options) {
    return new Reconfiguration(network, options).optimize();
  }

  /**
   * Why the current switch states are not radial (a loop, two substations joined, or a bus without
   * supply); empty when they are.
   */
  public static java.util.Optional<String> radialityProblem(Network network) {
    GridModel model = new GridModel(network);
    if (new RadialPowerFlow(model).buildTree(model.initiallyClosed)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(RadialConfigurations.describeState(model, model.initiallyClosed));
  }

  /** Power flow of the current switch states only. */
  public static ReconfigurationResult evaluate(Network network, ReconfigurationOptions options) {
    Reconfiguration r = new Reconfiguration(network, options);
    long start = System.nanoTime();
    if (!r.pf.buildTree(r.current)) {
      throw new InfeasibleException("network.branches",
          "the closed branches do not form a radial network fed from the substation(s): " + r.radialityProblem());
    }
    if (r.pf.solve() == RadialPowerFlow.Status.COLLAPSED) {
      throw new InfeasibleException("load_scale", "the current configuration has no power-flow solution at load_scale "
          + fmt(r.options.loadScale()) + " (voltage collapse)");
    }
    PowerFlowResult flow = r.detail(r.current);
    return new ReconfigurationResult(flow, flow, List.of(), "radial DistFlow power flow (backward/forward sweep)",
        r.pf.solves, (System.nanoTime() - start) / 1e6, false, 0);
  }

  private ReconfigurationResult optimize() {
    long start = System.nanoTime();
    PowerFlowResult before = null;
    if (pf.buildTree(current) && pf.solve() == RadialPowerFlow.Status.CONVERGED) {
      before = detail(current);
    }
    boolean enumerate = switch (options.method()) {
      case ENUMERATE -> true;
      case SEARCH -> false;
      case AUTO -> RadialConfigurations.count(model, ENUMERATION_LIMIT + 1) <= ENUMERATION_LIMIT;
    };
    boolean[] best;
    String name;
    long enumerated = 0;
    if (enumerate) {
      RadialConfigurations.Visit visit = new RadialConfigurations.Visit();
      best = enumerateAll(visit);
      enumerated = visit.count;
      name = "exhaustive enumeration of " + enumerated + " radial configurations";
    } else {
      best = search();
      name = "branch exchange + iterated local search";
    }
    Scorer.Score score = best == null ? null : scorer.evaluate(best);
    if (score == null || !score.feasible()) {
      throw infeasible(best, score, enumerate);
    }
    PowerFlowResult after = detail(best);
    List<SwitchOperation> operations = new ArrayList<>();
    for (int k = 0; k < model.branchCount; k++) {
      if (best[k] != current[k]) {
        operations.add(new SwitchOperation(model.branchId(k),
            best[k] ? SwitchOperation.Action.CLOSE : SwitchOperation.Action.OPEN));
      }
    }
    return new ReconfigurationResult(before, after, operations, name, pf.solves, (System.nanoTime() - start) / 1e6,
        enumerate, enumerated);
  }

  private boolean[] enumerateAll(RadialConfigurations.Visit visit) {
    boolean[][] best = {null};
    Scorer.Score[] bestScore = {null};
    RadialConfigurations.forEach(model, visit, closed -> {
      Scorer.Score s = scorer.evaluate(closed);
      if (s == null) {
        throw new IllegalStateException("enumerated a configuration that is not radial");
      }
      if (bestScore[0] == null || s.betterThan(bestScore[0])) {
        bestScore[0] = s;
        best[0] = closed.clone();
      }
    });
    return best[0];
  }

  private boolean[] search() {
    boolean[] start = pf.buildTree(current) ? current.clone() : RadialConfigurations.initialTree(model, current);
    if (start == null) {
      return null;
    }
    return new BranchExchangeSearch(model, pf, scorer, Math.max(20_000, MAX_BUS_SOLVES / model.busCount)).run(start);
  }

  // ---- results ----

  private PowerFlowResult detail(boolean[] closed) {
    if (!pf.buildTree(closed) || pf.solve() != RadialPowerFlow.Status.CONVERGED) {
      throw new IllegalStateException("detail of a configuration without a power-flow solution");
    }
    Map<String, Double> voltages = new LinkedHashMap<>();
    double vMin = Double.POSITIVE_INFINITY;
    String vMinBus = null;
    for (int j = 0; j < model.busCount; j++) {
      double v = Math.sqrt(pf.vSq[j]);
      voltages.put(model.busId(j), v);
      if (v < vMin) {
        vMin = v;
        vMinBus = model.busId(j);
      }
    }
    BranchFlow[] byBranch = new BranchFlow[model.branchCount];
    for (int j = 0; j < model.busCount; j++) {
      int k = pf.parentBranch[j];
      if (k < 0) {
        continue;
      }
      double l = pf.currentSq[j];
      double lossPu = model.rPu[k] * l;
      // pSend is measured at the parent end, towards j; report at the 'from' end, from -> to.
      double p = pf.pSend[j];
      double q = pf.qSend[j];
      if (model.from[k] != pf.parentBus[j]) {
        p = -(p - lossPu);
        q = -(q - model.xPu[k] * l);
      }
      byBranch[k] = new BranchFlow(model.branchId(k), p * GridModel.BASE_KVA, q * GridModel.BASE_KVA,
          Math.sqrt(l) * model.currentBaseA, lossPu * GridModel.BASE_KVA);
    }
    List<BranchFlow> flows = new ArrayList<>();
    List<String> open = new ArrayList<>();
    for (int k = 0; k < model.branchCount; k++) {
      if (byBranch[k] != null) {
        flows.add(byBranch[k]);
      } else {
        open.add(model.branchId(k));
      }
    }
    return new PowerFlowResult(open, pf.lossPu * GridModel.BASE_KVA, voltages, vMin, vMinBus, flows, pf.iterations);
  }

  private InfeasibleException infeasible(boolean[] best, Scorer.Score score, boolean proven) {
    String scope = proven ? "no radial configuration" : "the search found no radial configuration";
    if (best == null) {
      return new InfeasibleException("network.branches", "no radial configuration exists: "
          + RadialConfigurations.whyNoTree(model));
    }
    if (score == Scorer.Score.COLLAPSED) {
      return new InfeasibleException("load_scale", scope + " has a power-flow solution at load_scale "
          + fmt(options.loadScale()) + " (voltage collapse in every configuration examined)");
    }
    pf.buildTree(best);
    pf.solve();
    List<FieldError> binding = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    double vMin = Double.POSITIVE_INFINITY;
    int vMinBus = -1;
    for (int j = 0; j < model.busCount; j++) {
      double v = Math.sqrt(pf.vSq[j]);
      if (v < vMin) {
        vMin = v;
        vMinBus = j;
      }
    }
    if (vMin < options.vMinPu()) {
      String problem = "lowest bus voltage of the best configuration is " + fmt(vMin) + " pu at bus "
          + model.busId(vMinBus) + ", below " + fmt(options.vMinPu()) + " pu";
      binding.add(new FieldError("v_min_pu", problem));
      reasons.add(problem);
    }
    for (int j = 0; j < model.busCount; j++) {
      int k = pf.parentBranch[j];
      if (k >= 0 && Math.sqrt(pf.currentSq[j]) > model.maxCurrentPu[k]) {
        String problem = "branch " + model.branchId(k) + " would carry " + fmt(Math.sqrt(pf.currentSq[j])
            * model.currentBaseA) + " A, above its " + fmt(model.maxCurrentPu[k] * model.currentBaseA) + " A";
        binding.add(new FieldError("max_current_a", problem));
        reasons.add(problem);
      }
    }
    if (options.maxSwitchOperations() != null && scorer.operations(best) > options.maxSwitchOperations()) {
      String problem = "needs " + scorer.operations(best) + " switch operations, more than " + options.maxSwitchOperations();
      binding.add(new FieldError("max_switch_operations", problem));
      reasons.add(problem);
    }
    return new InfeasibleException(scope + " meets the limits: " + String.join("; ", reasons), binding);
  }

  private String radialityProblem() {
    return RadialConfigurations.describeState(model, current);
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
