package io.gridopt.cluster;

import io.gridopt.domain.RequestType;
import io.gridopt.problem.ParsedRequest;
import io.gridopt.problem.ProblemType;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.problem.SolveOutcome;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * An engine node in its own JVM whose solves never finish, so that a test can kill the process
 * (SIGKILL) while it holds a request. Prints {@code READY} once its engine is deployed and
 * {@code SOLVING} when it has taken a request. Argument: the node's configuration as JSON.
 */
public final class StallingEngineNode {
  private StallingEngineNode() {
  }

  public static void main(String[] args) {
    ClusterNodes nodes = new ClusterNodes(new ProblemTypes(List.of(new Stalling())));
    nodes.start(new JsonObject(args[0]));
    System.out.println("READY");
    System.out.flush();
  }

  /** Parses like {@link PrimeCountProblem}, then holds the worker thread until the process dies. */
  private static final class Stalling implements ProblemType<PrimeCountProblem.Problem> {
    private final PrimeCountProblem parser = new PrimeCountProblem();

    @Override
    public RequestType requestType() {
      return parser.requestType();
    }

    @Override
    public ParsedRequest<PrimeCountProblem.Problem> parse(JsonObject body) {
      return parser.parse(body);
    }

    @Override
    public SolveOutcome solve(PrimeCountProblem.Problem problem) {
      System.out.println("SOLVING");
      System.out.flush();
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
    }

    @Override
    public double[] pastLoadsKw(PrimeCountProblem.Problem problem) {
      return new double[0];
    }

    @Override
    public String qnnGoal(PrimeCountProblem.Problem problem) {
      return parser.qnnGoal(problem);
    }
  }
}
