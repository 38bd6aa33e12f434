package io.gridopt.problem;

import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a run's summary states about its request that the solver's problem does not keep: which
 * top-level fields were given (a default and an explicit value read alike in the problem), the
 * forecast run named, the MATPOWER case's name, and the load history as sent (values and missing
 * ones before cleaning). Built while the request is parsed, so the summary never reads the JSON again.
 *
 * @param historyLength values (or timestamped points) of the history as sent; 0 when none
 * @param historyMissing values sent as null; 0 when none
 */
public record RequestFacts(Set<String> fieldsGiven, String forecastRunId, String matpowerCaseName,
                           int historyLength, int historyMissing) {

  public static final RequestFacts NONE = new RequestFacts(Set.of(), null, null, 0, 0);

  public RequestFacts {
    fieldsGiven = Set.copyOf(fieldsGiven);
  }

  /** The top-level fields given (not null) and the forecast run named, of a request body. */
  public static RequestFacts of(JsonObject body) {
    if (body == null) {
      return NONE;
    }
    Set<String> given = body.fieldNames().stream().filter(f -> body.getValue(f) != null).collect(Collectors.toSet());
    String forecastRunId = body.getValue("forecast_run_id") instanceof String id && !id.isBlank() ? id.strip() : null;
    return new RequestFacts(given, forecastRunId, null, 0, 0);
  }

  public boolean given(String field) {
    return fieldsGiven.contains(field);
  }

  RequestFacts withMatpowerCaseName(String name) {
    return new RequestFacts(fieldsGiven, forecastRunId, name, historyLength, historyMissing);
  }

  RequestFacts withHistory(int length, int missing) {
    return new RequestFacts(fieldsGiven, forecastRunId, matpowerCaseName, length, missing);
  }
}
