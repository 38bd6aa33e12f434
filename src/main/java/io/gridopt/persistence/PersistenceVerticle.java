package io.gridopt.persistence;

import io.gridopt.bus.Addresses;
import io.gridopt.bus.AnomalyFilter;
import io.gridopt.bus.AnomalyPage;
import io.gridopt.bus.AnomalyView;
import io.gridopt.bus.Consumers;
import io.gridopt.bus.EmbeddingReplace;
import io.gridopt.bus.NewRun;
import io.gridopt.bus.NearestRuns;
import io.gridopt.bus.PendingEmbeddings;
import io.gridopt.bus.Ping;
import io.gridopt.bus.RunFilter;
import io.gridopt.bus.RunId;
import io.gridopt.bus.RunPage;
import io.gridopt.bus.RunView;
import io.gridopt.bus.SearchQuery;
import io.gridopt.bus.SimilarQuery;
import io.gridopt.config.AppConfig;
import io.gridopt.config.Timeouts;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Owns the PostgreSQL pool: applies the schema at start, then serves run writes and reads on the bus. */
public class PersistenceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PersistenceVerticle.class);

  private Pool pool;
  private RecallCheck recallCheck;

  @Override
  public Future<?> start() {
    AppConfig cfg = AppConfig.fromJson(config());
    SearchSettings searchSettings = SearchSettings.fromConfig(config());
    String url = cfg.dbUrl().value();
    SchemaStep schema = new SchemaStep(vertx, DbConnect.options(url, cfg.dbSslCaPath()), DbConnect.describe(url),
        Timeouts.dbSchemaMs(config()));
    // nothing uses the pool before the schema is applied, so a failed start closes it with no one waiting on it
    pool = pool(cfg, cfg.dbPoolSize(), "gridopt-pg");
    RunRepository repository = new RunRepository(pool);
    ModelIndexes indexes = new ModelIndexes(pool);
    VectorSearch search = new VectorSearch(pool, searchSettings, indexes);
    AnomalyRepository anomalies = new AnomalyRepository(pool);
    return vertx.executeBlocking(PersistenceVerticle::readSchema)
        .compose(schema::apply)
        .recover(failure -> {
          Throwable cause = DbFailures.atStart(failure, url);
          // said at once: the failed deployment itself may end only once pending connection attempts are over
          LOG.error("persistence cannot start: {}", cause.getMessage());
          return Future.failedFuture(cause);
        })
        .onSuccess(v -> {
          LOG.info("database {} ready, schema applied", DbConnect.describe(url));
          // in the background: a migrated database's first build takes a while; searches rank exactly meanwhile
          indexes.ensureAll();
          recallCheck = new RecallCheck(vertx, pool(cfg, 1, "gridopt-pg-recall"), searchSettings, indexes);
          recallCheck.start();
        })
        .compose(v -> Future.all(List.of(
            consume(Addresses.PERSISTENCE_RUN_SAVE, body -> repository.save(NewRun.fromJson(body))
                .map(RunView::toJson)),
            consume(Addresses.PERSISTENCE_RUN_GET, body -> repository.get(RunId.fromJson(body).id())
                .map(RunView::toJson)),
            consume(Addresses.PERSISTENCE_RUN_LIST, body -> repository.list(RunFilter.fromJson(body))
                .map(RunPage::toJson)),
            consume(Addresses.PERSISTENCE_RUN_SIMILAR, body -> search.similar(SimilarQuery.fromJson(body))
                .map(NearestRuns::toJson)),
            consume(Addresses.PERSISTENCE_RUN_SEARCH, body -> {
              SearchQuery query = SearchQuery.fromJson(body);
              return search.search(RunRepository.vectorLiteral(query.vector()), query.model(), query.k(),
                  query.requestType(), query.region()).map(NearestRuns::toJson);
            }),
            consume(Addresses.PERSISTENCE_EMBEDDING_PENDING, body -> repository.pendingEmbeddings(
                PendingEmbeddings.fromJson(body)).map(PendingEmbeddings.Runs::toJson)),
            consume(Addresses.PERSISTENCE_EMBEDDING_REPLACE, body -> repository.replaceEmbedding(
                EmbeddingReplace.fromJson(body)).map(done -> new JsonObject())),
            consume(Addresses.PERSISTENCE_ANOMALY_LIST, body -> anomalies.list(AnomalyFilter.fromJson(body))
                .map(AnomalyPage::toJson)),
            consume(Addresses.PERSISTENCE_ANOMALY_GET, body -> anomalies.get(RunId.fromJson(body).id())
                .map(AnomalyView::toJson)),
            consume(Addresses.PERSISTENCE_ANOMALY_RESOLVE, body -> anomalies.resolve(RunId.fromJson(body).id())
                .map(AnomalyView::toJson)),
            // the ping's own deadline: a pool waiting for a dead database must not outlast the probe
            consume(Addresses.PERSISTENCE_PING, body -> repository.ping()
                .timeout(Timeouts.PING_MS, TimeUnit.MILLISECONDS)
                .map(ok -> Ping.Up.database().toJson())))));
  }

  private Pool pool(AppConfig cfg, int size, String name) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setShared(true).setName(name)
            .setConnectionTimeout((int) (Timeouts.DB_POOL_WAIT_MS / 1000)).setMaxWaitQueueSize(1000))
        .with(DbConnect.tcp())
        .connectingTo(DbConnect.options(cfg.dbUrl().value(), cfg.dbSslCaPath()))
        .using(vertx)
        .build();
  }

  private Future<Void> consume(String address, Function<JsonObject, Future<JsonObject>> handler) {
    return vertx.eventBus().<JsonObject>consumer(address,
        Consumers.replying(msg -> DbFailures.guard(handler.apply(msg.body())))).completion();
  }

  @Override
  public Future<?> stop() {
    Future<Void> check = recallCheck == null ? Future.succeededFuture() : recallCheck.stop();
    return check.eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  static String readSchema() {
    try (InputStream in = PersistenceVerticle.class.getResourceAsStream("/schema.sql")) {
      if (in == null) {
        throw new IllegalStateException("schema.sql is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
