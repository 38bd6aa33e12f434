package io.gridopt.problem;

import java.time.LocalDate;

/**
 * A validated request: the run's region and forecast date, the solver's problem, and the facts of the
 * request its summary states beyond the problem.
 */
public record ParsedRequest<P>(String region, LocalDate forecastDate, P problem, RequestFacts facts) {

  /** A request whose summary needs nothing beyond its problem. */
  public ParsedRequest(String region, LocalDate forecastDate, P problem) {
    this(region, forecastDate, problem, RequestFacts.NONE);
  }

  /** The same problem under a stored run's own region and date (re-embedding a run). */
  public ParsedRequest<P> as(String storedRegion, LocalDate storedDate) {
    return new ParsedRequest<>(storedRegion, storedDate, problem, facts);
  }
}
