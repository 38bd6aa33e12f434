package io.gridopt.solver.forecast;

/** A cleaned series and the report of what cleaning did. */
public record CleanHistory(LoadSeries series, DataQuality quality) {
}
