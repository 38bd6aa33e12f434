package io.gridopt.solver.storage;

/**
 * The site's time series, one value per step (all the same length T): load and PV output in kW
 * (averages over the step, both >= 0), and the prices of energy bought from and sold to the grid,
 * per kWh (money has no unit; either price may be negative).
 */
public record SiteSeries(double[] loadKw, double[] pvKw, double[] importPrice, double[] exportPrice) {
  public SiteSeries {
    int n = loadKw.length;
    if (n == 0 || pvKw.length != n || importPrice.length != n || exportPrice.length != n) {
      throw new IllegalArgumentException("series must be non-empty and of equal length");
    }
  }

  public int steps() {
    return loadKw.length;
  }
}
