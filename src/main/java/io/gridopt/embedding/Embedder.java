package io.gridopt.embedding;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a vector, in-process and blocking: call it from a worker thread, never from an
 * event loop. Implementations are thread-safe. The vectors of one {@link #model()} form one space;
 * vectors of different models must never be compared, which is why the model name is stored with
 * every row.
 */
public interface Embedder {

  /** Name of the vector space, stored in {@code optimization_embeddings.model}. */
  String model();

  /** Length of the vectors {@link #embed} returns (before padding to {@link StoredVector#DIMENSION}). */
  int dimension();

  /** The embedding of {@code text}, of length {@link #dimension()}. */
  float[] embed(String text);

  /** Embeddings of several texts, in order; override where a batch is cheaper than a loop. */
  default List<float[]> embedAll(List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (String text : texts) {
      vectors.add(embed(text));
    }
    return vectors;
  }
}
