package io.gridopt.testsupport;

import io.gridopt.domain.RequestType;
import io.gridopt.problem.ParsedRequest;
import io.gridopt.problem.ProblemType;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.problem.RequestReader;
import io.gridopt.problem.SolveOutcome;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A storage "solver" for reliability tests whose duration the test controls: each solve waits until
 * the test opens the gate, then prices the load without a battery (cost = sum of load x price x dt).
 * It lets a test fill the solver pool deterministically, without sleeping and guessing.
 */
public final class GatedStorageProblem implements ProblemType<GatedStorageProblem.Site> {
  /** The problem: load and price per step, step length. */
  public record Site(double[] loadKw, double[] importPrice, double dtHours) {
  }

  private final Semaphore gate = new Semaphore(0);
  private final AtomicInteger waiting = new AtomicInteger();

  public ProblemTypes registry() {
    return new ProblemTypes(List.of(this));
  }

  /** Lets {@code n} solves finish. */
  public void release(int n) {
    gate.release(n);
  }

  /** Lets every present and future solve finish. */
  public void open() {
    gate.release(1_000_000);
  }

  /** How many solves are holding a solver thread at the gate. */
  public int waiting() {
    return waiting.get();
  }

  @Override
  public RequestType requestType() {
    return RequestType.STORAGE;
  }

  @Override
  public ParsedRequest<Site> parse(JsonObject body) {
    RequestReader reader = new RequestReader(body);
    String region = reader.requiredString("region");
    double[] load = reader.numbers("load_kw", true, 1, 35_040, false);
    double[] price = reader.numbers("import_price", true, 1, 35_040, false);
    double dt = reader.number("dt_hours", 1.0);
    reader.check(load == null || price == null || load.length == price.length, "import_price",
        "must have as many values as load_kw");
    reader.throwIfInvalid();
    return new ParsedRequest<>(region, java.time.LocalDate.of(2024, 7, 1), new Site(load, price, dt));
  }

  @Override
  public SolveOutcome solve(Site site) {
    waiting.incrementAndGet();
    try {
      if (!gate.tryAcquire(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      waiting.decrementAndGet();
    }
    double cost = 0;
    for (int t = 0; t < site.loadKw().length; t++) {
      cost += site.loadKw()[t] * site.importPrice()[t] * site.dtHours();
    }
    return new SolveOutcome(new JsonObject().put("status", "optimal").put("total_cost", cost), "gated-baseline", 1);
  }

  @Override
  public double[] pastLoadsKw(Site site) {
    return site.loadKw();
  }

  @Override
  public String qnnGoal(Site site) {
    return "StorageSchedule";
  }
}
