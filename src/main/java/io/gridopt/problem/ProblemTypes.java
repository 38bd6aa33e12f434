package io.gridopt.problem;

import io.gridopt.domain.RequestType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The solvers this build ships, by request type. A type without a solver is answered with 501. */
public final class ProblemTypes {
  private final Map<RequestType, ProblemType<?>> byType = new EnumMap<>(RequestType.class);

  public ProblemTypes(List<ProblemType<?>> types) {
    for (ProblemType<?> type : types) {
      byType.put(type.requestType(), type);
    }
  }

  /** Every solver of this build. */
  public static ProblemTypes standard() {
    return new ProblemTypes(List.of(new StorageProblemType(), new GridSwitchProblemType(), new ForecastProblemType(),
        new NetworkDispatchProblemType()));
  }

  public Optional<ProblemType<?>> find(RequestType type) {
    return Optional.ofNullable(byType.get(type));
  }

  /**
   * Validates a request body of {@code type} (a {@link io.gridopt.domain.ValidationException} naming
   * every bad field) and parses it: the one reading of a request, by the run pipeline and by
   * re-embedding alike. CPU-bound for large bodies: call it on a worker thread.
   */
  public ParsedRequest<?> parse(RequestType type, JsonObject body) {
    // the HTTP edge checked this already; a submission straight on the bus has not been through it
    RequestReader.requireNoNulCharacters(body);
    ProblemType<?> problemType = byType.get(type);
    if (problemType != null) {
      return problemType.parse(body);
    }
    // no solver in this build: the engine will answer 501; still require what every run needs
    RequestReader reader = new RequestReader(body);
    String region = reader.requiredString("region");
    reader.throwIfInvalid();
    return new ParsedRequest<>(region, LocalDate.now(ZoneOffset.UTC), null, RequestFacts.of(body));
  }

  /**
   * The text embedded for a run ({@link RunSummary}): written by the run's problem type from the
   * parsed request and the result. A type without a solver here (a remote QNN may answer it) states
   * the top-level fields of its {@code input} and result; {@code input} is read for nothing else.
   */
  public String summary(RequestType type, ParsedRequest<?> parsed, JsonObject input, String status, String error,
      JsonObject result, JsonArray anomalies) {
    ProblemType<?> problemType = byType.get(type);
    RunSummary.Facts facts = problemType == null ? RunSummary.untypedFacts(input, result)
        : parsed.problem() == null ? RunSummary.Facts.empty() : facts(problemType, parsed, result);
    return RunSummary.text(type, parsed.region(), parsed.forecastDate(), status, error, result, facts, anomalies);
  }

  @SuppressWarnings("unchecked")
  private static <P> RunSummary.Facts facts(ProblemType<P> type, ParsedRequest<?> parsed, JsonObject result) {
    return type.summary((P) parsed.problem(), parsed.facts(), result);
  }
}
