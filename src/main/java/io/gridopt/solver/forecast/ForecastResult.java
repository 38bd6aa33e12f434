package io.gridopt.solver.forecast;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;

/**
 * A forecast: {@code point} (the calibrated median) and one band per requested quantile, from
 * {@code start} on the history's grid, in the history's unit; the chosen model with every
 * candidate's backtest score; the chosen model's own backtest figures.
 *
 * @param peakIndex index of the largest point forecast
 */
public record ForecastResult(LocalDateTime start, ZoneOffset offset, int intervalMinutes, double[] point,
    SortedMap<Double, double[]> quantiles, String model, String reason, List<CandidateScore> candidates,
    Backtest backtest, int peakIndex) {

  /** One candidate model's rolling-origin MAPE (percent). */
  public record CandidateScore(String model, double mapePct) {
  }

  /**
   * Figures of the chosen model on the rolling-origin backtest of the request's own history.
   * {@code maseVsWeeklyNaive} is NaN where history is too short for the weekly naive, and
   * {@code coverage80} NaN with a single backtest origin.
   */
  public record Backtest(int origins, double mapePct, double maseVsWeeklyNaive, double coverage80) {
  }
}
