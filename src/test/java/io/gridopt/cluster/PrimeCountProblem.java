package io.gridopt.cluster;

import io.gridopt.domain.RequestType;
import io.gridopt.problem.ParsedRequest;
import io.gridopt.problem.ProblemType;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.problem.RequestReader;
import io.gridopt.problem.SolveOutcome;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;

/**
 * Test-only engine workload, independent of the real solvers: counts the primes below {@code below}
 * with a sieve of Eratosthenes. Deterministic, CPU-bound (tens of milliseconds at ten million) and
 * checkable against published values of pi(n). It stands in for the forecast request type, so it is
 * posted to {@code /forecast}.
 */
public final class PrimeCountProblem implements ProblemType<PrimeCountProblem.Problem> {
  public static final int MAX_BELOW = 100_000_000;
  private static final int HISTORY_HOURS = 48;

  public record Problem(int below) {
  }

  /** The problem types of a test cluster: this one alone. */
  public static ProblemTypes types() {
    return new ProblemTypes(List.of(new PrimeCountProblem()));
  }

  /**
   * A request body for {@code /forecast} that passes the API contract (two days of hourly history);
   * the number to count primes below travels as the history's values.
   */
  public static JsonObject request(String region, int below) {
    JsonArray values = new JsonArray();
    for (int h = 0; h < HISTORY_HOURS; h++) {
      values.add(below);
    }
    return new JsonObject().put("region", region).put("history", new JsonObject()
        .put("start", "2024-06-29T00:00:00Z").put("interval_minutes", 60).put("values", values));
  }

  @Override
  public RequestType requestType() {
    return RequestType.FORECAST;
  }

  @Override
  public ParsedRequest<Problem> parse(JsonObject body) {
    RequestReader reader = new RequestReader(body);
    String region = reader.requiredString("region");
    RequestReader history = reader.object("history", true);
    double[] values = history == null ? null : history.numbers("values", true, HISTORY_HOURS, HISTORY_HOURS, false);
    reader.throwIfInvalid();
    int below = (int) values[0];
    reader.check(below >= 2 && below <= MAX_BELOW && below == values[0], "history.values",
        "must hold an integer between 2 and " + MAX_BELOW);
    reader.throwIfInvalid();
    // the forecast date of a two-day history starting 2024-06-29: the day after it
    return new ParsedRequest<>(region, LocalDate.of(2024, 7, 1), new Problem(below));
  }

  @Override
  public SolveOutcome solve(Problem problem) {
    int n = problem.below();
    boolean[] composite = new boolean[n];
    int count = 0;
    long sievingPrimes = 0;
    for (int i = 2; i < n; i++) {
      if (composite[i]) {
        continue;
      }
      count++;
      if ((long) i * i < n) {
        sievingPrimes++;
        for (int j = i * i; j < n; j += i) {
          composite[j] = true;
        }
      }
    }
    return new SolveOutcome(new JsonObject().put("below", n).put("prime_count", count),
        "sieve-of-eratosthenes", sievingPrimes);
  }

  @Override
  public double[] pastLoadsKw(Problem problem) {
    return new double[0];
  }

  @Override
  public String qnnGoal(Problem problem) {
    return "CountPrimesBelow" + problem.below();
  }
}
