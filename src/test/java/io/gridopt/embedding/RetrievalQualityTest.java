package io.gridopt.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.embedding.RetrievalFixtures.LabelledRun;
import io.gridopt.embedding.RetrievalFixtures.Query;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 6's retrieval evidence: the labelled runs are summarised as the service does ({@link RetrievalFixtures#summarize}), embedded,
 * padded as stored, and ranked by cosine for each query; recall@5 and MRR of the sentence model are
 * compared with the hashing baseline. The figures are printed; see docs/embeddings.md.
 */
class RetrievalQualityTest {
  private static List<LabelledRun> runs;
  private static List<Query> queries;
  private static RetrievalEvaluation hashing;
  private static RetrievalEvaluation miniLm;

  @BeforeAll
  static void evaluate() {
    runs = RetrievalFixtures.runs();
    queries = RetrievalFixtures.queries();
    hashing = RetrievalEvaluation.evaluate(new HashingEmbedder(), runs, queries);
    miniLm = RetrievalEvaluation.evaluate(new MiniLmEmbedder(), runs, queries);
    System.out.print(hashing.table());
    System.out.print(miniLm.table());
  }

  @Test
  void labelledSetIsLargeAndVaried() {
    assertThat(runs).hasSizeGreaterThanOrEqualTo(30);
    assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
    assertThat(runs.stream().map(LabelledRun::type).distinct()).hasSize(4);
    assertThat(runs.stream().map(LabelledRun::region).distinct().count()).isGreaterThanOrEqualTo(4);
    assertThat(runs.stream().filter(r -> r.status().equals("failed")).count()).isGreaterThanOrEqualTo(6);
    Set<String> ids = runs.stream().map(LabelledRun::id).collect(Collectors.toSet());
    assertThat(ids).hasSize(runs.size());
    for (Query q : queries) {
      assertThat(ids).containsAll(q.relevant());
      assertThat(q.relevant()).hasSizeBetween(1, RetrievalEvaluation.K);
    }
  }

  @Test
  void hashingBaselineFiguresArePinned() {
    // Pure Java and deterministic: these change only when the summaries or the hashing change.
    assertThat(hashing.recallAtK()).isCloseTo(0.622, within(0.001));
    assertThat(hashing.mrr()).isCloseTo(0.680, within(0.001));
  }

  @Test
  void sentenceModelIsClearlyBetterThanHashing() {
    long better = perQueryRecallComparison(1);
    long worse = perQueryRecallComparison(-1);
    System.out.printf(Locale.ROOT, "recall@5 %.3f vs %.3f, MRR %.3f vs %.3f; MiniLM finds more on %d queries, fewer on %d%n",
        miniLm.recallAtK(), hashing.recallAtK(), miniLm.mrr(), hashing.mrr(), better, worse);
    assertThat(miniLm.recallAtK()).isGreaterThanOrEqualTo(0.8);
    assertThat(miniLm.recallAtK() - hashing.recallAtK()).isGreaterThanOrEqualTo(0.15);
    assertThat(miniLm.mrr()).isGreaterThan(hashing.mrr());
    assertThat(better).isGreaterThanOrEqualTo(3 * worse);
  }

  private static long perQueryRecallComparison(int sign) {
    long n = 0;
    for (int i = 0; i < queries.size(); i++) {
      n += Math.signum(miniLm.perQuery().get(i).recall() - hashing.perQuery().get(i).recall()) == sign ? 1 : 0;
    }
    return n;
  }
}
