package io.gridopt.problem;

import io.gridopt.domain.RequestType;
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
}
