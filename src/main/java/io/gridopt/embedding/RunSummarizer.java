package io.gridopt.embedding;

import io.vertx.core.json.JsonObject;

/** The readable one-paragraph summary of a run that is embedded and stored as {@code content}. */
public final class RunSummarizer {
  private RunSummarizer() {
  }

  /** {@code run} carries request_type, region, forecast_date, status, error, input and result. */
  public static String summarize(JsonObject run) {
    StringBuilder text = new StringBuilder();
    text.append(run.getString("request_type", "unknown").replace('_', ' ')).append(" run for region ")
        .append(run.getString("region")).append(" on ").append(run.getString("forecast_date")).append('.');
    if ("failed".equals(run.getString("status"))) {
      text.append(" Failed: ").append(run.getString("error")).append('.');
    } else {
      text.append(" Completed.");
    }
    return text.toString();
  }
}
