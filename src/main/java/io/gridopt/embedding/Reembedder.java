package io.gridopt.embedding;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.Embedding;
import io.gridopt.bus.EmbeddingReplace;
import io.gridopt.bus.PendingEmbeddings;
import io.gridopt.bus.RunToEmbed;
import io.gridopt.config.Timeouts;
import io.gridopt.domain.ValidationException;
import io.gridopt.problem.ParsedRequest;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.problem.RequestFacts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-embeds stored runs with the current model, batch by batch, through the persistence role. It is
 * resumable by construction: each batch asks for runs that have no embedding of the current model
 * yet, so a pass that was stopped continues where it was. The embedder works off the event loop; the
 * event loop only chains the batches, so the service keeps serving meanwhile.
 */
final class Reembedder {
  private static final Logger LOG = LoggerFactory.getLogger(Reembedder.class);

  private final Vertx vertx;
  private final String model;
  private final ProblemTypes problems;
  /** Embeds one text with the current model. */
  private final Function<String, Future<Embedding>> embedText;
  private final Timeouts timeouts;
  private boolean running;

  Reembedder(Vertx vertx, String model, ProblemTypes problems, Function<String, Future<Embedding>> embedText,
      Timeouts timeouts) {
    this.vertx = vertx;
    this.model = model;
    this.problems = problems;
    this.embedText = embedText;
    this.timeouts = timeouts;
  }

  boolean running() {
    return running;
  }

  /** Runs one pass to the end; the future holds the number of runs re-embedded. */
  Future<Integer> pass(int batchSize) {
    running = true;
    return batches(batchSize, 0).eventually(() -> {
      running = false;
      return Future.succeededFuture();
    });
  }

  private Future<Integer> batches(int batchSize, int doneSoFar) {
    return vertx.eventBus().<JsonObject>request(Addresses.PERSISTENCE_EMBEDDING_PENDING,
            new PendingEmbeddings(model, batchSize).toJson(),
            new DeliveryOptions().setSendTimeout(Timeouts.REEMBED_BATCH_LIST_MS))
        .compose(reply -> {
          List<RunToEmbed> runs = PendingEmbeddings.Runs.fromJson(reply.body()).runs();
          if (runs.isEmpty()) {
            LOG.info("re-embedding with {} complete: {} runs", model, doneSoFar);
            return Future.succeededFuture(doneSoFar);
          }
          return batch(runs).compose(done -> {
            LOG.info("re-embedded {} runs with {} ({} so far)", done, model, doneSoFar + done);
            // a batch that made no progress would be fetched again forever: stop and report
            return done == 0 ? Future.failedFuture("no run of the batch could be re-embedded")
                : batches(batchSize, doneSoFar + done);
          });
        });
  }

  private Future<Integer> batch(List<RunToEmbed> runs) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (RunToEmbed run : runs) {
      chain = chain.compose(done -> vertx.executeBlocking(() -> summary(run), false)
          .compose(embedText)
          .compose(embedding -> vertx.eventBus().request(Addresses.PERSISTENCE_EMBEDDING_REPLACE,
              new EmbeddingReplace(run.runId(), embedding).toJson(),
              new DeliveryOptions().setSendTimeout(timeouts.persistenceBusMs())))
          .map(replaced -> done + 1)
          .otherwise(failure -> {
            LOG.warn("run {} not re-embedded: {}", run.runId(), failure.getMessage());
            return done;
          }));
    }
    return chain;
  }

  /**
   * The same text a first-time embedding of the run writes: its stored input is read again by its
   * problem type, as the run pipeline read it, under the run's stored region and date (a request
   * without a date was dated when it ran). An input that no longer passes validation (written by an
   * older version) keeps only the facts that need no reading: kind, region, date, outcome, anomalies.
   */
  String summary(RunToEmbed run) {
    ParsedRequest<?> parsed;
    try {
      parsed = problems.parse(run.requestType(), run.input()).as(run.region(), run.forecastDate());
    } catch (ValidationException e) {
      LOG.warn("run {}: stored input no longer parses ({}); summarised without its input facts", run.runId(),
          e.getMessage());
      parsed = new ParsedRequest<>(run.region(), run.forecastDate(), null, RequestFacts.NONE);
    }
    return problems.summary(run.requestType(), parsed, run.input(), run.status(), run.error(), run.result(),
        run.anomalies());
  }
}
