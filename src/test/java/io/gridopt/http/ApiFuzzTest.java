package io.gridopt.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridopt.domain.RequestType;
import io.gridopt.problem.ProblemTypes;
import io.gridopt.persistence.DbConnect;
import io.gridopt.testsupport.PrivateDatabase;
import io.gridopt.testsupport.Requests;
import io.gridopt.testsupport.Stack;
import io.gridopt.testsupport.TestConfig;
import io.gridopt.testsupport.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of every endpoint with hostile input: truncated, type-confused, oversized, deeply
 * nested, garbage and unknown-field bodies, and bad query and path parameters. Requirements: no 5xx
 * (except 501 for a request type whose solver this build lacks, which is an accepted, recorded run),
 * every rejection is a 4xx JSON error naming the problem, and not one row is written for a rejected
 * request (rows written = requests accepted). The seed is printed so that a failure can be replayed.
 */
class ApiFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20261125L);
  private static final int BODIES_PER_ENDPOINT = Integer.getInteger("fuzz.bodies", 1_000);
  private static final int GET_REQUESTS = 600;
  private static final int BODY_LIMIT = 512 * 1024;
  private static final int PARALLEL = 16;

  private static Vertx vertx;
  private static Stack stack;
  private static WebClient client;
  private static Pool pool;
  private static String dbUrl;

  @BeforeAll
  static void deploy() {
    vertx = Vertx.vertx();
    dbUrl = PrivateDatabase.create(vertx);
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(DbConnect.options(dbUrl, null))
        .using(vertx).build();
    client = WebClient.create(vertx);
    stack = new Stack().deploy(vertx, TestConfig.base().put("GRIDOPT_DB_URL", dbUrl)
        .put("GRIDOPT_BODY_LIMIT_BYTES", BODY_LIMIT)).await();
  }

  @AfterAll
  static void close() {
    client.close();
    pool.close().await();
    vertx.close().await();
    Vertx admin = Vertx.vertx();
    PrivateDatabase.drop(admin, dbUrl);
    admin.close().await();
  }

  /** What came back for one request. */
  private record Outcome(String request, int status, JsonObject body, long millis) {
  }

  @Test
  void hostileBodiesToEveryPostEndpoint() {
    Random random = new Random(SEED);
    Map<String, JsonObject> valid = Map.of(
        "/storage-optimize", Requests.storage("FUZZ"),
        "/forecast", forecast(),
        "/grid-switch-optimize", grid());
    Map<String, RequestType> types = Map.of("/storage-optimize", RequestType.STORAGE, "/forecast",
        RequestType.FORECAST, "/grid-switch-optimize", RequestType.GRID_SWITCH);
    long rowsBefore = rows();
    List<Outcome> outcomes = new ArrayList<>();
    Map<Integer, Integer> byStatus = new TreeMap<>();
    long started = System.nanoTime();
    for (Map.Entry<String, JsonObject> endpoint : valid.entrySet()) {
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < BODIES_PER_ENDPOINT; i++) {
        bodies.add(hostile(random, endpoint.getValue()));
      }
      outcomes.addAll(send(endpoint.getKey(), bodies));
    }
    long accepted = 0;
    for (Outcome o : outcomes) {
      byStatus.merge(o.status(), 1, Integer::sum);
      String path = o.request().substring(0, o.request().indexOf(' '));
      boolean solverMissing = ProblemTypes.standard().find(types.get(path)).isEmpty();
      if (o.status() == 201 || o.status() == 422 || (o.status() == 501 && solverMissing)) {
        accepted++;
        String runId = o.status() == 201 ? o.body().getString("run_id") : o.body().getJsonObject("error")
            .getString("run_id");
        assertThat(runId).as("accepted request has its run: %s", o.request()).isNotBlank();
        continue;
      }
      assertRejection(o);
    }
    long rowsAfter = rows();
    outcomes.stream().sorted(java.util.Comparator.comparingLong(Outcome::millis).reversed()).limit(5)
        .forEach(o -> System.out.printf("slowest: %d ms %d %s%n", o.millis(), o.status(),
            o.request().substring(0, Math.min(160, o.request().length()))));
    System.out.printf("fuzz POST: %d requests in %.1f s, seed %d, statuses %s, %d accepted, rows %d -> %d%n",
        outcomes.size(), (System.nanoTime() - started) / 1e9, SEED, byStatus, accepted, rowsBefore, rowsAfter);
    assertThat(outcomes).hasSize(3 * BODIES_PER_ENDPOINT);
    assertThat(byStatus.get(400)).as("most hostile bodies are rejected").isGreaterThan(2 * BODIES_PER_ENDPOINT);
    assertThat(byStatus).containsKey(413);
    assertThat(rowsAfter - rowsBefore).as("a row for each accepted request, none for a rejected one")
        .isEqualTo(accepted);
  }

  @Test
  void hostileQueryAndPathParametersToEveryGetEndpoint() {
    Random random = new Random(SEED + 1);
    List<String> urls = new ArrayList<>();
    String[] params = {"request_type", "region", "status", "from", "to", "limit", "cursor", "k", "q", "any_type"};
    for (int i = 0; i < GET_REQUESTS; i++) {
      switch (random.nextInt(4)) {
        case 0 -> urls.add("/runs/" + encode(junk(random)));
        case 1 -> urls.add("/runs/" + encode(junk(random)) + "/similar?k=" + encode(junk(random)));
        case 2 -> urls.add("/runs/search?q=" + encode(junk(random)) + "&k=" + encode(junk(random)));
        default -> {
          StringBuilder url = new StringBuilder("/runs?");
          int n = 1 + random.nextInt(4);
          for (int p = 0; p < n; p++) {
            url.append(params[random.nextInt(params.length)]).append('=').append(encode(junk(random))).append('&');
          }
          urls.add(url.toString());
        }
      }
    }
    long rowsBefore = rows();
    List<Supplier<Future<Outcome>>> calls = new ArrayList<>();
    for (String url : urls) {
      calls.add(() -> {
        long t0 = System.nanoTime();
        return client.get(stack.httpPort(), "127.0.0.1", url).send().map(r -> outcome("GET " + url, r, t0));
      });
    }
    List<Outcome> outcomes = runAll(calls);
    Map<Integer, Integer> byStatus = new TreeMap<>();
    for (Outcome o : outcomes) {
      byStatus.merge(o.status(), 1, Integer::sum);
      if (o.status() != 200) {
        assertRejection(o);
      }
    }
    System.out.printf("fuzz GET: %d requests, statuses %s%n", outcomes.size(), byStatus);
    assertThat(byStatus.get(400)).isGreaterThan(GET_REQUESTS / 4);
    assertThat(rows()).isEqualTo(rowsBefore);
  }

  private static void assertRejection(Outcome o) {
    assertThat(o.status()).as("a 4xx for %s", o.request()).isBetween(400, 499);
    assertThat(o.body()).as("a JSON error body for %s", o.request()).isNotNull();
    JsonObject error = o.body().getJsonObject("error");
    assertThat(error.getInteger("status")).isEqualTo(o.status());
    assertThat(error.getString("code")).isNotBlank();
    assertThat(error.getString("message")).isNotBlank();
    assertThat(error.getString("request_id")).isNotBlank();
    if (o.status() == 400) {
      JsonArray details = error.getJsonArray("details");
      assertThat(details).as("400 names the problem: %s", o.request()).isNotEmpty();
      details.forEach(d -> {
        assertThat(((JsonObject) d).getString("field")).isNotBlank();
        assertThat(((JsonObject) d).getString("problem")).isNotBlank();
      });
    }
  }

  private static List<Outcome> send(String path, List<String> bodies) {
    List<Supplier<Future<Outcome>>> calls = new ArrayList<>();
    for (String body : bodies) {
      String shown = path + " " + (body.length() > 300 ? body.substring(0, 300) + "...(" + body.length() + ")" : body);
      calls.add(() -> {
        long t0 = System.nanoTime();
        return client.post(stack.httpPort(), "127.0.0.1", path).putHeader("content-type", "application/json")
            .sendBuffer(Buffer.buffer(body)).map(r -> outcome(shown, r, t0));
      });
    }
    return runAll(calls);
  }

  /** Runs the calls with {@link #PARALLEL} in flight at any time; outcomes in call order. */
  private static List<Outcome> runAll(List<Supplier<Future<Outcome>>> calls) {
    Outcome[] outcomes = new Outcome[calls.size()];
    AtomicInteger next = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    AtomicInteger finished = new AtomicInteger();
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= calls.size()) {
        return;
      }
      calls.get(i).get().onComplete(ar -> {
        outcomes[i] = ar.succeeded() ? ar.result() : new Outcome("failed: " + ar.cause(), -1, null, 0);
        if (finished.incrementAndGet() == calls.size()) {
          done.complete();
        }
        pump[0].run();
      });
    };
    vertx.runOnContext(v -> {
      for (int k = 0; k < PARALLEL; k++) {
        pump[0].run();
      }
    });
    done.future().await();
    return List.of(outcomes);
  }

  private static Outcome outcome(String request, HttpResponse<Buffer> response, long startedNanos) {
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    return new Outcome(request, response.statusCode(), body, (System.nanoTime() - startedNanos) / 1_000_000);
  }

  private static long rows() {
    return TestDatabase.count(pool, "select count(*) from optimization_runs").await();
  }

  // ---- generators ----

  /** One hostile variant of a valid body, as raw text. */
  static String hostile(Random random, JsonObject valid) {
    JsonObject body = valid.copy();
    return switch (random.nextInt(10)) {
      case 0 -> truncate(random, body.encode());
      case 1, 2, 3 -> {
        replaceRandomLeaf(random, body, confusing(random));
        yield body.encode();
      }
      case 4 -> {
        List<String> keys = new ArrayList<>(body.fieldNames());
        body.remove(keys.get(random.nextInt(keys.size())));
        yield body.encode();
      }
      case 5 -> body.put("unexpected_" + random.nextInt(1000), confusing(random)).encode();
      case 6 -> oversizedArray(random, body);
      case 7 -> nonNumericNumbers(random, body.encode());
      case 8 -> garbage(random);
      default -> random.nextInt(20) == 0 ? "{\"region\":\"" + "x".repeat(BODY_LIMIT + 10) + "\"}"
          : deepNesting(random);
    };
  }

  private static String truncate(Random random, String text) {
    return text.substring(0, random.nextInt(text.length() - 1));
  }

  /** A value of a type or size that the field does not expect. */
  private static Object confusing(Random random) {
    return switch (random.nextInt(12)) {
      case 0 -> "not a number";
      case 1 -> true;
      case 2 -> new JsonObject().put("nested", 1);
      case 3 -> new JsonArray().add("a").add(1);
      case 4 -> -1e12;
      case 5 -> 1e308 * 10 > 0 ? Double.MAX_VALUE : 0;
      case 6 -> "x".repeat(100_000);
      case 7 -> -1;
      case 8 -> "\u0000\u202e\ud83d\ude00<script>";
      case 9 -> Long.MIN_VALUE;
      case 10 -> new JsonArray();
      default -> "";
    };
  }

  /** Replaces one value anywhere in the tree (object fields and array elements) with {@code value}. */
  @SuppressWarnings("unchecked")
  private static void replaceRandomLeaf(Random random, JsonObject root, Object value) {
    Object node = root;
    for (int depth = 0; depth < 6; depth++) {
      if (node instanceof JsonObject object && !object.isEmpty()) {
        List<String> keys = new ArrayList<>(object.fieldNames());
        String key = keys.get(random.nextInt(keys.size()));
        Object child = object.getValue(key);
        if ((child instanceof JsonObject || child instanceof JsonArray) && random.nextBoolean()) {
          node = child;
          continue;
        }
        object.put(key, value);
        return;
      }
      if (node instanceof JsonArray array && !array.isEmpty()) {
        int index = random.nextInt(array.size());
        Object child = array.getValue(index);
        if ((child instanceof JsonObject || child instanceof JsonArray) && random.nextBoolean()) {
          node = child;
          continue;
        }
        array.set(index, value);
        return;
      }
      break;
    }
    root.put("region", value);
  }

  /** An array one element over its documented limit: load_kw 35,040, history.values 175,680, buses 20,000. */
  private static String oversizedArray(Random random, JsonObject body) {
    String field = body.containsKey("load_kw") ? "load_kw" : body.containsKey("history") ? "history" : "network";
    int n = switch (field) {
      case "load_kw" -> 35_041;
      case "history" -> 175_681;
      default -> 20_001;
    };
    JsonArray big = new JsonArray();
    for (int i = 0; i < n; i++) {
      big.add(random.nextInt(10));
    }
    if (field.equals("history")) {
      body.getJsonObject("history").put("values", big);
    } else if (field.equals("network")) {
      body.getJsonObject("network").put("buses", big);
    } else {
      body.put(field, big);
    }
    return body.encode();
  }

  /** NaN, Infinity and out-of-range literals where numbers stand. */
  private static String nonNumericNumbers(Random random, String text) {
    String[] literals = {"NaN", "Infinity", "-Infinity", "1e400", "-1e400", "0x10", "1_000", "+5", ".5e"};
    String literal = literals[random.nextInt(literals.length)];
    return text.replaceFirst(":(-?[0-9][0-9.eE+-]*)", ":" + literal);
  }

  private static String garbage(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> "";
      case 1 -> "[1,2,3]";
      case 2 -> "\"just a string\"";
      case 3 -> "null";
      case 4 -> "{\"region\": \"a\", \"region\": 5}";
      default -> {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        yield new String(bytes, StandardCharsets.ISO_8859_1);
      }
    };
  }

  private static String deepNesting(Random random) {
    int depth = 1_000 + random.nextInt(20_000);
    return "{\"region\":\"X\",\"battery\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
  }

  private static String junk(Random random) {
    String[] samples = {"", "-1", "0", "201", "99999999999999999999", "abc", "1e3", "NaN", "true", "null",
        "7b0e7c55-1111-4222-8333-94445555666", "7b0e7c55-1111-4222-8333-944455556666", "../../etc/passwd",
        "%00", "storage", "2024-13-45", "2024-01-01T25:00:00Z", "\u202e\ud83d\ude00", "' or 1=1 --",
        "x".repeat(300), "x".repeat(5_000)};
    return samples[random.nextInt(samples.length)];
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  // ---- valid bodies for the endpoints whose test helpers live with their solvers ----

  /** Three days of an hourly profile. */
  static JsonObject forecast() {
    JsonArray values = new JsonArray();
    for (int h = 0; h < 72; h++) {
      values.add(100 + 30 * Math.sin(2 * Math.PI * (h % 24) / 24.0));
    }
    return new JsonObject().put("region", "FUZZ").put("horizon_hours", 24).put("history", new JsonObject()
        .put("start", "2024-06-01T00:00:00Z").put("interval_minutes", 60).put("values", values));
  }

  /** A three-bus feeder with one tie switch. */
  static JsonObject grid() {
    JsonArray buses = new JsonArray()
        .add(new JsonObject().put("id", "1").put("p_kw", 0).put("q_kvar", 0))
        .add(new JsonObject().put("id", "2").put("p_kw", 100).put("q_kvar", 60))
        .add(new JsonObject().put("id", "3").put("p_kw", 90).put("q_kvar", 40));
    JsonArray branches = new JsonArray()
        .add(new JsonObject().put("id", "1").put("from", "1").put("to", "2").put("r_ohm", 0.0922).put("x_ohm", 0.047)
            .put("closed", true))
        .add(new JsonObject().put("id", "2").put("from", "2").put("to", "3").put("r_ohm", 0.493).put("x_ohm", 0.2511)
            .put("closed", true))
        .add(new JsonObject().put("id", "3").put("from", "1").put("to", "3").put("r_ohm", 0.5).put("x_ohm", 0.5)
            .put("closed", false));
    return new JsonObject().put("region", "FUZZ").put("network", new JsonObject().put("base_kv", 12.66)
        .put("slack_bus", "1").put("buses", buses).put("branches", branches));
  }
}
