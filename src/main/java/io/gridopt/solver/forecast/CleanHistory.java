package io.gridopt.solver.forecast;

/** A cleaned series, the report of what cleaning did, and where it did it. */
public record CleanHistory(LoadSeries series, DataQuality quality, CleaningLog log) {

  /** A history without a record of where it was cleaned (a series built in code, not from readings). */
  public CleanHistory(LoadSeries series, DataQuality quality) {
    this(series, quality, CleaningLog.none());
  }
}
