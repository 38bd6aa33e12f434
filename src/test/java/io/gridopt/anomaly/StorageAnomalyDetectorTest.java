package io.gridopt.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.solver.storage.Battery;
import io.gridopt.solver.storage.GridConnection;
import io.gridopt.solver.storage.SiteSeries;
import io.gridopt.solver.storage.StorageProblem;
import io.gridopt.solver.storage.StorageResult;
import io.gridopt.solver.storage.StorageSolver;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class StorageAnomalyDetectorTest {
  private static final OffsetDateTime START = OffsetDateTime.parse("2024-07-01T00:00:00Z");

  private static StorageProblem problem(double importLimitKw, double demandCharge) {
    double[] load = {4, 4, 10, 10, 10, 4, 4, 4};
    double[] price = {0.1, 0.1, 0.3, 0.3, 0.3, 0.1, 0.1, 0.1};
    // 9 kWh, full: exactly the 3 x 3 kWh the peak needs above a 7 kW limit, so no step has slack
    Battery battery = new Battery(9, 5, 4, 1, 1, 9, 0, 9, null, 0);
    return new StorageProblem(1.0, new SiteSeries(load, new double[8], price, new double[8]), battery,
        new GridConnection(importLimitKw, Double.POSITIVE_INFINITY, false, demandCharge));
  }

  private static List<Anomaly> detect(StorageProblem p) {
    StorageResult r = new StorageSolver().solve(p);
    return StorageAnomalyDetector.detect(p, START, r.schedule().gridImportKw(), null, List.of());
  }

  @Test
  void importLimitThatHoldsThePeakStepsBindsInThoseSteps() {
    // 10 kW for three hours against a 7 kW limit: the battery covers 3 kW, the import sits at 7 kW
    StorageProblem p = problem(7, 0);
    double[] imports = new StorageSolver().solve(p).schedule().gridImportKw();
    long atLimit = java.util.Arrays.stream(imports).filter(v -> v >= 7 - 1e-3).count();
    Anomaly a = StorageAnomalyDetector.detect(p, START, imports, null, List.of()).stream()
        .filter(x -> x.type().equals(StorageAnomalyDetector.IMPORT_LIMIT_BINDING)).findFirst().orElseThrow();
    assertThat(imports[2]).isEqualTo(7.0, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(atLimit).isGreaterThanOrEqualTo(3);
    assertThat(a.figures().get("steps_at_limit")).isEqualTo((double) atLimit);
    assertThat(a.start()).isBeforeOrEqualTo(START.plusHours(2));
    assertThat(a.description()).contains("binds in " + atLimit + " of 8 steps");
    assertThat(a.severity()).isEqualTo(Severity.HIGH); // >= 3 of 8 steps = 37.5 % >= 25 %
  }

  @Test
  void demandChargeFlattensThePeakAndIsReportedWithWhatTheBatteryShaved() {
    Anomaly a = detect(problem(Double.POSITIVE_INFINITY, 20)).stream()
        .filter(x -> x.type().equals(StorageAnomalyDetector.DEMAND_CHARGE_BINDING)).findFirst().orElseThrow();
    double peak = (Double) a.figures().get("peak_import_kw");
    assertThat(peak).isLessThan(10); // the battery shaves the 10 kW net peak
    assertThat((Double) a.figures().get("site_net_peak_kw")).isEqualTo(10.0);
    assertThat((Double) a.figures().get("steps_at_peak")).isGreaterThanOrEqualTo(2.0);
    assertThat(a.description()).contains("20 per kW");
  }

  @Test
  void unlimitedSiteWithoutChargeHasNoFindings() {
    assertThat(detect(problem(Double.POSITIVE_INFINITY, 0))).isEmpty();
  }
}
