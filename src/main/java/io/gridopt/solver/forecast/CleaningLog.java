package io.gridopt.solver.forecast;

import java.util.BitSet;
import java.util.List;

/**
 * Where cleaning changed a series, step by step: the steps whose value was filled by interpolation
 * (missing or rejected readings) and the readings rejected as impossible, with their raw value. The
 * anomaly detectors need the places, not only the counts of {@link DataQuality}: a filled step is
 * not a reading and must not count as a stuck or spiking meter.
 *
 * @param filledSteps steps (indices of the cleaned series) that carry an interpolated value
 * @param rejected readings rejected inside the kept span, in step order
 */
public record CleaningLog(BitSet filledSteps, List<Rejected> rejected) {

  public CleaningLog {
    filledSteps = (BitSet) filledSteps.clone();
    rejected = List.copyOf(rejected);
  }

  /** A log of a series nothing was done to. */
  public static CleaningLog none() {
    return new CleaningLog(new BitSet(), List.of());
  }

  public boolean filled(int step) {
    return filledSteps.get(step);
  }

  /** One rejected reading: its step in the cleaned series, the value as sent and why it was rejected. */
  public record Rejected(int step, double value, String reason) {
  }
}
