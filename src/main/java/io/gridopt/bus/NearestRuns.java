package io.gridopt.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reply of {@code gridopt.persistence.run.similar} and {@code gridopt.persistence.run.search}, and the answer of
 * {@code GET /runs/{id}/similar} and {@code GET /runs/search}: the nearest distinct summaries of {@code model},
 * most similar first; how many stored runs have no vector of that model ({@code runsNotInModel}); whether every
 * candidate was ranked by its true distance ({@code exact}). A similar-runs answer names its run ({@code runId});
 * a search answer its text ({@code query}), which the HTTP route adds: persistence sees only the vector. A run
 * without a vector has no neighbours: its answer holds only {@code run_id}, {@code model} and empty
 * {@code results}. Absent parts are null and left out of the JSON; {@code model} is always there (null when
 * the run has no embedding).
 */
public record NearestRuns(UUID runId, String model, Long runsNotInModel, Boolean exact, List<Hit> results,
                          String query) {

  /**
   * One distinct summary among the nearest: its newest run (as a run list shows it), the cosine similarity to
   * the query, the summary text, how many runs share it and up to five of their ids, newest first.
   */
  public record Hit(RunView run, double score, String summary, long runCount, List<UUID> newestRunIds) {

    public JsonObject toJson() {
      JsonArray ids = new JsonArray();
      newestRunIds.forEach(id -> ids.add(id.toString()));
      return run.toJson().put("score", score).put("summary", summary).put("run_count", runCount)
          .put("newest_run_ids", ids);
    }

    public static Hit fromJson(JsonObject json) {
      List<UUID> ids = new ArrayList<>();
      json.getJsonArray("newest_run_ids").forEach(id -> ids.add(UUID.fromString((String) id)));
      return new Hit(RunView.fromJson(json), json.getDouble("score"), json.getString("summary"),
          json.getLong("run_count"), ids);
    }
  }

  /** The search answer as the API gives it: with the query text. */
  public NearestRuns withQuery(String text) {
    return new NearestRuns(runId, model, runsNotInModel, exact, results, text);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (runId != null) {
      json.put("run_id", runId.toString());
    }
    json.put("model", model);
    if (runsNotInModel != null) {
      json.put("runs_not_in_model", runsNotInModel);
    }
    if (exact != null) {
      json.put("exact", exact);
    }
    JsonArray hits = new JsonArray();
    results.forEach(hit -> hits.add(hit.toJson()));
    json.put("results", hits);
    if (query != null) {
      json.put("query", query);
    }
    return json;
  }

  public static NearestRuns fromJson(JsonObject json) {
    String run = json.getString("run_id");
    List<Hit> hits = new ArrayList<>();
    json.getJsonArray("results").forEach(hit -> hits.add(Hit.fromJson((JsonObject) hit)));
    return new NearestRuns(run == null ? null : UUID.fromString(run), json.getString("model"),
        json.getLong("runs_not_in_model"), json.getBoolean("exact"), hits, json.getString("query"));
  }
}
