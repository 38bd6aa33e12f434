package io.gridopt.embedding;

/** Turns text into a vector. Implementations are thread-safe and blocking (call them off the event loop). */
public interface Embedder {
  /** Stored with every vector; similarity queries only compare vectors of the same model. */
  String model();

  int dimension();

  float[] embed(String text);
}
