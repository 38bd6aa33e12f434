package io.gridopt.solver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.domain.FieldError;
import io.gridopt.domain.InfeasibleException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StorageSolverTest {
  private static final double EPS = 1e-6;

  private final StorageSolver solver = new StorageSolver();

  static StorageProblem problem(double[] load, double[] pv, double[] importPrice, double[] exportPrice, Battery battery,
      GridConnection grid) {
    return new StorageProblem(1.0, new SiteSeries(load, pv, importPrice, exportPrice), battery, grid);
  }

  /*
   * Three hours, load 10 kW each, PV 16 kW in hour 1; import 0.10 / 0.30 / 0.50, export 0.05.
   * Battery 8 kWh, empty, 5 kW charge, 4 kW discharge, 80 % each way, degradation 0.02 per kWh out.
   *
   * A kWh of SoC used in hour 2 delivers 0.8 kWh and saves 0.8 * 0.50 - 0.8 * 0.02 = 0.384.
   * Storing a kWh costs 0.05 / 0.8 = 0.0625 from the hour-1 surplus (forgone export) and
   * 0.10 / 0.8 = 0.125 bought in hour 0: both below 0.384, so fill what hour 2 can use,
   * 4 kW / 0.8 = 5 kWh, cheapest first: 4 kWh from hour 1 (5 kW, the charge limit) and 1 kWh from
   * hour 0 (1.25 kW). Hour 1 uses no grid energy, and storing more only loses it.
   *   hour 0: import 10 + 1.25 = 11.25 kW       -> 11.25 * 0.10       =  1.125
   *   hour 1: export 16 - 10 - 5 = 1 kW          -> -1 * 0.05         = -0.05
   *   hour 2: import 10 - 4 = 6 kW, 4 kWh out    -> 6 * 0.50 + 4*0.02 =  3.08
   *   total 4.155; SoC 1, 5, 0 kWh.
   * Without the battery: 10 * 0.10 - 6 * 0.05 + 10 * 0.50 = 5.7; savings 1.545 = 27.105 %.
   */
  @Test
  void threeStepExampleMatchesHandComputedOptimum() {
    Battery battery = new Battery(8, 5, 4, 0.8, 0.8, 0, 0, 8, null, 0.02);
    StorageResult r = solver.solve(problem(new double[] {10, 10, 10}, new double[] {0, 16, 0},
        new double[] {0.10, 0.30, 0.50}, new double[] {0.05, 0.05, 0.05}, battery, GridConnection.unlimited()));

    assertThat(r.totalCost()).isCloseTo(4.155, within(EPS));
    assertThat(r.baselineCost()).isCloseTo(5.7, within(EPS));
    assertThat(r.savings()).isCloseTo(1.545, within(EPS));
    assertThat(r.savingsPct()).isCloseTo(100 * 1.545 / 5.7, within(EPS));
    assertThat(r.schedule().chargeKw()).containsExactly(new double[] {1.25, 5, 0}, within(EPS));
    assertThat(r.schedule().dischargeKw()).containsExactly(new double[] {0, 0, 4}, within(EPS));
    assertThat(r.schedule().socKwh()).containsExactly(new double[] {1, 5, 0}, within(EPS));
    assertThat(r.schedule().gridImportKw()).containsExactly(new double[] {11.25, 0, 6}, within(EPS));
    assertThat(r.schedule().gridExportKw()).containsExactly(new double[] {0, 1, 0}, within(EPS));
    assertThat(r.peakImportKw()).isCloseTo(11.25, within(EPS));
    assertThat(r.solverName()).isEqualTo(StorageSolver.DP_NAME);
    assertThat(r.warnings()).isEmpty();
  }

  private static double[] fill(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  private InfeasibleException infeasible(StorageProblem p) {
    return catchThrowableOfType(InfeasibleException.class, () -> solver.solve(p));
  }

  /*
   * Paid to import (-0.10 per kWh) for two hours, no load, no PV, export free (price 0). Battery
   * 10 kWh, full, 10 kW each way, 50 % each way.
   * LP relaxation: each hour charge 10 kW (+5 kWh) and discharge 2.5 kW (-5 kWh) at once: SoC stays
   * at 10, import 7.5 kW, earning 0.75 per hour, -1.5 in all, by burning energy.
   * Without simultaneous operation: hour 0 can only discharge (exported for nothing); hour 1 may
   * then charge c <= 10 kW with 0.5 c <= 2 d0 kWh of room. d0 >= 2.5 kW gives c = 10 kW: -1.0.
   */
  @Test
  void negativePricesNeverChargeAndDischargeAtOnce() {
    Battery battery = new Battery(10, 10, 10, 0.5, 0.5, 10, 0, 10, null, 0);
    StorageProblem p = problem(new double[] {0, 0}, new double[] {0, 0}, new double[] {-0.10, -0.10},
        new double[] {0, 0}, battery, GridConnection.unlimited());
    StorageResult r = solver.solve(p);

    assertThat(r.solverName()).isEqualTo(StorageSolver.MILP_NAME);
    assertThat(r.totalCost()).isCloseTo(-1.0, within(EPS));
    assertThat(GridDp.optimum(p)).isCloseTo(-1.0, within(EPS));
    for (int t = 0; t < 2; t++) {
      assertThat(r.schedule().chargeKw()[t] * r.schedule().dischargeKw()[t]).isZero();
    }
    assertThat(r.schedule().chargeKw()[1]).isCloseTo(10, within(EPS));
    assertThat(r.schedule().gridImportKw()[1]).isCloseTo(10, within(EPS));
    ScheduleInvariants.check(p, r);
    assertThat(r.baselineCost()).isCloseTo(0, within(EPS));
  }

  @Test
  void importLimitBelowNetLoadIsExplainedWithStepAndShortfall() {
    double[] load = fill(24, 100);
    double[] pv = new double[24];
    load[17] = 171.2;
    pv[17] = 20;
    Battery battery = new Battery(100, 20, 20, 0.95, 0.95, 50, 0, 100, null, 0);
    InfeasibleException e = infeasible(problem(load, pv, fill(24, 0.2), fill(24, 0), battery,
        new GridConnection(120, Double.POSITIVE_INFINITY, false, 0)));

    assertThat(e.getMessage()).isEqualTo("import limit 120 kW below net load 151.2 kW at step 17: the battery can "
        + "discharge at most 20 kW, 11.2 kW short");
    assertThat(e.binding()).containsExactly(new FieldError("grid_import_limit_kw", "exceeded by 11.2 kW at step 17"));
  }

  @Test
  void exportLimitBelowPvSurplusIsExplained() {
    double[] load = fill(4, 10);
    double[] pv = {0, 90, 95, 0};
    Battery battery = new Battery(100, 20, 20, 0.95, 0.95, 50, 0, 100, null, 0);
    InfeasibleException e = infeasible(problem(load, pv, fill(4, 0.2), fill(4, 0.05), battery,
        new GridConnection(Double.POSITIVE_INFINITY, 50, false, 0)));

    assertThat(e.getMessage()).isEqualTo("export limit 50 kW below PV surplus 80 kW at step 1: the battery can "
        + "charge at most 20 kW, 10 kW too much (also at 1 other step, first 2); allow_pv_curtailment would let "
        + "the surplus be curtailed");
    assertThat(e.binding()).containsExactly(new FieldError("grid_export_limit_kw", "exceeded by 10 kW at step 1"));
  }

  /*
   * Import limit 100 kW, load 130 kW for hours 0..3: the battery must deliver 30 kW each hour,
   * 30 / 0.9 = 33.333 kWh from its cells. From 100 kWh with min_soc 10: 66.667, 33.333, 0 < 10
   * after hour 2, 10 kWh short.
   */
  @Test
  void importLimitThatDrainsTheBatteryIsExplained() {
    Battery battery = new Battery(200, 50, 50, 0.9, 0.9, 100, 10, 200, null, 0);
    InfeasibleException e = infeasible(problem(fill(4, 130), fill(4, 0), fill(4, 0.2), fill(4, 0), battery,
        new GridConnection(100, Double.POSITIVE_INFINITY, false, 0)));

    assertThat(e.getMessage()).isEqualTo("import limit 100 kW cannot be kept at step 2: covering the net load above it "
        + "drains the battery to at most 0 kWh, below min_soc_kwh 10 (10 kWh short)");
    assertThat(e.binding()).extracting(FieldError::field)
        .containsExactly("grid_import_limit_kw", "battery.min_soc_kwh");
  }

  /*
   * Export limit 20 kW, PV surplus 60 kW for hours 0..2, no curtailment: the battery must take
   * 40 kW, 40 * 0.8 = 32 kWh each hour. From 40 kWh with max_soc 100: 72, 104 > 100 at hour 1.
   */
  @Test
  void exportLimitThatOverfillsTheBatteryIsExplained() {
    Battery battery = new Battery(120, 50, 50, 0.8, 0.8, 40, 0, 100, null, 0);
    InfeasibleException e = infeasible(problem(fill(3, 10), fill(3, 70), fill(3, 0.2), fill(3, 0.05), battery,
        new GridConnection(Double.POSITIVE_INFINITY, 20, false, 0)));

    assertThat(e.getMessage()).isEqualTo("export limit 20 kW cannot be kept at step 1: absorbing the PV surplus above it "
        + "fills the battery to at least 104 kWh, above max_soc_kwh 100 (4 kWh over); allow_pv_curtailment would "
        + "let the surplus be curtailed");
    assertThat(e.binding()).extracting(FieldError::field)
        .containsExactly("grid_export_limit_kw", "battery.max_soc_kwh");
  }

  /* From 100 kWh, three hours at 50 kW and 99 %: 100 + 3 * 49.5 = 248.5 kWh at most. */
  @Test
  void unreachableFinalSocIsExplained() {
    Battery battery = new Battery(400, 50, 50, 0.99, 0.99, 100, 0, 400, 380.0, 0);
    InfeasibleException e = infeasible(problem(fill(3, 10), fill(3, 0), fill(3, 0.2), fill(3, 0), battery,
        GridConnection.unlimited()));

    assertThat(e.getMessage()).isEqualTo("final_soc_kwh 380 unreachable: at most 248.5 kWh can be stored by the last step");
    assertThat(e.binding()).containsExactly(new FieldError("battery.final_soc_kwh", "unreachable by 131.5 kWh"));
  }

  /*
   * Measured SoC 95 kWh above max_soc 90, discharge 2 kW at 100 %: the upper bound follows
   * 93, 91, 90, forcing full discharge in hours 0 and 1 although energy is free then (price 0; the
   * solver does not cycle for nothing); the battery then waits for the last hour's 0.9 and
   * discharges 2 kW there: 90 - 2 = 88.
   */
  @Test
  void initialSocAboveMaxIsBroughtBackAsFastAsPowerAllows() {
    Battery battery = new Battery(100, 2, 2, 1, 1, 95, 10, 90, null, 0);
    double[] price = {0, 0, 0, 0, 0.9};
    StorageProblem p = problem(fill(5, 5), fill(5, 0), price, fill(5, 0), battery, GridConnection.unlimited());
    StorageResult r = solver.solve(p);

    assertThat(r.schedule().socKwh()).containsExactly(new double[] {93, 91, 90, 90, 88}, within(EPS));
    assertThat(r.warnings()).containsExactly("initial_soc_kwh 95 is above max_soc_kwh 90: the schedule discharges as "
        + "fast as the battery and the grid allow and is within bounds from step 2 on");
    ScheduleInvariants.check(p, r);
  }

  /* 2 kWh below min_soc 10, 4 kW charge at 50 %: +2 kWh per hour: 4, 6, 8, 10. */
  @Test
  void initialSocBelowMinIsBroughtBackAsFastAsPowerAllows() {
    Battery battery = new Battery(20, 4, 4, 0.5, 1, 2, 10, 20, null, 0);
    double[] price = {0.9, 0.9, 0.9, 0.9, 0.9};
    StorageProblem p = problem(fill(5, 5), fill(5, 0), price, fill(5, 0), battery, GridConnection.unlimited());
    StorageResult r = solver.solve(p);

    assertThat(r.schedule().socKwh()).containsExactly(new double[] {4, 6, 8, 10, 10}, within(EPS));
    assertThat(r.warnings()).containsExactly("initial_soc_kwh 2 is below min_soc_kwh 10: the schedule charges as "
        + "fast as the battery and the grid allow and is within bounds from step 3 on");
  }

  /* Net load 130 kW over a 100 kW limit in one hour: the site alone is infeasible, the battery fixes it. */
  @Test
  void baselineIsNullWhenTheSiteAloneIsInfeasible() {
    Battery battery = new Battery(100, 50, 50, 1, 1, 50, 0, 100, null, 0);
    StorageResult r = solver.solve(problem(new double[] {50, 130}, new double[] {0, 0}, new double[] {0.2, 0.2},
        new double[] {0, 0}, battery, new GridConnection(100, Double.POSITIVE_INFINITY, false, 0)));

    assertThat(r.baselineCost()).isNull();
    assertThat(r.savings()).isNull();
    assertThat(r.savingsPct()).isNull();
    assertThat(r.schedule().gridImportKw()[1]).isLessThanOrEqualTo(100 + EPS);
  }

  /*
   * Demand charge 10 per kW on the peak; load 50, 50, 150 kW, energy 0.1 flat; battery 100 kWh full,
   * 100 kW, lossless. Every kW shaved off the 150 kW peak saves 10 and costs nothing in energy
   * (lossless, flat price), and the battery holds enough to flatten everything: all three hours
   * at the same import P with 3 P = 250 - 100 => P = 50, energy 0.1 * 150 = 15, total 15 + 500 = 515.
   */
  @Test
  void demandChargeShavesThePeak() {
    Battery battery = new Battery(100, 100, 100, 1, 1, 100, 0, 100, null, 0);
    StorageProblem p = problem(new double[] {50, 50, 150}, new double[] {0, 0, 0}, fill(3, 0.1), fill(3, 0),
        battery, new GridConnection(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, false, 10));
    StorageResult r = solver.solve(p);

    assertThat(r.peakImportKw()).isCloseTo(50, within(1e-6));
    assertThat(r.totalCost()).isCloseTo(515, within(1e-6));
    assertThat(r.baselineCost()).isCloseTo(25 + 1500, within(1e-9));
    ScheduleInvariants.check(p, r);
  }
}
