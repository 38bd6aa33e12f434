package io.gridopt.bench;

import io.gridopt.domain.RequestType;
import io.gridopt.embedding.Embedder;
import io.gridopt.embedding.EmbeddingSettings;
import io.gridopt.engine.QnnEngine;
import io.gridopt.observability.Observability;
import io.gridopt.persistence.DbConnect;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.testsupport.PrivateDatabase;
import io.gridopt.testsupport.Stack;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load test of the whole service on 127.0.0.1, bounded in time: starts the service (metrics on, as
 * Main runs it) on a database of its own, drives it with {@code load.connections} (64) concurrent
 * connections for {@code load.seconds} (60) over a mix of the three POST endpoints (valid requests of each
 * endpoint) and the read endpoints, reports throughput, p50/p99 latency and errors per endpoint,
 * then checks that every run the API reported is in the database. Alongside: the ceiling of the
 * machine, i.e. the engine's solve rate alone (no HTTP, bus or database) and the rate of the same
 * inserts (run + 1536-d embedding + metrics in one transaction) done directly with pgbench.
 *
 * <pre>mvn -B -q test-compile exec:java -Dexec.mainClass=io.gridopt.bench.LoadBench [-Dload.seconds=60]</pre>
 */
public final class LoadBench {
  private static final int SECONDS = Integer.getInteger("load.seconds", 60);
  private static final int CONNECTIONS = Integer.getInteger("load.connections", 64);
  private static final int CEILING_SECONDS = Integer.getInteger("load.ceiling.seconds", 15);
  /** Distinct problems of each kind the engine-alone ceiling cycles through. */
  private static final int ENGINE_PROBLEMS_PER_KIND = 200;

  private LoadBench() {
  }

  /**
   * One kind of request of the mix, with its share and its recorded latencies. A POST's body is made per
   * request from the connection's random numbers ({@code body}), so that every run is a distinct problem
   * with its own summary and vector, as in real use; null for a GET.
   */
  private record Kind(String name, HttpMethod method, String path, Function<Random, Buffer> body, int weight,
                      boolean writes, List<Long> latenciesNs, Map<Integer, AtomicLong> statuses) {
    Kind(String name, HttpMethod method, String path, Function<Random, Buffer> body, int weight, boolean writes) {
      this(name, method, path, body, weight, writes, java.util.Collections.synchronizedList(new ArrayList<>()),
          new ConcurrentHashMap<>());
    }
  }

  /** What one load phase measured: POSTs per second and their latency, all requests per second. */
  private record Phase(String embedder, double postsPerSecond, double postP50Ms, double postP99Ms, double allPerSecond,
                       long missing, double pgbenchTps, List<String> summaries) {
  }

  public static void main(String[] args) throws Exception {
    List<String> embedders = List.of(System.getProperty("load.embedders", "minilm,hashing").split(","));
    System.out.println("LoadBench: " + EnvironmentBench.describe() + ", " + CONNECTIONS + " connections, " + SECONDS
        + " s per embedder " + embedders);
    Vertx load = Vertx.vertx();
    List<Phase> phases = new ArrayList<>();
    try {
      for (int i = 0; i < embedders.size(); i++) {
        String dbUrl = PrivateDatabase.create(load);
        Vertx server = Vertx.vertx(Observability.vertxOptions());
        try {
          // the insert ceiling once, on the last phase's database (the schema is the service's own)
          phases.add(run(server, load, dbUrl, embedders.get(i).trim(), i == embedders.size() - 1));
        } finally {
          server.close().await();
          PrivateDatabase.drop(load, dbUrl);
        }
      }
    } finally {
      load.close().await();
    }
    ceilings(phases);
  }

  /** The machine's ceilings measured alone, and the service's POST rate against them. */
  private static void ceilings(List<Phase> phases) throws Exception {
    double solveRate = engineRate(ProblemTypes.standard());
    double insertRate = phases.get(phases.size() - 1).pgbenchTps();
    List<String> summaries = phases.stream().flatMap(p -> p.summaries().stream()).distinct().toList();
    System.out.printf("%nceilings (each alone, %d s): engine solves %.1f /s; pgbench run+embedding+metrics inserts "
        + "%.1f tx/s%n", CEILING_SECONDS, solveRate, insertRate);
    for (String name : List.of("minilm", "hashing")) {
      Embedder embedder = EmbeddingSettings.fromConfig(new JsonObject().put(EmbeddingSettings.PROVIDER, name))
          .createLocal();
      System.out.printf("embedder %s alone, the service's summaries in batches of %d: %.1f summaries/s%n",
          embedder.model(), 32, embedderRate(embedder, summaries));
    }
    System.out.printf("%n%-8s %10s %10s %10s%n", "embedder", "POST/s", "p50 ms", "p99 ms");
    for (Phase p : phases) {
      System.out.printf("%-8s %10.1f %10.1f %10.1f  (all requests %.1f /s, runs missing in the database: %d)%n",
          p.embedder(), p.postsPerSecond(), p.postP50Ms(), p.postP99Ms(), p.allPerSecond(), p.missing());
    }
    Phase minilm = phases.stream().filter(p -> p.embedder().equals("minilm")).findFirst().orElse(null);
    Phase hashing = phases.stream().filter(p -> p.embedder().equals("hashing")).findFirst().orElse(null);
    if (minilm != null && hashing != null) {
      System.out.printf("MiniLM POST/s / hashing POST/s = %.2f (target >= 0.70)%n",
          minilm.postsPerSecond() / hashing.postsPerSecond());
    }
    if (hashing != null) {
      double floor = Math.min(solveRate, insertRate);
      System.out.printf("hashing POST/s / min(engine alone, insert ceiling) = %.1f / %.1f = %.2f (target >= 0.70)%n",
          hashing.postsPerSecond(), floor, hashing.postsPerSecond() / floor);
    }
  }

  /** Summaries per second of {@code embedder} alone on one thread, batch after batch, as the service feeds it. */
  private static double embedderRate(Embedder embedder, List<String> summaries) {
    if (summaries.isEmpty()) {
      return Double.NaN;
    }
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(CEILING_SECONDS);
    long t0 = System.nanoTime();
    long embedded = 0;
    for (int i = 0; System.nanoTime() < end; i += 32) {
      List<String> batch = new ArrayList<>();
      for (int j = 0; j < 32; j++) {
        batch.add(summaries.get((i + j) % summaries.size()));
      }
      embedded += embedder.embedAll(batch).size();
    }
    return embedded / ((System.nanoTime() - t0) / 1e9);
  }

  private static Phase run(Vertx server, Vertx load, String dbUrl, String embedder, boolean insertCeiling)
      throws Exception {
    ProblemTypes solvers = ProblemTypes.standard();
    List<String> present = Arrays.stream(RequestType.values()).filter(t -> solvers.find(t).isPresent())
        .map(RequestType::wireName).toList();
    System.out.println("\n== embedder " + embedder + "; solvers in this build: " + (present.isEmpty()
        ? "none (POSTs answer 501, run recorded as failed)" : present) + "; load average " + loadAverage());
    Stack stack = new Stack().deploy(server, TestConfig.base().put("GRIDOPT_DB_URL", dbUrl)
        .put("GRIDOPT_DB_POOL_SIZE", 16).put("GRIDOPT_QNN_TIMEOUT_MS", 30_000)
        .put("GRIDOPT_ENGINE_QUEUE_LIMIT", 256).put(EmbeddingSettings.PROVIDER, embedder)).await();
    int port = stack.httpPort();
    WebClient client = WebClient.create(load, new WebClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(CONNECTIONS));

    // a few runs to read back, so that GET /runs/{id} has something to find
    String seedId = seedRun(client, port);
    JsonObject storage = storage();
    JsonObject forecast = forecast();
    JsonObject grid = grid();
    List<Kind> mix = List.of(
        new Kind("POST /storage-optimize", HttpMethod.POST, "/storage-optimize",
            random -> perturbedStorage(storage, random).toBuffer(), 20, true),
        new Kind("POST /forecast", HttpMethod.POST, "/forecast",
            random -> perturbedForecast(forecast, random).toBuffer(), 20, true),
        new Kind("POST /grid-switch-optimize", HttpMethod.POST, "/grid-switch-optimize",
            random -> perturbedGrid(grid, random).toBuffer(), 20, true),
        new Kind("GET /runs?limit=20", HttpMethod.GET, "/runs?limit=20", null, 25, false),
        new Kind("GET /runs/{id}", HttpMethod.GET, "/runs/" + seedId, null, 15, false));
    Set<String> reportedRunIds = ConcurrentHashMap.newKeySet();
    reportedRunIds.add(seedId);
    AtomicLong transportErrors = new AtomicLong();

    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(SECONDS);
    Promise<Void> allDone = Promise.promise();
    AtomicLong running = new AtomicLong(CONNECTIONS);
    for (int c = 0; c < CONNECTIONS; c++) {
      Random random = new Random(c);
      load.runOnContext(v -> loop(client, port, mix, random, deadline, reportedRunIds, transportErrors, running,
          allDone));
    }
    allDone.future().await();
    double elapsed = (System.nanoTime() - started) / 1e9;
    client.close();

    long total = 0;
    long errors = 0;
    System.out.printf("%n%-28s %9s %9s %9s %9s  %s%n", "endpoint", "requests", "req/s", "p50 ms", "p99 ms", "statuses");
    for (Kind kind : mix) {
      long[] ns = kind.latenciesNs().stream().mapToLong(Long::longValue).sorted().toArray();
      total += ns.length;
      Map<Integer, Long> statuses = new TreeMap<>();
      kind.statuses().forEach((s, n) -> statuses.put(s, n.get()));
      errors += statuses.entrySet().stream().filter(e -> !expected(kind, e.getKey())).mapToLong(Map.Entry::getValue).sum();
      System.out.printf("%-28s %9d %9.1f %9.2f %9.2f  %s%n", kind.name(), ns.length, ns.length / elapsed,
          percentile(ns, 50), percentile(ns, 99), statuses);
    }
    long[] all = mix.stream().flatMap(k -> k.latenciesNs().stream()).mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("%-28s %9d %9.1f %9.2f %9.2f  unexpected statuses %d, transport errors %d%n", "all", total,
        total / elapsed, percentile(all, 50), percentile(all, 99), errors, transportErrors.get());

    // every run the API reported (201, or the run_id of a recorded failure) must be in the database
    Pool pool = PgBuilder.pool().connectingTo(DbConnect.options(dbUrl, null)).using(load).build();
    Set<String> stored = new HashSet<>();
    for (Row row : pool.query("select id from optimization_runs").execute().await()) {
      stored.add(row.getUUID("id").toString());
    }
    long embeddings = TestDatabase.count(pool, "select count(*) from optimization_embeddings").await();
    long distinctSummaries = TestDatabase.count(pool, "select count(distinct content) from optimization_embeddings")
        .await();
    RowIterator<Row> models = pool.query("select model from embedding_vectors group by model order by count(*) desc"
        + " limit 1").execute().await().iterator();
    String model = models.hasNext() ? models.next().getString(0) : embedder;
    pool.close().await();
    Set<String> missing = new HashSet<>(reportedRunIds);
    missing.removeAll(stored);
    Set<String> unreported = new HashSet<>(stored);
    unreported.removeAll(reportedRunIds);
    long writes = mix.stream().filter(Kind::writes).mapToLong(k -> k.latenciesNs().size()).sum();
    System.out.printf("%nruns reported by the API: %d, rows in optimization_runs: %d (embeddings %d, distinct "
        + "summaries %d), missing: %d, stored but not reported: %d%n", reportedRunIds.size(), stored.size(), embeddings,
        distinctSummaries, missing.size(), unreported.size());

    long[] posts = mix.stream().filter(Kind::writes).flatMap(k -> k.latenciesNs().stream()).mapToLong(Long::longValue)
        .sorted().toArray();
    List<String> summaries = new ArrayList<>();
    Pool contents = PgBuilder.pool().connectingTo(DbConnect.options(dbUrl, null)).using(load).build();
    for (Row row : contents.query("select distinct content from optimization_embeddings limit 300").execute().await()) {
      summaries.add(row.getString(0));
    }
    contents.close().await();
    double insertRate = insertCeiling ? pgbenchRate(dbUrl, model) : Double.NaN;
    return new Phase(embedder, writes / elapsed, percentile(posts, 50), percentile(posts, 99), total / elapsed,
        missing.size(), insertRate, summaries);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Paths.get("/proc/loadavg")).substring(0, 14).trim();
    } catch (IOException e) {
      return "n/a";
    }
  }

  private static boolean expected(Kind kind, int status) {
    if (!kind.writes()) {
      return status == 200;
    }
    // 501 while a solver is missing, 422 for an infeasible case: both are recorded runs, not errors
    return status == 201 || status == 422 || status == 501;
  }

  private static void loop(WebClient client, int port, List<Kind> mix, Random random, long deadline,
                           Set<String> runIds, AtomicLong transportErrors, AtomicLong running, Promise<Void> done) {
    if (System.nanoTime() >= deadline) {
      if (running.decrementAndGet() == 0) {
        done.complete();
      }
      return;
    }
    Kind kind = pick(mix, random);
    long t0 = System.nanoTime();
    Future<HttpResponse<Buffer>> call = kind.method() == HttpMethod.POST
        ? client.post(port, "127.0.0.1", kind.path()).putHeader("content-type", "application/json")
            .sendBuffer(kind.body().apply(random))
        : client.get(port, "127.0.0.1", kind.path()).send();
    call.onComplete(ar -> {
      kind.latenciesNs().add(System.nanoTime() - t0);
      if (ar.failed()) {
        transportErrors.incrementAndGet();
      } else {
        HttpResponse<Buffer> r = ar.result();
        kind.statuses().computeIfAbsent(r.statusCode(), s -> new AtomicLong()).incrementAndGet();
        if (kind.writes()) {
          JsonObject body = r.bodyAsJsonObject();
          String id = r.statusCode() == 201 ? body.getString("run_id")
              : body.getJsonObject("error") == null ? null : body.getJsonObject("error").getString("run_id");
          if (id != null) {
            runIds.add(id);
          }
        }
      }
      loop(client, port, mix, random, deadline, runIds, transportErrors, running, done);
    });
  }

  private static Kind pick(List<Kind> mix, Random random) {
    int total = mix.stream().mapToInt(Kind::weight).sum();
    int r = random.nextInt(total);
    for (Kind kind : mix) {
      r -= kind.weight();
      if (r < 0) {
        return kind;
      }
    }
    return mix.get(0);
  }

  private static String seedRun(WebClient client, int port) {
    HttpResponse<Buffer> r = client.post(port, "127.0.0.1", "/storage-optimize").sendJsonObject(storage()).await();
    JsonObject body = r.bodyAsJsonObject();
    return r.statusCode() == 201 ? body.getString("run_id") : body.getJsonObject("error").getString("run_id");
  }

  private static double percentile(long[] sortedNs, double p) {
    if (sortedNs.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sortedNs.length) - 1;
    return sortedNs[Math.max(0, Math.min(sortedNs.length - 1, index))] / 1e6;
  }

  /**
   * Solves per second of the embedded engine alone over the POST mix, on as many threads as cores: the same
   * distinct problems the service gets (each base request perturbed as a connection perturbs it), drawn
   * before the clock starts so that only solving is timed.
   */
  private static double engineRate(ProblemTypes solvers) throws InterruptedException {
    JsonObject storage = storage();
    JsonObject forecast = forecast();
    JsonObject grid = grid();
    Map<String, Function<Random, JsonObject>> kinds = new TreeMap<>(Map.of(
        "storage", random -> perturbedStorage(storage, random),
        "forecast", random -> perturbedForecast(forecast, random),
        "grid_switch", random -> perturbedGrid(grid, random)));
    List<JsonObject> requests = new ArrayList<>();
    Random random = new Random(11);
    for (int i = 0; i < ENGINE_PROBLEMS_PER_KIND; i++) {
      kinds.forEach((task, body) -> {
        if (solvers.find(RequestType.fromWire(task).orElseThrow()).isPresent()) {
          requests.add(new JsonObject().put("task", task).put("input", body.apply(random)));
        }
      });
    }
    if (requests.isEmpty()) {
      return Double.NaN;
    }
    QnnEngine engine = new QnnEngine(solvers, "bench", "bench");
    int threads = Runtime.getRuntime().availableProcessors();
    AtomicLong solved = new AtomicLong();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(CEILING_SECONDS);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long t0 = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      pool.submit(() -> {
        for (int i = offset; System.nanoTime() < end; i++) {
          try {
            engine.predict(requests.get(i % requests.size()));
          } catch (RuntimeException e) {
            // an infeasible case still costs a solve
          }
          solved.incrementAndGet();
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(CEILING_SECONDS + 120L, TimeUnit.SECONDS);
    return solved.get() / ((System.nanoTime() - t0) / 1e9);
  }

  /**
   * pgbench -f with the service's own write, one statement as the service sends it: run row (the storage
   * request as input), embedding, metrics, each
   * transaction with its own summary and vector (four components drawn per transaction) in the phase's
   * {@code model}, so that each adds a row to that model's HNSW index as a distinct run does.
   */
  private static double pgbenchRate(String dbUrl, String model) throws IOException, InterruptedException {
    Path script = Files.createTempFile("gridopt-pgbench-", ".sql");
    StringBuilder vector = new StringBuilder("[");
    Random random = new Random(1);
    for (int i = 0; i < 4; i++) {
      vector.append(i == 0 ? "" : ",").append("0.0:x").append(i);
    }
    for (int i = 4; i < 1536; i++) {
      vector.append(",").append(String.format(Locale.ROOT, "%.6f", random.nextGaussian() / 40));
    }
    vector.append(']');
    String input = storage().encode().replace("'", "''");
    Files.writeString(script, String.join("\n",
        "\\set x0 random(100000, 999999)", "\\set x1 random(100000, 999999)", "\\set x2 random(100000, 999999)",
        "\\set x3 random(100000, 999999)",
        "WITH r AS (INSERT INTO optimization_runs (request_type, region, forecast_date, input_payload, status, error, "
            + "qnn_model_id, qnn_mode) VALUES ('storage', 'PGBENCH', '2024-07-01', '" + input + "'::jsonb, 'failed', "
            + "'501 not_implemented', 'gridopt-qnn-embedded-v1', 'embedded') RETURNING id), "
            + "e AS (INSERT INTO optimization_embeddings (optimization_run_id, embedding, model, content) "
            + "SELECT id, '" + vector + "'::vector, '" + model.replace("'", "''") + "', 'storage run :x0 :x1 :x2 :x3 in "
            + "PGBENCH' FROM r) "
            + "INSERT INTO qnn_execution_metrics (optimization_run_id, device_used, execution_time_ms, solver, node_id) "
            + "SELECT id, 'cpu', 1.0, 'bench', 'bench' FROM r;", ""), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("postgresql://([^@]+)@([^:/]+):(\\d+)/([^?]+)").matcher(dbUrl);
    if (!m.find()) {
      throw new IllegalArgumentException("cannot read " + dbUrl);
    }
    List<String> command = List.of(pgbench(), "-n", "-f", script.toString(), "-c", "8", "-j", "2", "-T",
        String.valueOf(CEILING_SECONDS), "-h", m.group(2), "-p", m.group(3), "-U", m.group(1), m.group(4));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    Files.deleteIfExists(script);
    Matcher tps = Pattern.compile("tps = ([0-9.]+)").matcher(output);
    if (!tps.find()) {
      throw new IllegalStateException("pgbench failed: " + output);
    }
    return Double.parseDouble(tps.group(1));
  }

  private static String pgbench() {
    for (String candidate : List.of("/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench")) {
      if (Files.isExecutable(Paths.get(candidate))) {
        return candidate;
      }
    }
    return "pgbench";
  }

  // ---- valid requests of each endpoint ----

  /** The storage request with each step's load and import price moved by up to +-10 %. */
  static JsonObject perturbedStorage(JsonObject base, Random random) {
    return base.copy().put("load_kw", scaled(base.getJsonArray("load_kw"), random, 0.10))
        .put("import_price", scaled(base.getJsonArray("import_price"), random, 0.10));
  }

  /** The forecast request with each hour of history moved by up to +-3 %. */
  static JsonObject perturbedForecast(JsonObject base, Random random) {
    JsonObject history = base.getJsonObject("history");
    return base.copy().put("history", history.copy().put("values", scaled(history.getJsonArray("values"), random,
        0.03)));
  }

  /** The grid request with each bus's load (Pd, Qd of mpc.bus, or p_kw, q_kvar) moved by up to +-10 %. */
  static JsonObject perturbedGrid(JsonObject base, Random random) {
    String matpower = base.getString("matpower");
    if (matpower == null) {
      JsonObject network = base.getJsonObject("network").copy();
      JsonArray buses = new JsonArray();
      for (int i = 0; i < network.getJsonArray("buses").size(); i++) {
        JsonObject bus = network.getJsonArray("buses").getJsonObject(i).copy();
        bus.put("p_kw", round(bus.getDouble("p_kw") * factor(random, 0.10), 10))
            .put("q_kvar", round(bus.getDouble("q_kvar") * factor(random, 0.10), 10));
        buses.add(bus);
      }
      return base.copy().put("network", network.put("buses", buses));
    }
    StringBuilder out = new StringBuilder(matpower.length() + 256);
    boolean inBusMatrix = false;
    for (String line : matpower.split("\n", -1)) {
      if (line.startsWith("mpc.bus = [")) {
        inBusMatrix = true;
      } else if (inBusMatrix && line.contains("];")) {
        inBusMatrix = false;
      } else if (inBusMatrix) {
        // "\tbus_i\ttype\tPd\tQd\t...": fields 3 and 4 after the leading tab
        String[] fields = line.split("\t", -1);
        if (fields.length > 4 && !fields[3].isEmpty()) {
          fields[3] = String.valueOf(round(Double.parseDouble(fields[3]) * factor(random, 0.10), 10));
          fields[4] = String.valueOf(round(Double.parseDouble(fields[4]) * factor(random, 0.10), 10));
          line = String.join("\t", fields);
        }
      }
      out.append(line).append('\n');
    }
    out.setLength(out.length() - 1);
    return base.copy().put("matpower", out.toString());
  }

  private static JsonArray scaled(JsonArray values, Random random, double spread) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < values.size(); i++) {
      out.add(round(values.getDouble(i) * factor(random, spread), 10_000));
    }
    return out;
  }

  private static double factor(Random random, double spread) {
    return 1 + spread * (2 * random.nextDouble() - 1);
  }

  private static double round(double value, double per) {
    return Math.round(value * per) / per;
  }

  /** A day of hourly steps: a 100 kWh battery, PV at noon, a dear evening peak. */
  static JsonObject storage() {
    JsonArray load = new JsonArray();
    JsonArray pv = new JsonArray();
    JsonArray price = new JsonArray();
    JsonArray exportPrice = new JsonArray();
    for (int h = 0; h < 24; h++) {
      exportPrice.add(0.05);
      load.add(60 + 20 * Math.sin(2 * Math.PI * (h - 8) / 24.0));
      pv.add(Math.max(0, 50 * Math.sin(Math.PI * (h - 6) / 12.0)));
      price.add(h >= 17 && h < 21 ? 0.35 : h < 6 ? 0.08 : 0.18);
    }
    return new JsonObject().put("region", "DAYTON").put("start", "2024-07-01T00:00:00Z").put("dt_hours", 1)
        .put("load_kw", load).put("pv_kw", pv).put("import_price", price).put("export_price", exportPrice)
        .put("battery", new JsonObject().put("capacity_kwh", 100).put("max_charge_kw", 50).put("max_discharge_kw", 50)
            .put("charge_efficiency", 0.95).put("discharge_efficiency", 0.95).put("initial_soc_kwh", 50));
  }

  /** 28 days of hourly load with a daily and a weekly shape. */
  static JsonObject forecast() {
    JsonArray values = new JsonArray();
    Random random = new Random(7);
    for (int h = 0; h < 28 * 24; h++) {
      double daily = 300 * Math.sin(2 * Math.PI * ((h % 24) - 7) / 24.0);
      double weekend = (h / 24) % 7 >= 5 ? -250 : 0;
      values.add(Math.round((1800 + daily + weekend + random.nextGaussian() * 40) * 10) / 10.0);
    }
    return new JsonObject().put("region", "DAYTON").put("horizon_hours", 24).put("history", new JsonObject()
        .put("start", "2024-06-01T00:00:00Z").put("interval_minutes", 60).put("values", values));
  }

  /** The IEEE 33-bus feeder as MATPOWER text when ../shared/data has it, else a small meshed feeder. */
  static JsonObject grid() {
    Path case33 = Paths.get(System.getProperty("gridopt.data", System.getenv().getOrDefault("GRIDOPT_DATA",
        "../shared/data")), "grids", "case33bw.m");
    if (Files.isReadable(case33)) {
      try {
        return new JsonObject().put("region", "DAYTON").put("matpower", Files.readString(case33));
      } catch (IOException e) {
        // fall through to the small feeder
      }
    }
    JsonArray buses = new JsonArray();
    JsonArray branches = new JsonArray();
    for (int b = 1; b <= 6; b++) {
      buses.add(new JsonObject().put("id", String.valueOf(b)).put("p_kw", b == 1 ? 0 : 100 + 10 * b)
          .put("q_kvar", b == 1 ? 0 : 50));
    }
    int[][] lines = {{1, 2}, {2, 3}, {3, 4}, {4, 5}, {5, 6}, {1, 6}, {2, 5}};
    for (int i = 0; i < lines.length; i++) {
      branches.add(new JsonObject().put("id", String.valueOf(i + 1)).put("from", String.valueOf(lines[i][0]))
          .put("to", String.valueOf(lines[i][1])).put("r_ohm", 0.3 + 0.05 * i).put("x_ohm", 0.2 + 0.03 * i)
          .put("closed", i < 5));
    }
    return new JsonObject().put("region", "DAYTON").put("network", new JsonObject().put("base_kv", 12.66)
        .put("slack_bus", "1").put("buses", buses).put("branches", branches));
  }
}
