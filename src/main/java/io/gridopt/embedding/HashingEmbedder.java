package io.gridopt.embedding;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Deterministic feature hashing: word unigrams and bigrams hashed into 1536 signed buckets with
 * sublinear term frequency, L2-normalised. No model, no network: a lexical baseline.
 */
public final class HashingEmbedder implements Embedder {
  public static final int DIMENSION = 1536;

  @Override
  public String model() {
    return "gridopt-hashing-v1";
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public float[] embed(String text) {
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}.]+");
    Map<String, Integer> counts = new HashMap<>();
    String previous = null;
    for (String word : words) {
      if (word.isEmpty()) {
        continue;
      }
      counts.merge(word, 1, Integer::sum);
      if (previous != null) {
        counts.merge(previous + " " + word, 1, Integer::sum);
      }
      previous = word;
    }
    float[] vector = new float[DIMENSION];
    counts.forEach((feature, count) -> {
      long hash = crc(feature);
      int bucket = (int) (hash % DIMENSION);
      float sign = ((hash >>> 20) & 1) == 0 ? 1f : -1f;
      vector[bucket] += sign * (float) (1 + Math.log(count));
    });
    return Vectors.normalize(vector);
  }

  private static long crc(String feature) {
    CRC32 crc = new CRC32();
    crc.update(feature.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}
