package io.gridopt.bench;

import com.sun.management.OperatingSystemMXBean;
import io.gridopt.bus.NearestRuns;
import io.gridopt.domain.RequestType;
import io.gridopt.embedding.MiniLmEmbedder;
import io.gridopt.embedding.RetrievalFixtures;
import io.gridopt.embedding.RetrievalFixtures.LabelledRun;
import io.gridopt.embedding.StoredVector;
import io.gridopt.persistence.DbConnect;
import io.gridopt.persistence.ModelIndexes;
import io.gridopt.persistence.SearchSettings;
import io.gridopt.persistence.VectorSearch;
import io.gridopt.persistence.SearchProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Search latency and recall of GET /runs/search on a database as a busy service fills it (target: p50
 * <= 20 ms and recall of the exact top 10 >= 0.95 at 100,000 runs, for model only, + request_type and
 * + request_type + region). Every search goes through {@link VectorSearch#search}, the code the API
 * runs (scan settings, exact-or-index choice, duplicate grouping, the count of runs not in the model).
 *
 * <p>Data: a few hundred real MiniLM embeddings of summaries (RetrievalFixtures.summarize) (the labelled retrieval
 * runs in variants of region, date and figures). Two models in equal shares ({@value #MODEL} and
 * {@value #OTHER_MODEL}, whose vectors lie in the same region of space: the worst case for the model
 * filter). In each model half of the runs are copies of {@value #REPEATED} requests (a load test
 * repeating them: identical summary and vector), the other half distinct runs, each a base vector plus a
 * small random perturbation with a summary of its own. Vectors are stored as the service stores them
 * (normalised, zero-padded to 1536). Query texts are natural-language questions embedded with MiniLM.
 *
 * <p>Recall: each answer's distinct summaries against the exact top 10 of the same question
 * ({@link VectorSearch#nearest} with {@code forceExact}, every candidate ranked by its true distance).
 *
 * <p>It creates its own database {@value #DATABASE} on the project's server (never gridopt or
 * gridopt_test), applies schema.sql, loads with multi-row inserts (the schema's trigger stores each
 * distinct summary vector once), builds each model's HNSW index as the service does, and drops the
 * database at the end. Run: {@code MAVEN_OPTS=-Xmx1g bin/gridopt bench SearchBench [SIZE...]}
 * (default 100000).
 */
public final class SearchBench {
  private static final String SERVER = System.getenv().getOrDefault("GRIDOPT_BENCH_DB_SERVER",
      "postgresql://gridopt@127.0.0.1:" + System.getenv().getOrDefault("GRIDOPT_LOCAL_DB_PORT", "54329"));
  private static final String DATABASE = "gridopt_bench";
  private static final String MODEL = MiniLmEmbedder.MODEL;
  /** The float32 sibling's name: its vectors would be within cosine 0.99 of the quantized model's. */
  private static final String OTHER_MODEL = "all-minilm-l6-v2";
  private static final int REPEATED = 20;
  private static final int VARIANTS_PER_RUN = 10;
  private static final int K = 10;
  private static final int WARM_UP = 50;
  private static final int RECALL_SAMPLE = 120;
  private static final int FILTER_SAMPLE = 20;
  private static final int BATCH = 500;
  /** Longest JSON array kept in stored payloads: full 8760-step arrays would make a 30 GB table. */
  private static final int MAX_STORED_ARRAY = 48;
  private static final List<String> REGIONS = List.of("Dayton", "DUQ", "Columbus", "Toledo", "Cincinnati",
      "Cleveland", "Akron", "Pittsburgh", "Erie", "Youngstown");

  private static final String INSERT_RUNS = """
      insert into optimization_runs (id, request_type, region, forecast_date, input_payload, result_payload, status, error)
      select u.id, u.t, u.rg, u.d, u.i::jsonb, u.res::jsonb, u.st, u.er
      from unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[])
        as u(id, t, rg, d, i, res, st, er)""";
  private static final String INSERT_EMBEDDINGS = """
      insert into optimization_embeddings (optimization_run_id, embedding, model, content)
      select u.id, u.v::vector, u.m, u.c from unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) as u(id, v, m, c)""";

  /** A real summary and its MiniLM vector; stored runs are perturbed copies of these. */
  private record Base(RequestType type, String region, LocalDate date, String status, String error, String input,
                      String result, String summary, float[] vector) {
  }

  /** A question and its MiniLM vector as a pgvector literal (normalised, padded). */
  private record Query(String text, String requestType, String region, String vector) {
  }

  private enum Filter {
    MODEL_ONLY("model only", q -> null, q -> null),
    TYPE("+ request_type", Query::requestType, q -> null),
    TYPE_REGION("+ type + region", Query::requestType, Query::region);

    final String label;
    final Function<Query, String> type;
    final Function<Query, String> region;

    Filter(String label, Function<Query, String> type, Function<Query, String> region) {
      this.label = label;
      this.type = type;
      this.region = region;
    }
  }

  private record Latency(int rows, String variant, Filter filter, double[] ms, double recall, double minRecall, double meanGap,
                         double maxGap, int shortAnswers, int outOfOrder, int otherModelHits, int exactAnswers) {
  }

  private SearchBench() {
  }

  /** Index build options (null: the product's, as {@link ModelIndexes} builds it) and hnsw.ef_search. */
  private record Variant(String indexOptions, int efSearch, int exactBelow) {
    String label() {
      return (indexOptions == null ? "product" : indexOptions) + ", ef " + efSearch + ", exact<=" + exactBelow;
    }
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizeArgs = new ArrayList<>();
    List<String> indexOptions = new ArrayList<>();
    indexOptions.add(null);
    SearchSettings product = SearchSettings.fromConfig(new JsonObject());
    List<Integer> efSearch = new ArrayList<>(List.of(product.efSearch()));
    List<Integer> exactBelow = new ArrayList<>(List.of(product.exactBelow()));
    boolean baseline = false;
    for (String arg : args) {
      if (arg.startsWith("--index-options=")) {
        String options = arg.substring("--index-options=".length());
        if (!options.matches("[a-z_]+ *= *\\d+( *, *[a-z_]+ *= *\\d+)*")) {
          throw new IllegalArgumentException("--index-options must look like 'm = 32, ef_construction = 128'");
        }
        indexOptions.add(options);
      } else if (arg.startsWith("--ef-search=")) {
        efSearch = Arrays.stream(arg.substring("--ef-search=".length()).split(",")).map(Integer::valueOf).toList();
      } else if (arg.startsWith("--exact-below=")) {
        exactBelow = Arrays.stream(arg.substring("--exact-below=".length()).split(",")).map(Integer::valueOf)
            .toList();
      } else if (arg.equals("--baseline")) {
        baseline = true;
      } else {
        sizeArgs.add(Integer.parseInt(arg));
      }
    }
    int[] sizes = sizeArgs.isEmpty() ? new int[] {100_000} : sizeArgs.stream().mapToInt(Integer::intValue).toArray();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.println(EnvironmentBench.describe());
    System.out.printf(Locale.ROOT, "load average at the start: %.1f on %d cpus%n", os.getSystemLoadAverage(),
        os.getAvailableProcessors());

    Random random = new Random(20240611L);
    MiniLmEmbedder embedder = new MiniLmEmbedder();
    long t0 = System.nanoTime();
    List<Base> bases = bases(embedder, random);
    System.out.printf(Locale.ROOT, "%d base summaries (%d labelled runs x %d variants) embedded with %s in %.1f s%n",
        bases.size(), bases.size() / VARIANTS_PER_RUN, VARIANTS_PER_RUN, MODEL, (System.nanoTime() - t0) / 1e9);
    List<Query> queries = queries(embedder, random);
    // the requests a load test repeats: one of every labelled run's first variants, REPEATED of them
    List<Base> repeated = new ArrayList<>();
    for (int i = 0; i < REPEATED; i++) {
      repeated.add(bases.get((i * 19 % (bases.size() / VARIANTS_PER_RUN)) * VARIANTS_PER_RUN));
    }

    Vertx vertx = Vertx.vertx();
    Pool admin = pool(vertx, "postgres", 1);
    List<Latency> table = new ArrayList<>();
    List<String> stageLines = new ArrayList<>();
    try {
      await(admin.query("drop database if exists " + DATABASE + " with (force)").execute());
      await(admin.query("create database " + DATABASE).execute());
      // Per session of this database only: HNSW builds fast while the graph fits in memory (24 GB machine).
      await(admin.query("alter database " + DATABASE + " set maintenance_work_mem = '1GB'").execute());
      Pool pool = pool(vertx, DATABASE, 3);
      try {
        await(SearchProbe.applySchema(pool));
        System.out.println(serverFacts(pool));
        System.out.printf(Locale.ROOT, "search settings: exact below %d vectors, hnsw.ef_search %d%n",
            product.exactBelow(), product.efSearch());
        int loaded = 0;
        Set<UUID> otherIds = new HashSet<>();
        for (int size : sizes) {
          long loadStart = System.nanoTime();
          int perModel = (size - loaded) / 2;
          load(pool, bases, repeated, perModel / 2, perModel - perModel / 2, MODEL, loaded, random);
          otherIds.addAll(load(pool, bases, repeated, perModel / 2, perModel - perModel / 2, OTHER_MODEL,
              loaded + perModel, random));
          double loadS = (System.nanoTime() - loadStart) / 1e9;
          int newRows = size - loaded;
          loaded = size;
          await(pool.query("vacuum analyze").execute());
          String stage = String.format(Locale.ROOT,
              "%,d runs (%s and %s in equal shares, half of each copies of %d requests): loaded %,d runs in %.1f s"
                  + " (%.0f runs/s); load avg %.1f", size, MODEL, OTHER_MODEL, REPEATED, newRows, loadS,
              newRows / loadS, os.getSystemLoadAverage());
          System.out.println(stage);
          stageLines.add(stage);
          Map<Filter, List<List<Hit>>> exact = exactAnswers(new VectorSearch(pool, product, new ModelIndexes(pool)),
              queries);
          for (String options : indexOptions) {
            stageLines.add(buildIndexes(pool, options, os));
            for (int ef : efSearch) {
              for (int below : exactBelow) {
                Variant variant = new Variant(options, ef, below);
                SearchSettings settings = new SearchSettings(below, ef, 0, 1);
                VectorSearch search = new VectorSearch(pool, settings, new ModelIndexes(pool));
                for (Filter filter : Filter.values()) {
                  table.add(measure(variant.label(), q -> search.search(q.vector(), MODEL, K, filter.type.apply(q),
                      filter.region.apply(q)).map(NearestRuns::toJson), queries, exact.get(filter), filter, size,
                      otherIds, random));
                }
                if (options == null && ef == product.efSearch() && below == product.exactBelow()) {
                  for (Filter filter : Filter.values()) {
                    explain(pool, search, queries.get(0), filter, size);
                  }
                }
              }
            }
          }
          if (baseline) {
            table.addAll(baseline(pool, queries, exact, size, otherIds, random, os, stageLines));
          }
          System.out.println("without the model filter, the exact top " + K + " would hold "
              + otherModelShare(pool, queries) + " vectors of " + OTHER_MODEL);
        }
      } finally {
        await(pool.close());
      }
    } finally {
      await(admin.query("drop database if exists " + DATABASE + " with (force)").execute());
      await(admin.close());
      await(vertx.close());
    }

    System.out.println();
    stageLines.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "%n%-9s %-50s %-16s %5s %7s %7s %7s %7s %9s %7s %9s %8s %5s %5s %5s %5s%n",
        "runs", "variant", "filter", "n", "p50 ms", "p90 ms", "p99 ms", "max ms", "recall@10", "min rec", "mean gap",
        "max gap", "short", "unord", "other", "exact");
    for (Latency l : table) {
      System.out.printf(Locale.ROOT,
          "%-9s %-50s %-16s %5d %7.2f %7.2f %7.2f %7.2f %9.3f %7.2f %9.4f %8.3f %5d %5d %5d %5d%n",
          String.format(Locale.ROOT, "%,d", l.rows), l.variant, l.filter.label, l.ms.length, percentile(l.ms, 0.5),
          percentile(l.ms, 0.9), percentile(l.ms, 0.99), percentile(l.ms, 1.0), l.recall, l.minRecall, l.meanGap,
          l.maxGap, l.shortAnswers, l.outOfOrder, l.otherModelHits, l.exactAnswers);
    }
    System.out.printf(Locale.ROOT, "recall@10 over the first %d queries: share of the exact top %d distinct summaries"
        + " in the answer; gap = exact mean top-%d cosine minus the answer's; short = answers with fewer distinct"
        + " summaries than the exact one; unord = answers not in descending score order; other = hits of %s (must"
        + " be 0); exact = answers the service ranked exactly (small filtered set) rather than through the index%n",
        RECALL_SAMPLE, K, K, OTHER_MODEL);
    System.out.printf(Locale.ROOT, "load average at the end: %.1f%n", os.getSystemLoadAverage());
  }

  /** Drops the models' HNSW indexes and builds them again: as the service does, or with {@code options}. */
  private static String buildIndexes(Pool pool, String options, OperatingSystemMXBean os) {
    long start = System.nanoTime();
    for (String model : List.of(MODEL, OTHER_MODEL)) {
      String name = ModelIndexes.indexName(model);
      await(pool.query("drop index if exists " + name).execute());
      if (options == null) {
        await(new ModelIndexes(pool).ensure(model));
      } else {
        await(pool.query("create index " + name + " on embedding_vectors using hnsw (embedding vector_cosine_ops)"
            + " with (" + options + ") where model = '" + model + "'").execute());
      }
    }
    String line = String.format(Locale.ROOT, "HNSW indexes of both models (%s) built in %.1f s, %s; load avg %.1f",
        options == null ? "product: " + ModelIndexes.BUILD_OPTIONS : options, (System.nanoTime() - start) / 1e9, sizes(pool),
        os.getSystemLoadAverage());
    System.out.println(line);
    return line;
  }

  // ---- data ----

  /**
   * Variants of the labelled runs: another region, another date, figures scaled by 0.6 to 1.6 (the
   * first variant is the run itself), each summarised as the service does and embedded with MiniLM.
   */
  private static List<Base> bases(MiniLmEmbedder embedder, Random random) {
    List<Base> bases = new ArrayList<>();
    for (LabelledRun run : RetrievalFixtures.runs()) {
      for (int v = 0; v < VARIANTS_PER_RUN; v++) {
        String region = v == 0 ? run.region() : REGIONS.get(random.nextInt(REGIONS.size()));
        LocalDate date = v == 0 ? run.date() : run.date().plusDays(random.nextInt(361) - 180);
        double factor = v == 0 ? 1 : 0.6 + random.nextDouble();
        JsonObject input = (JsonObject) scaled(run.input().copy(), factor);
        if (input.containsKey("region")) {
          input.put("region", region);
        }
        if (input.getValue("start") instanceof String start && start.startsWith(run.date().toString())) {
          input.put("start", date + start.substring(10));
        }
        JsonObject result = run.result() == null ? null : (JsonObject) scaled(run.result().copy(), factor);
        String summary = RetrievalFixtures.summarize(run.type(), region, date, run.status(), run.error(), input,
            result);
        bases.add(new Base(run.type(), region, date, run.status(), run.error(), shortened(input).encode(),
            result == null ? null : shortened(result).encode(), summary, embedder.embed(summary)));
      }
    }
    return bases;
  }

  /** Figures (numbers above 2 that are not integers: kW, kWh, costs, losses, %) scaled by {@code factor}. */
  private static Object scaled(Object value, double factor) {
    if (value instanceof JsonObject object) {
      object.getMap().replaceAll((key, v) -> scaled(v, factor));
    } else if (value instanceof JsonArray array) {
      array.getList().replaceAll(v -> scaled(v, factor));
    } else if (value instanceof Double d && Math.abs(d) > 2) {
      return Math.round(d * factor * 100) / 100.0;
    }
    return value;
  }

  private static JsonObject shortened(JsonObject object) {
    JsonObject copy = new JsonObject();
    object.forEach(e -> copy.put(e.getKey(), shortenedValue(e.getValue())));
    return copy;
  }

  private static Object shortenedValue(Object value) {
    if (value instanceof JsonObject object) {
      return shortened(object);
    }
    if (value instanceof JsonArray array) {
      JsonArray copy = new JsonArray();
      array.stream().limit(MAX_STORED_ARRAY).forEach(v -> copy.add(shortenedValue(v)));
      return copy;
    }
    return value;
  }

  /** Operator questions: templates per request type, asked for each region. */
  private static List<Query> queries(MiniLmEmbedder embedder, Random random) {
    List<String[]> templates = List.of(
        new String[] {"storage", "battery schedules in %s with negative prices"},
        new String[] {"storage", "battery optimizations in %s that were infeasible"},
        new String[] {"storage", "peak shaving with demand charges in %s"},
        new String[] {"storage", "battery with rooftop solar in %s"},
        new String[] {"storage", "how much money did the battery save in %s"},
        new String[] {"storage", "week-long battery schedule for %s"},
        new String[] {"storage", "large battery with high savings in %s"},
        new String[] {"storage", "battery runs in %s that failed because the QNN timed out"},
        new String[] {"grid_switch", "feeder reconfiguration in %s that cut losses by a third"},
        new String[] {"grid_switch", "switching optimization on large networks in %s"},
        new String[] {"grid_switch", "grid reconfiguration in %s where voltage limits could not be met"},
        new String[] {"grid_switch", "power flow check of the current switch positions in %s"},
        new String[] {"grid_switch", "which switches were opened on the %s feeder"},
        new String[] {"grid_switch", "loss reduction on the 33-bus feeder in %s"},
        new String[] {"forecast", "%s load forecasts"},
        new String[] {"forecast", "week-ahead load forecast for %s"},
        new String[] {"forecast", "failed forecast for %s"},
        new String[] {"forecast", "inaccurate forecasts for %s from only a few days of history"},
        new String[] {"forecast", "forecast for %s where readings were missing or duplicated"},
        new String[] {"forecast", "summer peak load forecast for %s"},
        new String[] {"forecast", "forecast accuracy and MAPE in %s"},
        new String[] {"forecast", "load forecast around a holiday in %s"},
        new String[] {"simulation", "heat wave simulation in %s"},
        new String[] {"simulation", "EV charging growth scenario for %s"});
    List<Query> queries = new ArrayList<>();
    long[] embedNs = new long[templates.size() * REGIONS.size()];
    for (String[] template : templates) {
      for (String region : REGIONS) {
        String text = String.format(Locale.ROOT, template[1], region);
        long start = System.nanoTime();
        String vector = StoredVector.literal(embedder.embed(text));
        embedNs[queries.size()] = System.nanoTime() - start;
        queries.add(new Query(text, template[0], region, vector));
      }
    }
    Collections.shuffle(queries, random);
    System.out.printf(Locale.ROOT, "%d query texts (%d templates x %d regions), embedding median %.1f ms (context only)%n",
        queries.size(), templates.size(), REGIONS.size(),
        percentile(Arrays.stream(embedNs).mapToDouble(ns -> ns / 1e6).toArray(), 0.5));
    return queries;
  }

  /**
   * Adds {@code copies} runs that repeat the {@code repeated} requests (identical summary and vector)
   * and {@code distinct} runs, each a random base's vector plus Gaussian noise of relative norm 0.15 to
   * 0.45 (cosine 0.91 to 0.99 to its base) with a summary of its own, all embedded with {@code model}.
   * The other model's copies share one perturbed vector per request, as a real second model would give
   * one vector per summary.
   */
  private static List<UUID> load(Pool pool, List<Base> bases, List<Base> repeated, int copies, int distinct,
                                 String model, int offset, Random random) {
    List<UUID> ids = new ArrayList<>(copies + distinct);
    List<float[]> repeatedVectors = repeated.stream()
        .map(b -> model.equals(MODEL) ? b.vector() : perturbed(b.vector(), 0.3, random)).toList();
    int count = copies + distinct;
    for (int done = 0; done < count; done += BATCH) {
      int n = Math.min(BATCH, count - done);
      UUID[] id = new UUID[n];
      String[] type = new String[n];
      String[] region = new String[n];
      LocalDate[] date = new LocalDate[n];
      String[] input = new String[n];
      String[] result = new String[n];
      String[] status = new String[n];
      String[] error = new String[n];
      String[] vector = new String[n];
      String[] models = new String[n];
      String[] content = new String[n];
      for (int i = 0; i < n; i++) {
        // copies and distinct runs interleaved, as they arrive in a busy service
        boolean copy = random.nextInt(count) < copies;
        int r = random.nextInt(REPEATED);
        Base base = copy ? repeated.get(r) : bases.get(random.nextInt(bases.size()));
        id[i] = UUID.randomUUID();
        type[i] = base.type().wireName();
        region[i] = base.region();
        date[i] = base.date();
        input[i] = base.input();
        result[i] = base.result();
        status[i] = base.status();
        error[i] = base.error();
        vector[i] = StoredVector.literal(copy ? repeatedVectors.get(r)
            : perturbed(base.vector(), 0.15 + 0.3 * random.nextDouble(), random));
        models[i] = model;
        content[i] = copy ? base.summary() : base.summary() + " Run " + (offset + done + i) + ".";
      }
      await(pool.withTransaction(conn -> conn.preparedQuery(INSERT_RUNS)
          .execute(Tuple.of(id, type, region, date, input, result, status, error))
          .compose(v -> conn.preparedQuery(INSERT_EMBEDDINGS).execute(Tuple.of(id, vector, models, content)))));
      ids.addAll(Arrays.asList(id));
    }
    return ids;
  }

  private static float[] perturbed(float[] base, double relativeNoise, Random random) {
    double norm = 0;
    for (float x : base) {
      norm += x * x;
    }
    double sigma = relativeNoise * Math.sqrt(norm / base.length);
    float[] v = new float[base.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (base[i] + sigma * random.nextGaussian());
    }
    return v;
  }

  // ---- measurements ----

  /** The exact top k of the first RECALL_SAMPLE questions of each filter: the reference of every variant. */
  private static Map<Filter, List<List<Hit>>> exactAnswers(VectorSearch search, List<Query> queries) {
    Map<Filter, List<List<Hit>>> exact = new EnumMap<>(Filter.class);
    for (Filter filter : Filter.values()) {
      List<List<Hit>> answers = new ArrayList<>();
      for (Query q : queries.subList(0, RECALL_SAMPLE)) {
        answers.add(await(search.nearest(new VectorSearch.Nearest(q.vector(), MODEL, K, filter.type.apply(q),
            filter.region.apply(q), null, null), true)).hits().stream()
            .map(h -> new Hit(h.nearest().summary(), h.score())).toList());
      }
      exact.put(filter, answers);
    }
    return exact;
  }

  private static Latency measure(String variant, Function<Query, Future<JsonObject>> ask, List<Query> queries,
                                 List<List<Hit>> exactAnswers, Filter filter, int rows, Set<UUID> otherIds,
                                 Random random) {
    List<Query> warmUp = new ArrayList<>(queries);
    Collections.shuffle(warmUp, random);
    for (Query q : warmUp.subList(0, WARM_UP)) {
      await(ask.apply(q));
    }
    double[] ms = new double[queries.size()];
    List<List<Hit>> answers = new ArrayList<>();
    int outOfOrder = 0;
    int otherHits = 0;
    int exactCount = 0;
    for (int i = 0; i < queries.size(); i++) {
      long start = System.nanoTime();
      JsonObject answer = await(ask.apply(queries.get(i)));
      ms[i] = (System.nanoTime() - start) / 1e6;
      exactCount += answer.getBoolean("exact", false) ? 1 : 0;
      JsonArray results = answer.getJsonArray("results");
      List<Hit> hits = new ArrayList<>();
      for (int r = 0; r < results.size(); r++) {
        JsonObject run = results.getJsonObject(r);
        hits.add(new Hit(run.getString("summary"), run.getDouble("score")));
        otherHits += otherIds.contains(UUID.fromString(run.getString("run_id"))) ? 1 : 0;
      }
      outOfOrder += inOrder(hits) ? 0 : 1;
      answers.add(hits);
    }
    double recallSum = 0;
    double minRecall = 1;
    double gapSum = 0;
    double maxGap = 0;
    int shortAnswers = 0;
    for (int i = 0; i < RECALL_SAMPLE; i++) {
      List<Hit> exact = exactAnswers.get(i);
      // distinct summaries: ten copies of one run are one answer, as the service groups them
      Map<String, Hit> found = new LinkedHashMap<>();
      answers.get(i).forEach(hit -> found.putIfAbsent(hit.summary(), hit));
      double recall = exact.isEmpty() ? 1
          : exact.stream().filter(hit -> found.containsKey(hit.summary())).count() / (double) exact.size();
      recallSum += recall;
      minRecall = Math.min(minRecall, recall);
      // How much worse the answer is than the exact one, in cosine: near-duplicates swapped cost ~0.001,
      // a wrong region of the graph costs more.
      double gap = meanScore(exact) - meanScore(new ArrayList<>(found.values()));
      gapSum += gap;
      maxGap = Math.max(maxGap, gap);
      shortAnswers += found.size() < exact.size() ? 1 : 0;
    }
    return new Latency(rows, variant, filter, ms, recallSum / RECALL_SAMPLE, minRecall, gapSum / RECALL_SAMPLE,
        maxGap, shortAnswers, outOfOrder, otherHits, exactCount);
  }

  /**
   * The design this replaced, on the same data: one HNSW index over every run's vector (duplicates
   * and both models in one graph), the model filter, relaxed iterative scan, hnsw.ef_search 40, runs
   * not grouped. Its recall counts the distinct summaries among its ten runs.
   */
  private static List<Latency> baseline(Pool pool, List<Query> queries, Map<Filter, List<List<Hit>>> exact, int size,
                                        Set<UUID> otherIds, Random random, OperatingSystemMXBean os,
                                        List<String> stageLines) {
    long start = System.nanoTime();
    await(pool.query("create index baseline_runs_hnsw_idx on optimization_embeddings using hnsw"
        + " (embedding vector_cosine_ops)").execute());
    String line = String.format(Locale.ROOT, "baseline: HNSW index over all %,d runs' vectors built in %.1f s; load"
        + " avg %.1f", size, (System.nanoTime() - start) / 1e9, os.getSystemLoadAverage());
    System.out.println(line);
    stageLines.add(line);
    List<Latency> rows = new ArrayList<>();
    for (Filter filter : Filter.values()) {
      rows.add(measure("baseline (one index, all runs)", q -> formerSearch(pool, q, filter), queries,
          exact.get(filter), filter, size, otherIds, random));
    }
    await(pool.query("drop index baseline_runs_hnsw_idx").execute());
    return rows;
  }

  private static Future<JsonObject> formerSearch(Pool pool, Query q, Filter filter) {
    Tuple params = Tuple.of(q.vector(), MODEL);
    String sql = """
        select r.id, e.content, 1 - (e.embedding <=> $1::vector) as score
        from optimization_embeddings e join optimization_runs r on r.id = e.optimization_run_id
        where e.model = $2""";
    if (filter.type.apply(q) != null) {
      params.addString(filter.type.apply(q));
      sql += " and r.request_type = $" + params.size();
    }
    if (filter.region.apply(q) != null) {
      params.addString(filter.region.apply(q));
      sql += " and r.region = $" + params.size();
    }
    String statement = sql + " order by e.embedding <=> $1::vector limit " + K;
    return pool.withTransaction(conn -> conn.query("set local hnsw.iterative_scan = relaxed_order").execute()
        .compose(v -> conn.preparedQuery(statement).execute(params))).map(rows -> {
          JsonArray results = new JsonArray();
          for (Row row : rows) {
            results.add(new JsonObject().put("run_id", row.getUUID("id").toString())
                .put("summary", row.getString("content")).put("score", row.getDouble("score")));
          }
          return new JsonObject().put("results", results);
        });
  }

  /** A hit by its summary (distinct per model, type and region in the store) and score. */
  private record Hit(String summary, double score) {
  }

  private static boolean inOrder(List<Hit> hits) {
    for (int i = 1; i < hits.size(); i++) {
      if (hits.get(i).score() > hits.get(i - 1).score()) {
        return false;
      }
    }
    return true;
  }

  private static double meanScore(List<Hit> hits) {
    return hits.stream().mapToDouble(Hit::score).average().orElse(0);
  }

  private static String otherModelShare(Pool pool, List<Query> queries) {
    int other = 0;
    for (Query q : queries.subList(0, FILTER_SAMPLE)) {
      other += (int) await(SearchProbe.exactModelsWithoutFilter(pool, q.vector(), K)).stream()
          .filter(OTHER_MODEL::equals).count();
    }
    return String.format(Locale.ROOT, "%d of %d (%d queries)", other, FILTER_SAMPLE * K, FILTER_SAMPLE);
  }

  private static void explain(Pool pool, VectorSearch search, Query q, Filter filter, int rows) {
    List<String> plan = await(SearchProbe.explain(pool, search, new VectorSearch.Nearest(q.vector(), MODEL, K,
        filter.type.apply(q), filter.region.apply(q), null, null)));
    String index = ModelIndexes.indexName(MODEL);
    boolean hnsw = plan.stream().anyMatch(line -> line.contains(index));
    System.out.printf(Locale.ROOT, "%nEXPLAIN (ANALYZE, BUFFERS) at %,d runs, filter %s, \"%s\" (type %s, region %s):"
        + " HNSW index %s used: %s%n", rows, filter.label, q.text(), filter.type.apply(q), filter.region.apply(q),
        index, hnsw ? "yes" : "no (exact)");
    // The vector parameter appears as a 1536-number literal in the plan; shorten it.
    plan.forEach(line -> System.out.println("  " + line.replaceAll("'\\[[^\\]]{40,}\\]'", "'[1536 numbers]'")));
  }

  private static String serverFacts(Pool pool) {
    Row row = await(pool.query("""
        select version(), (select extversion from pg_extension where extname = 'vector'),
               current_setting('shared_buffers'), current_setting('maintenance_work_mem'),
               current_setting('max_parallel_maintenance_workers'), current_setting('hnsw.ef_search'),
               current_setting('work_mem')""").execute()).iterator().next();
    return String.format(Locale.ROOT, "%s; pgvector %s; shared_buffers %s, maintenance_work_mem %s (bench database),"
            + " max_parallel_maintenance_workers %s, hnsw.ef_search %s, work_mem %s", row.getString(0).split(" on ")[0],
        row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5), row.getString(6));
  }

  private static String sizes(Pool pool) {
    Row row = await(pool.query("""
        select (select count(*) from embedding_vectors), pg_total_relation_size('embedding_vectors') / 1048576,
               (select coalesce(sum(pg_relation_size(indexrelid)), 0) from pg_index
                where indexrelid::regclass::text like 'embedding_vectors_hnsw_%') / 1048576,
               pg_database_size(current_database()) / 1048576""").execute()).iterator().next();
    return String.format(Locale.ROOT, "%,d distinct summary vectors, their table %d MB of which HNSW indexes %d MB,"
        + " database %d MB", row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3));
  }

  // ---- helpers ----

  private static Pool pool(Vertx vertx, String database, int size) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(size)).with(DbConnect.tcp())
        .connectingTo(DbConnect.options(SERVER + "/" + database, null)).using(vertx).build();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  private static double percentile(double[] values, double q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }
}
