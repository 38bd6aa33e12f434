package io.gridopt.runs;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Consumers;
import io.gridopt.bus.ErrorBody;
import io.gridopt.bus.RunSubmit;
import io.gridopt.config.AppConfig;
import io.gridopt.config.Timeouts;
import io.gridopt.contract.RequestBodies;
import io.gridopt.problem.ProblemTypes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The runs role: gridopt's entry point for optimization runs on the bus ({@code gridopt.runs.submit}). Any
 * verticle of the cluster submits a run here and gets what the HTTP endpoints give (they submit here too):
 * the stored run, or the endpoint's error with the {@code run_id} of the failed run when one was recorded.
 * Every submission is checked here against its endpoint's body schema ({@link RequestBodies}), so a message
 * on the bus is refused exactly as the same body over HTTP.
 * The work is the {@link RunPipeline}'s; this verticle only adapts it to messages (docs/bus.md).
 */
public class RunsVerticle extends VerticleBase {
  private final ProblemTypes problems;

  public RunsVerticle() {
    this(ProblemTypes.standard());
  }

  /** Runs validated with {@code problems} (tests supply their own). */
  public RunsVerticle(ProblemTypes problems) {
    this.problems = problems;
  }

  @Override
  public Future<?> start() {
    // reading and compiling the contract's schemas takes a moment: never on the event loop
    return vertx.executeBlocking(RequestBodies::load).compose(bodies -> consume(new RunPipeline(vertx, problems, bodies,
        AppConfig.fromJson(config()), Timeouts.fromJson(config()))));
  }

  private Future<?> consume(RunPipeline pipeline) {
    return vertx.eventBus().<JsonObject>consumer(Addresses.RUNS_SUBMIT, Consumers.replying(msg -> {
      RunSubmit submit = RunSubmit.fromJson(msg.body());
      String requestId = msg.headers().get(Consumers.REQUEST_ID_HEADER);
      return pipeline.submit(submit.requestType(), submit.body(),
              requestId == null ? UUID.randomUUID().toString() : requestId)
          .compose(outcome -> {
            if (outcome.error() == null) {
              return Future.succeededFuture(outcome.run().toJson());
            }
            ErrorBody error = outcome.run() == null ? outcome.error() : outcome.error().withRun(outcome.run());
            return Future.failedFuture(new ErrorBody.Failure(error));
          });
    })).completion();
  }
}
