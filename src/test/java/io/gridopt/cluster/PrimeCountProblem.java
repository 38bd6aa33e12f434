package io.gridopt.cluster;

import io.gridopt.domain.RequestType;
import io.gridopt.problem.ParsedRequest;
import io.gridopt.problem.ProblemType;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.problem.RequestReader;
import io.gridopt.problem.SolveOutcome;
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

  public record Problem(int below) {
  }

  /** The problem types of a test cluster: this one alone. */
  public static ProblemTypes types() {
    return new ProblemTypes(List.of(new PrimeCountProblem()));
  }

  /** A request body for {@code /forecast}. */
  public static JsonObject request(String region, int below) {
    return new JsonObject().put("region", region).put("forecast_date", "2024-07-01").put("below", below);
  }

  @Override
  public RequestType requestType() {
    return RequestType.FORECAST;
  }

  @Override
  public ParsedRequest<Problem> parse(JsonObject body) {
    RequestReader reader = new RequestReader(body);
    String region = reader.requiredString("region");
    LocalDate date = reader.date("forecast_date", true);
    Integer below = reader.integer("below", true, 2, MAX_BELOW);
    reader.throwIfInvalid();
    return new ParsedRequest<>(region, date, new Problem(below));
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
