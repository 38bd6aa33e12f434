package io.gridopt.embedding;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic feature-hashing embedder: the lexical baseline and the configured fallback when no
 * model can be loaded. It knows no synonyms ("solar" and "PV" are unrelated to it), which is why the
 * sentence model is the default.
 *
 * <p>Features are the lower-cased word unigrams and adjacent-word bigrams of the text; a token is a
 * run of letters and digits, and a decimal number ({@code 0.913}, {@code -12.5} loses its sign) stays
 * one token. Each feature is hashed with 64-bit FNV-1a over its UTF-8 bytes: the low bits pick one of
 * {@value #DIMENSION} buckets, the top bit the sign (signed hashing makes collisions cancel in
 * expectation instead of piling up). A feature's weight is the sublinear term frequency
 * {@code 1 + ln(tf)}, so repeated words do not dominate. The vector is L2-normalised; a text with no
 * token maps to the zero vector. The hash is fixed by this class, not by the JVM, so vectors are
 * identical across runs and machines; any change here needs a new {@link #MODEL} name.
 */
public final class HashingEmbedder implements Embedder {
  public static final String MODEL = "gridopt-hashing-v1";
  public static final int DIMENSION = 1536;

  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:\\.[\\p{N}]+)?");
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  @Override
  public String model() {
    return MODEL;
  }

  @Override
  public int dimension() {
    return DIMENSION;
  }

  @Override
  public float[] embed(String text) {
    Map<String, Integer> termFrequency = new HashMap<>();
    List<String> tokens = tokens(text);
    for (int i = 0; i < tokens.size(); i++) {
      termFrequency.merge(tokens.get(i), 1, Integer::sum);
      if (i > 0) {
        // The space cannot occur inside a token, so a bigram never collides with a unigram's text.
        termFrequency.merge(tokens.get(i - 1) + ' ' + tokens.get(i), 1, Integer::sum);
      }
    }
    double[] sums = new double[DIMENSION];
    for (Map.Entry<String, Integer> feature : termFrequency.entrySet()) {
      long hash = fnv1a(feature.getKey());
      int bucket = (int) ((hash & Long.MAX_VALUE) % DIMENSION);
      double weight = 1 + Math.log(feature.getValue());
      sums[bucket] += hash < 0 ? -weight : weight;
    }
    return normalised(sums);
  }

  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }

  static long fnv1a(String feature) {
    long hash = FNV_OFFSET;
    for (byte b : feature.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  private static float[] normalised(double[] sums) {
    double sumSquares = 0;
    for (double x : sums) {
      sumSquares += x * x;
    }
    float[] vector = new float[sums.length];
    if (sumSquares > 0) {
      double inverseNorm = 1 / Math.sqrt(sumSquares);
      for (int i = 0; i < sums.length; i++) {
        vector[i] = (float) (sums[i] * inverseNorm);
      }
    }
    return vector;
  }
}
