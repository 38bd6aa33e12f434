package io.gridopt.embedding;

/** Vector helpers: normalisation and zero-padding to the stored width (padding keeps cosine exact). */
public final class Vectors {
  private Vectors() {
  }

  public static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm == 0) {
      return v;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  public static float[] padTo(float[] v, int width) {
    if (v.length > width) {
      throw new IllegalArgumentException("vector of " + v.length + " dimensions does not fit " + width);
    }
    float[] out = new float[width];
    System.arraycopy(v, 0, out, 0, v.length);
    return out;
  }
}
