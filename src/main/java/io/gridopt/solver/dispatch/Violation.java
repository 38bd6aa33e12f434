package io.gridopt.solver.dispatch;

/**
 * One limit broken at one step: {@code kind} is {@code v_max}, {@code v_min} (bus voltage, pu),
 * {@code current} (branch current, A), {@code soc} (battery SoC outside its range, kWh) or
 * {@code final_soc}; {@code element} the bus, branch or battery id; {@code value} what the AC power
 * flow (or the SoC recursion) gives, {@code limit} the bound it breaks.
 */
public record Violation(int step, String kind, String element, double value, double limit) {

  /** How far beyond the limit, in the limit's unit (>= 0). */
  public double amount() {
    return Math.abs(value - limit);
  }
}
