package io.gridopt.solver.forecast;

/**
 * What cleaning did to a history: readings sharing one wall-clock label merged into their mean
 * (counted as the number of extra readings), missing steps filled by linear interpolation, and
 * readings rejected as impossible (then filled like missing ones).
 */
public record DataQuality(int duplicatesAveraged, int gapsFilled, int valuesRejected) {
}
