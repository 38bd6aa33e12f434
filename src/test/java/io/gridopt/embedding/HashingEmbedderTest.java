package io.gridopt.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HashingEmbedderTest {
  private final HashingEmbedder embedder = new HashingEmbedder();

  @Test
  void hashIsFnv1a64() {
    // Published FNV-1a 64-bit test vectors.
    assertThat(HashingEmbedder.fnv1a("")).isEqualTo(0xcbf29ce484222325L);
    assertThat(HashingEmbedder.fnv1a("a")).isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(HashingEmbedder.fnv1a("foobar")).isEqualTo(0x85944171f73967e8L);
  }

  @Test
  void oneWordIsOneSignedUnitComponent() {
    // fnv1a("a") = 0xaf63dc4c8601ec8c: top bit set -> negative; low 63 bits mod 1536 = 140.
    float[] v = embedder.embed("A");
    assertThat(v).hasSize(1536);
    assertThat(v[140]).isEqualTo(-1f);
    assertThat(nonZero(v)).isEqualTo(1);
  }

  @Test
  void repeatedWordGetsSublinearWeightBesideItsBigram() {
    // "b b": unigram b (tf 2, weight 1 + ln 2, bucket 1445, sign -) and bigram "b b" (weight 1, bucket 711, sign -).
    float[] v = embedder.embed("b b");
    double norm = Math.hypot(1 + Math.log(2), 1);
    assertThat((double) v[1445]).isCloseTo(-(1 + Math.log(2)) / norm, within(1e-6));
    assertThat((double) v[711]).isCloseTo(-1 / norm, within(1e-6));
    assertThat(nonZero(v)).isEqualTo(2);
  }

  @Test
  void tokensAreLowerCaseWordsAndDecimalNumbers() {
    assertThat(HashingEmbedder.tokens("Minimum voltage 0.913 pu, PV-curtailed; 12,5"))
        .containsExactly("minimum", "voltage", "0.913", "pu", "pv", "curtailed", "12", "5");
  }

  @Test
  void deterministicUnitLengthAndLexicallySensible() {
    String run = "Battery storage schedule for region Dayton, negative prices in 3 of 24 steps";
    float[] a = embedder.embed(run);
    assertThat(embedder.embed(run)).containsExactly(a);
    assertThat(StoredVector.cosine(a, a)).isCloseTo(1.0, within(1e-6));
    double related = StoredVector.cosine(a, embedder.embed("battery schedule Dayton negative prices"));
    double unrelated = StoredVector.cosine(a, embedder.embed("feeder reconfiguration losses before and after"));
    assertThat(related).isGreaterThan(0.3);
    assertThat(unrelated).isLessThan(0.1);
  }

  @Test
  void cosineCountsSharedFeatures() {
    // {grid, losses, "grid losses"} and {grid, voltage, "grid voltage"} share one of three unit features,
    // and their five buckets (1073, 1402, 992, 485, 331) are distinct: cosine 1/3.
    assertThat(StoredVector.cosine(embedder.embed("grid losses"), embedder.embed("Grid voltage")))
        .isCloseTo(1.0 / 3, within(1e-6));
  }

  @Test
  void textWithoutTokensIsTheZeroVector() {
    assertThat(nonZero(embedder.embed(" ;-- "))).isZero();
    assertThat(embedder.model()).isEqualTo("gridopt-hashing-v1");
    assertThat(embedder.dimension()).isEqualTo(1536);
  }

  private static int nonZero(float[] v) {
    int n = 0;
    for (float x : v) {
      n += x != 0 ? 1 : 0;
    }
    return n;
  }
}
