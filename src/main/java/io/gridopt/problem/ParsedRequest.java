package io.gridopt.problem;

import java.time.LocalDate;

/** A validated request: the run's region and forecast date, and the solver's problem. */
public record ParsedRequest<P>(String region, LocalDate forecastDate, P problem) {
}
