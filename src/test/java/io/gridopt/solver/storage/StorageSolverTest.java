package io.gridopt.solver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
}
