package io.gridopt.persistence;

import io.vertx.core.json.JsonObject;

/**
 * How search ranks and checks itself, from flat configuration keys (values may be strings, as the
 * environment gives them). Defaults are the measured ones of docs/embeddings.md.
 *
 * @param exactBelow      a filtered set of at most this many distinct vectors is ranked exactly
 *                        ({@value #EXACT_BELOW}); 0 always uses the HNSW index
 * @param efSearch        {@code hnsw.ef_search} of index scans ({@value #EF_SEARCH})
 * @param recallCheckMs   period of the recall self-check ({@value #RECALL_CHECK_MS}); 0 turns it off
 * @param recallSample    stored vectors per model compared with an exact scan in each check ({@value #RECALL_SAMPLE})
 */
public record SearchSettings(int exactBelow, int efSearch, long recallCheckMs, int recallSample) {
  public static final String EXACT_BELOW = "GRIDOPT_SEARCH_EXACT_BELOW";
  public static final String EF_SEARCH = "GRIDOPT_SEARCH_EF_SEARCH";
  public static final String RECALL_CHECK_MS = "GRIDOPT_SEARCH_RECALL_CHECK_MS";
  public static final String RECALL_SAMPLE = "GRIDOPT_SEARCH_RECALL_SAMPLE";

  public static SearchSettings fromConfig(JsonObject config) {
    return new SearchSettings((int) number(config, EXACT_BELOW, 2_000, 0, 1_000_000),
        (int) number(config, EF_SEARCH, 400, 1, 1_000),
        number(config, RECALL_CHECK_MS, 300_000, 0, Long.MAX_VALUE),
        (int) number(config, RECALL_SAMPLE, 5, 1, 100));
  }

  private static long number(JsonObject config, String key, long defaultValue, long min, long max) {
    Object value = config.getValue(key);
    if (value == null || value.toString().isBlank()) {
      return defaultValue;
    }
    try {
      long parsed = Long.parseLong(value.toString().trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(key + " must be an integer from " + min + " to " + max + ", not '" + value + "'");
  }
}
