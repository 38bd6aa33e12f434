package io.gridopt.embedding;

import io.gridopt.bus.Addresses;
import io.gridopt.config.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
  /** Summarises and embeds one stored run; yields {model, content, vector}. */
  private final Function<JsonObject, Future<JsonObject>> embedRun;
  private boolean running;

  Reembedder(Vertx vertx, String model, Function<JsonObject, Future<JsonObject>> embedRun) {
    this.vertx = vertx;
    this.model = model;
    this.embedRun = embedRun;
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
            new JsonObject().put("model", model).put("limit", batchSize), new DeliveryOptions().setSendTimeout(Timeouts.REEMBED_BATCH_LIST_MS))
        .compose(reply -> {
          JsonArray runs = reply.body().getJsonArray("runs");
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

  private Future<Integer> batch(JsonArray runs) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (int i = 0; i < runs.size(); i++) {
      JsonObject run = runs.getJsonObject(i);
      chain = chain.compose(done -> embedRun.apply(run)
          .compose(embedding -> vertx.eventBus().request(Addresses.PERSISTENCE_EMBEDDING_REPLACE,
              new JsonObject().put("id", run.getString("run_id")).put("embedding", embedding)))
          .map(replaced -> done + 1)
          .otherwise(failure -> {
            LOG.warn("run {} not re-embedded: {}", run.getString("run_id"), failure.getMessage());
            return done;
          }));
    }
    return chain;
  }
}
