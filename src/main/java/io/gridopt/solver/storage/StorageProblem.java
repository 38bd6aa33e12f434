package io.gridopt.solver.storage;

/** One battery scheduling problem: T steps of {@code dtHours} each. */
public record StorageProblem(double dtHours, SiteSeries site, Battery battery, GridConnection grid) {

  public int steps() {
    return site.steps();
  }

  /** The same site without a battery, for the baseline cost. */
  public StorageProblem withoutBattery() {
    return new StorageProblem(dtHours, site, Battery.none(), grid);
  }
}
