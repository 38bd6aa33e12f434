package io.gridopt.embedding;

import io.gridopt.embedding.RetrievalFixtures.LabelledRun;
import io.gridopt.embedding.RetrievalFixtures.Query;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Ranks the labelled runs for each query by cosine similarity of their stored (padded) vectors, as
 * the database's cosine index would, and scores the ranking: recall@k is the share of a query's
 * relevant runs found in the top k (every query has at most k relevant runs, so 1.0 is reachable);
 * MRR is the mean over queries of 1 / rank of the first relevant run.
 */
public record RetrievalEvaluation(String model, double recallAtK, double mrr, List<QueryScore> perQuery) {
  public static final int K = 5;

  public record QueryScore(String query, double recall, int firstRelevantRank, List<String> top) {
  }

  public static RetrievalEvaluation evaluate(Embedder embedder, List<LabelledRun> runs, List<Query> queries) {
    List<float[]> stored = new ArrayList<>();
    for (float[] v : embedder.embedAll(runs.stream().map(LabelledRun::summary).toList())) {
      stored.add(StoredVector.pad(v));
    }
    List<QueryScore> scores = new ArrayList<>();
    for (Query query : queries) {
      float[] q = StoredVector.pad(embedder.embed(query.text()));
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < runs.size(); i++) {
        order.add(i);
      }
      // Ties broken by run id so that the ranking, and so the figures, are deterministic.
      order.sort(Comparator.comparingDouble((Integer i) -> -StoredVector.cosine(q, stored.get(i)))
          .thenComparing(i -> runs.get(i).id()));
      List<String> ranked = order.stream().map(i -> runs.get(i).id()).toList();
      long hits = ranked.subList(0, K).stream().filter(query.relevant()::contains).count();
      int first = 0;
      while (!query.relevant().contains(ranked.get(first))) {
        first++;
      }
      scores.add(new QueryScore(query.text(), (double) hits / query.relevant().size(), first + 1, ranked.subList(0, K)));
    }
    double recall = scores.stream().mapToDouble(QueryScore::recall).average().orElse(0);
    double mrr = scores.stream().mapToDouble(s -> 1.0 / s.firstRelevantRank()).average().orElse(0);
    return new RetrievalEvaluation(embedder.model(), recall, mrr, scores);
  }

  public String table() {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: recall@%d %.3f, MRR %.3f%n", model, K, recallAtK, mrr));
    for (QueryScore q : perQuery) {
      s.append(String.format(Locale.ROOT, "  %-70s recall %.2f first@%-3d top %s%n", q.query(), q.recall(),
          q.firstRelevantRank(), q.top()));
    }
    return s.toString();
  }
}
