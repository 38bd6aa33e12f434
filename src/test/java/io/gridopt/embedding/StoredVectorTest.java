package io.gridopt.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StoredVectorTest {

  @Test
  void padsToTheColumnDimensionAtUnitLength() {
    float[] stored = StoredVector.pad(new float[] {3, 4});
    assertThat(stored).hasSize(1536);
    assertThat(stored[0]).isEqualTo(0.6f);
    assertThat(stored[1]).isEqualTo(0.8f);
    for (int i = 2; i < stored.length; i++) {
      assertThat(stored[i]).isZero();
    }
  }

  @Test
  void paddingKeepsCosineSimilarityExact() {
    // cos([3,4],[4,3]) = 24/25 by hand; cos([1,0,0],[1,1,0]) = 1/sqrt(2).
    assertThat(StoredVector.cosine(StoredVector.pad(new float[] {3, 4}), StoredVector.pad(new float[] {4, 3})))
        .isCloseTo(0.96, within(1e-7));
    assertThat(StoredVector.cosine(StoredVector.pad(new float[] {1, 0, 0}), StoredVector.pad(new float[] {1, 1, 0})))
        .isCloseTo(Math.sqrt(0.5), within(1e-7));
    float[] a = {0.3f, -1.2f, 2.5f, 0.01f};
    float[] b = {-0.7f, 0.4f, 1.9f, -3.3f};
    assertThat(StoredVector.cosine(StoredVector.pad(a), StoredVector.pad(b))).isCloseTo(StoredVector.cosine(a, b), within(1e-7));
  }

  @Test
  void acceptsExactlyTheColumnDimensionAndRejectsMore() {
    float[] full = new float[1536];
    full[1535] = 2;
    assertThat(StoredVector.pad(full)[1535]).isEqualTo(1f);
    assertThatThrownBy(() -> StoredVector.pad(new float[1537]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vector has 1537 dimensions; the store holds 1 to 1536");
    assertThatThrownBy(() -> StoredVector.pad(new float[0])).hasMessage("vector has 0 dimensions; the store holds 1 to 1536");
  }

  @Test
  void rejectsNonFiniteAndZeroVectors() {
    assertThatThrownBy(() -> StoredVector.pad(new float[] {1, Float.NaN})).hasMessage("vector has a non-finite component: NaN");
    assertThatThrownBy(() -> StoredVector.pad(new float[] {Float.POSITIVE_INFINITY}))
        .hasMessage("vector has a non-finite component: Infinity");
    assertThatThrownBy(() -> StoredVector.pad(new float[3]))
        .hasMessage("cannot store the zero vector: its cosine similarity is undefined");
  }

  @Test
  void literalIsPgvectorTextOf1536ComponentsAndParsesBack() {
    String literal = StoredVector.literal(new float[] {3, 4});
    assertThat(literal).startsWith("[0.6,0.8,0.0,0.0,").endsWith(",0.0]");
    assertThat(literal.split(",")).hasSize(1536);
    float[] parsed = StoredVector.parse(literal);
    assertThat(parsed).hasSize(1536);
    assertThat(parsed[0]).isEqualTo(0.6f);
    assertThat(parsed[1]).isEqualTo(0.8f);
    assertThat(StoredVector.parse("[1,2.5,-3]")).containsExactly(1f, 2.5f, -3f);
    assertThatThrownBy(() -> StoredVector.parse("1,2")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a pgvector literal: 1,2");
  }
}
