package io.gridopt.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {
  private static final MiniLmEmbedder EMBEDDER = new MiniLmEmbedder();

  @Test
  void reproducesThePublishedSimilaritiesOfAllMiniLmL6V2() {
    // sentence-transformers' documentation gives these cosine scores for all-MiniLM-L6-v2 (float32):
    // 0.8939, 0.2838 and -0.0327. The int8 model stays within 0.02 of them.
    assertThat(similarity("The new movie is awesome", "The new movie is so great")).isCloseTo(0.8939, within(0.02));
    assertThat(similarity("The cat sits outside", "The dog plays in the garden")).isCloseTo(0.2838, within(0.02));
    assertThat(similarity("A man is playing guitar", "A woman watches TV")).isCloseTo(-0.0327, within(0.02));
  }

  @Test
  void unitVectorsOf384DimensionsNamedAfterTheModel() {
    float[] v = EMBEDDER.embed("Battery storage schedule for region Dayton");
    assertThat(v).hasSize(384);
    assertThat(StoredVector.cosine(v, v)).isCloseTo(1.0, within(1e-6));
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-4));
    assertThat(EMBEDDER.model()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(EMBEDDER.dimension()).isEqualTo(384);
  }

  @Test
  void knowsSynonymsThatHashingCannot() {
    String run = "Battery storage schedule; solar PV up to 180 kW; negative prices in 3 of 24 steps";
    double semantic = similarity("battery with rooftop solar panels", run);
    double unrelated = similarity("battery with rooftop solar panels", "Load forecast for region DUQ, horizon 24 h");
    assertThat(semantic - unrelated).isGreaterThan(0.2);
  }

  @Test
  void batchEqualsOneByOneAndThreadsAgree() throws Exception {
    List<String> texts = List.of("feeder reconfiguration cut losses", "failed forecast", "battery with negative prices",
        "week-ahead load forecast for DUQ");
    List<float[]> batch = EMBEDDER.embedAll(texts);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> parallel = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (String text : texts) {
          parallel.add(pool.submit(() -> EMBEDDER.embed(text)));
        }
      }
      for (int i = 0; i < parallel.size(); i++) {
        // each text is its own inference: the same vector, bit for bit, alone, in a list or from several threads
        assertThat(parallel.get(i).get()).isEqualTo(batch.get(i % texts.size()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void givesLangChain4jsVectorsSoStoredVectorsKeepTheirModelName() {
    // The embedder tokenizes and pools itself; stored vectors of this model name came from LangChain4j's encoder.
    EmbeddingModel langChain = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
    List<String> texts = new ArrayList<>();
    RetrievalFixtures.runs().forEach(run -> texts.add(run.summary()));
    RetrievalFixtures.queries().forEach(query -> texts.add(query.text()));
    texts.add("Grid switching für Región Zürich: Verluste −31 % (µ=0.5), “open” branches 7–9; ✓ 🙂 [UNK] ##ab e.g.");
    texts.add("battery ".repeat(600) + "with negative prices");
    List<float[]> ours = EMBEDDER.embedAll(texts);
    double worst = 0;
    for (int i = 0; i < texts.size(); i++) {
      float[] theirs = langChain.embed(texts.get(i)).content().vector();
      for (int j = 0; j < theirs.length; j++) {
        worst = Math.max(worst, Math.abs(ours.get(i)[j] - theirs[j]));
      }
    }
    // only the float rounding of two ONNX sessions with different thread counts may differ
    assertThat(worst).isLessThan(1e-5);
  }

  @Test
  void rejectsBlankText() {
    assertThatThrownBy(() -> EMBEDDER.embed(" ")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot embed blank text");
    assertThatThrownBy(() -> EMBEDDER.embedAll(List.of("ok", ""))).hasMessage("cannot embed blank text");
  }

  private static double similarity(String a, String b) {
    return StoredVector.cosine(EMBEDDER.embed(a), EMBEDDER.embed(b));
  }
}
