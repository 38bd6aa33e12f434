package io.gridopt.bench;

import io.gridopt.solver.forecast.Analog;
import io.gridopt.solver.forecast.ForecastModel;
import io.gridopt.solver.forecast.Holidays;
import io.gridopt.solver.forecast.LoadSeries;
import io.gridopt.solver.forecast.ProfileRidge;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the ensemble's weights on a validation year, so that the test year of
 * {@link ForecastAccuracyBench} never informs them: the 365 days before the protocol's test period,
 * same protocol otherwise (each day D forecast from the N*24 values before D, N = 28 and 365, refit
 * daily). Every member forecasts each day once; the weight grid (analog's share, and how the rest is
 * split among ridge, ridge_log and ridge_relative) is scored on those forecasts, which is exact
 * because the ensemble's forecast is the weighted mean of its members' forecasts.
 */
public final class EnsembleWeightBench {
  private static final List<ForecastModel> MEMBERS =
      List.of(ProfileRidge.ABSOLUTE, ProfileRidge.LOG, ProfileRidge.RELATIVE, Analog.DEFAULT);
  private static final int[] HISTORY_DAYS = {28, 365};
  private static final double[] ANALOG_SHARES = {0.0, 0.1, 0.2, 0.3};
  /** Splits of the regressions' share among ridge, ridge_log, ridge_relative. */
  private static final double[][] SPLITS = {{1 / 3.0, 1 / 3.0, 1 / 3.0}, {0.5, 0, 0.5}, {0.5, 0.5, 0}, {0, 0.5, 0.5},
      {0.5, 0.25, 0.25}, {0.25, 0.5, 0.25}, {0.25, 0.25, 0.5}};

  private EnsembleWeightBench() {
  }

  public static void main(String[] args) throws IOException {
    int days = Integer.getInteger("bench.days", 365);
    String[] zones = System.getProperty("bench.zones", "DAYTON,DUQ").split(",");
    System.out.println("EnsembleWeightBench, " + EnvironmentBench.describe());
    List<double[]> weights = new ArrayList<>();
    for (double a : ANALOG_SHARES) {
      for (double[] split : SPLITS) {
        weights.add(new double[] {(1 - a) * split[0], (1 - a) * split[1], (1 - a) * split[2], a});
      }
    }
    List<ForecastAccuracyBench.Zone> loaded = new ArrayList<>();
    for (String zone : zones) {
      ForecastAccuracyBench.Zone z = ForecastAccuracyBench.zone(zone, days, true);
      LoadSeries series = z.clean().series();
      System.out.printf(Locale.ROOT, "# %s validation %s .. %s%n", zone, series.dateAt(z.first()),
          series.dateAt(z.first() + days * 24 - 1));
      loaded.add(z);
    }
    double[][] meanByHistory = new double[HISTORY_DAYS.length][weights.size()];
    for (int h = 0; h < HISTORY_DAYS.length; h++) {
      int n = HISTORY_DAYS[h];
      double[][] mape = new double[zones.length][];
      for (int z = 0; z < zones.length; z++) {
        ForecastAccuracyBench.Zone zone = loaded.get(z);
        mape[z] = score(zone.clean().series(), zone.holidays(), zone.first(), days, n, weights);
      }
      double[][] m = mape;
      for (int k = 0; k < weights.size(); k++) {
        meanByHistory[h][k] = mean(m, k);
      }
      List<Integer> order = byMean(m, weights.size());
      System.out.printf(Locale.ROOT, "N=%d  ridge  r_log  r_rel analog  %s  mean%n", n, String.join(" ", zones));
      for (int k : order) {
        double[] w = weights.get(k);
        StringBuilder zs = new StringBuilder();
        for (double[] zm : mape) {
          zs.append(String.format(Locale.ROOT, "%6.3f ", zm[k]));
        }
        System.out.printf(Locale.ROOT, "      %5.3f  %5.3f  %5.3f  %5.3f  %s%6.3f%n", w[0], w[1], w[2], w[3], zs, mean(m, k));
      }
    }
    // The ensemble serves every history length, so its weights are chosen on the mean of all.
    System.out.println("overall (mean MAPE over zones and N), best 5:");
    for (int k : byMean(meanByHistory, weights.size()).subList(0, 5)) {
      double[] w = weights.get(k);
      System.out.printf(Locale.ROOT, "      %5.3f  %5.3f  %5.3f  %5.3f  %6.3f%n", w[0], w[1], w[2], w[3],
          mean(meanByHistory, k));
    }
  }

  /** Weight indices by mean MAPE over the rows of {@code mape} (rows: zones or history lengths, columns: weights). */
  private static List<Integer> byMean(double[][] mape, int count) {
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      order.add(k);
    }
    order.sort(Comparator.comparingDouble(k -> mean(mape, k)));
    return order;
  }

  private static double mean(double[][] mape, int k) {
    double s = 0;
    for (double[] zm : mape) {
      s += zm[k];
    }
    return s / mape.length;
  }

  /** MAPE % of every weight vector over the validation days. */
  private static double[] score(LoadSeries series, Holidays holidays, int first, int days, int historyDays,
      List<double[]> weights) {
    double[] apeSum = new double[weights.size()];
    for (int d = 0; d < days; d++) {
      int origin = first + d * 24;
      LoadSeries visible = series.head(origin).tail(historyDays * 24);
      double[][] f = new double[MEMBERS.size()][];
      for (int m = 0; m < MEMBERS.size(); m++) {
        f[m] = MEMBERS.get(m).fit(visible, holidays, 24).predict(visible);
      }
      for (int k = 0; k < weights.size(); k++) {
        double[] w = weights.get(k);
        for (int j = 0; j < 24; j++) {
          double y = series.values()[origin + j];
          double point = 0;
          for (int m = 0; m < f.length; m++) {
            point += w[m] * f[m][j];
          }
          apeSum[k] += Math.abs(y - point) / y;
        }
      }
    }
    double[] out = new double[weights.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = 100 * apeSum[k] / (days * 24);
    }
    return out;
  }
}
