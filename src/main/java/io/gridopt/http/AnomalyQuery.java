package io.gridopt.http;

import io.gridopt.anomaly.GridAnomalyDetector;
import io.gridopt.anomaly.LoadAnomalyDetector;
import io.gridopt.anomaly.StorageAnomalyDetector;
import io.gridopt.domain.FieldError;
import io.gridopt.domain.ValidationException;
import io.gridopt.bus.AnomalyFilter;
import io.gridopt.bus.RunFilter;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Query parameters of {@code GET /anomalies}, validated (400 naming the parameter). */
final class AnomalyQuery {
  /** Every type code the detectors write (docs/anomalies.md). */
  static final List<String> TYPES = List.of(
      LoadAnomalyDetector.SPIKE, LoadAnomalyDetector.DROP, LoadAnomalyDetector.DROPOUT, LoadAnomalyDetector.STUCK,
      LoadAnomalyDetector.LEVEL_SHIFT, LoadAnomalyDetector.REJECTED, LoadAnomalyDetector.MISSING,
      LoadAnomalyDetector.FORECAST_PEAK,
      StorageAnomalyDetector.INFEASIBLE, StorageAnomalyDetector.IMPORT_LIMIT_BINDING,
      StorageAnomalyDetector.DEMAND_CHARGE_BINDING, StorageAnomalyDetector.INITIAL_SOC_OUT_OF_BOUNDS,
      StorageAnomalyDetector.NEGATIVE_PRICES,
      GridAnomalyDetector.UNDERVOLTAGE, GridAnomalyDetector.OVERVOLTAGE, GridAnomalyDetector.OVERLOAD,
      GridAnomalyDetector.NOT_RADIAL, GridAnomalyDetector.COLLAPSE, GridAnomalyDetector.NO_FEASIBLE_CONFIGURATION);
  static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

  private AnomalyQuery() {
  }

  static AnomalyFilter filter(MultiMap params) {
    List<FieldError> errors = new ArrayList<>();
    String type = params.get("type");
    if (type != null && !TYPES.contains(type)) {
      errors.add(new FieldError("type", "must be one of " + String.join(", ", TYPES)));
    }
    String severity = params.get("severity");
    if (severity != null && !SEVERITIES.contains(severity)) {
      errors.add(new FieldError("severity", "must be one of low, medium, high, critical"));
    }
    UUID run = null;
    if (params.get("run_id") != null) {
      try {
        run = RunQuery.runId(params.get("run_id"));
      } catch (ValidationException e) {
        errors.add(new FieldError("run_id", "must be a run id (UUID)"));
      }
    }
    Boolean resolved = null;
    String resolvedText = params.get("resolved");
    if (resolvedText != null) {
      resolved = RunQuery.bool(resolvedText, "resolved", errors);
    }
    RunFilter common = RunQuery.filter(withoutOwn(params), errors);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new AnomalyFilter(type, severity, common.region(), run, resolved, common.from(), common.to(),
        common.limit(), common.cursor());
  }

  /** The parameters GET /runs shares with GET /anomalies: region, from, to, limit, cursor. */
  private static MultiMap withoutOwn(MultiMap params) {
    MultiMap shared = MultiMap.caseInsensitiveMultiMap();
    for (String name : List.of("region", "from", "to", "limit", "cursor")) {
      if (params.get(name) != null) {
        shared.add(name, params.get(name));
      }
    }
    return shared;
  }

  static UUID anomalyId(String value) {
    try {
      return RunQuery.runId(value);
    } catch (ValidationException e) {
      throw new ValidationException("id", "must be an anomaly id (UUID)");
    }
  }
}
