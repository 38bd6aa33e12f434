package io.gridopt.solver.forecast;

import java.time.OffsetDateTime;

/** One reading of an irregular history; {@code value} is NaN for a missing reading. */
public record HistoryPoint(OffsetDateTime timestamp, double value) {
}
