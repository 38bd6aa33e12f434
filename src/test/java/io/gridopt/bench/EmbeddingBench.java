package io.gridopt.bench;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.gridopt.embedding.Embedder;
import io.gridopt.embedding.HashingEmbedder;
import io.gridopt.embedding.MiniLmEmbedder;
import io.gridopt.embedding.RetrievalFixtures;
import io.gridopt.embedding.StoredVector;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Embedding time per run summary (target: median <= 15 ms on 2 cores). Embeds the summaries of
 * the labelled retrieval runs one at a time, as the service does per run, padding included. The
 * embedders take turns round by round, so that load from other processes hits them alike. The third
 * row is the same model under LangChain4j's default ONNX session (all cores, spinning threads), the
 * reason {@link MiniLmEmbedder} sets its own session options.
 * Run: {@code mvn -B -q test-compile exec:java -Dexec.mainClass=io.gridopt.bench.EmbeddingBench}.
 */
public final class EmbeddingBench {
  private static final int ROUNDS = 10;

  private EmbeddingBench() {
  }

  public static void main(String[] args) {
    System.out.println(EnvironmentBench.describe());
    List<RetrievalFixtures.LabelledRun> runs = RetrievalFixtures.runs();
    List<String> summaries = runs.stream().map(RetrievalFixtures.LabelledRun::summary).toList();
    System.out.printf(Locale.ROOT, "%d run summaries, %.0f characters on average%n", summaries.size(),
        summaries.stream().mapToInt(String::length).average().orElse(0));

    long[] summarizeNs = new long[runs.size() * ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < runs.size(); i++) {
        RetrievalFixtures.LabelledRun r = runs.get(i);
        long t0 = System.nanoTime();
        r.summary();
        summarizeNs[round * runs.size() + i] = System.nanoTime() - t0;
      }
    }
    System.out.printf(Locale.ROOT, "Summary (parse + summarise, as the service): median %.3f ms per run (the set has an 8760-step and MATPOWER runs)%n%n",
        percentile(summarizeNs, 0.5) / 1e6);

    String[] names = {"gridopt-hashing-v1", "all-minilm-l6-v2-q", "minilm-q, LangChain4j default session"};
    Embedder[] embedders = new Embedder[names.length];
    double[] loadMs = new double[names.length];
    for (int e = 0; e < names.length; e++) {
      long t0 = System.nanoTime();
      embedders[e] = switch (e) {
        case 0 -> new HashingEmbedder();
        case 1 -> new MiniLmEmbedder();
        default -> langChainDefault();
      };
      embedders[e].embed("warm up the model");
      loadMs[e] = (System.nanoTime() - t0) / 1e6;
      for (String summary : summaries) {
        embedders[e].embed(summary);
      }
    }
    // Wall time per call, and the process CPU time per call: the CPU figure hardly depends on what
    // else runs on the machine, the wall figure does (the load average is printed with it).
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long[][] ns = new long[names.length][summaries.size() * ROUNDS];
    long[] cpuNs = new long[names.length];
    for (int round = 0; round < ROUNDS; round++) {
      for (int e = 0; e < names.length; e++) {
        long cpuStart = os.getProcessCpuTime();
        for (int i = 0; i < summaries.size(); i++) {
          long start = System.nanoTime();
          StoredVector.pad(embedders[e].embed(summaries.get(i)));
          ns[e][round * summaries.size() + i] = System.nanoTime() - start;
        }
        cpuNs[e] += os.getProcessCpuTime() - cpuStart;
      }
    }
    System.out.printf(Locale.ROOT, "%-38s %5s %8s %10s %8s %8s %12s%n", "embedder", "dim", "load ms", "median ms", "p90 ms",
        "max ms", "CPU ms/call");
    for (int e = 0; e < names.length; e++) {
      System.out.printf(Locale.ROOT, "%-38s %5d %8.0f %10.2f %8.2f %8.2f %12.2f%n", names[e], embedders[e].dimension(),
          loadMs[e], percentile(ns[e], 0.5) / 1e6, percentile(ns[e], 0.9) / 1e6, percentile(ns[e], 1.0) / 1e6,
          cpuNs[e] / 1e6 / (ROUNDS * summaries.size()));
    }
    System.out.printf(Locale.ROOT, "system load average at the end: %.1f on %d cpus%n", os.getSystemLoadAverage(),
        os.getAvailableProcessors());
  }

  private static Embedder langChainDefault() {
    EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
    return new Embedder() {
      @Override
      public String model() {
        return MiniLmEmbedder.MODEL;
      }

      @Override
      public int dimension() {
        return MiniLmEmbedder.DIMENSION;
      }

      @Override
      public float[] embed(String text) {
        return model.embed(text).content().vector();
      }
    };
  }

  private static double percentile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }
}
