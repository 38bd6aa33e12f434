package io.gridopt.embedding;

import com.pgvector.PGvector;
import java.sql.SQLException;

/**
 * The form in which vectors are stored: the schema's column is {@code vector(1536)}, so a model with
 * fewer dimensions is L2-normalised and zero-padded. Padding adds zeros to both operands of every
 * dot product and to no norm, so cosine similarity between two padded vectors equals that between
 * the originals exactly; queries must still compare only vectors of the same model.
 */
public final class StoredVector {
  /** Dimension of {@code optimization_embeddings.embedding}. */
  public static final int DIMENSION = 1536;

  private StoredVector() {
  }

  /**
   * Unit-length copy of {@code vector}, zero-padded to {@link #DIMENSION}. Rejects vectors longer
   * than the column, non-finite components and the zero vector (whose cosine is undefined).
   */
  public static float[] pad(float[] vector) {
    if (vector.length == 0 || vector.length > DIMENSION) {
      throw new IllegalArgumentException(
          "vector has " + vector.length + " dimensions; the store holds 1 to " + DIMENSION);
    }
    double sumSquares = 0;
    for (float x : vector) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("vector has a non-finite component: " + x);
      }
      sumSquares += (double) x * x;
    }
    if (sumSquares == 0) {
      throw new IllegalArgumentException("cannot store the zero vector: its cosine similarity is undefined");
    }
    double inverseNorm = 1 / Math.sqrt(sumSquares);
    float[] stored = new float[DIMENSION];
    for (int i = 0; i < vector.length; i++) {
      stored[i] = (float) (vector[i] * inverseNorm);
    }
    return stored;
  }

  /** pgvector's text literal {@code [x1,x2,...]} of the padded vector, for {@code $1::vector}. */
  public static String literal(float[] vector) {
    return new PGvector(pad(vector)).getValue();
  }

  /** Parses a pgvector text literal as the database returns it. */
  public static float[] parse(String literal) {
    if (literal == null || !literal.startsWith("[") || !literal.endsWith("]")) {
      throw new IllegalArgumentException("not a pgvector literal: " + abbreviate(literal));
    }
    try {
      return new PGvector(literal).toArray();
    } catch (SQLException | RuntimeException e) {
      throw new IllegalArgumentException("not a pgvector literal: " + abbreviate(literal), e);
    }
  }

  /** Cosine similarity; vectors of different lengths compare as if the shorter were zero-padded. */
  public static double cosine(float[] a, float[] b) {
    int common = Math.min(a.length, b.length);
    double dot = 0;
    for (int i = 0; i < common; i++) {
      dot += (double) a[i] * b[i];
    }
    double norms = Math.sqrt(sumSquares(a) * sumSquares(b));
    return norms == 0 ? 0 : dot / norms;
  }

  private static double sumSquares(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return s;
  }

  private static String abbreviate(String s) {
    return s == null ? "null" : s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
