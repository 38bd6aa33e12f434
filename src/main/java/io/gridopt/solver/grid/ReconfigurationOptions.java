package io.gridopt.solver.grid;

/**
 * Limits and search settings. {@code maxSwitchOperations} (null: no cap) counts the branches whose
 * state differs from the current one. {@code maxCurrentA} of each branch applies where given.
 * {@code method} AUTO enumerates every radial configuration when there are at most
 * {@link Reconfiguration#ENUMERATION_LIMIT} of them (a proof of optimality) and searches otherwise.
 */
public record ReconfigurationOptions(double vMinPu, Integer maxSwitchOperations, double loadScale, Method method) {

  public enum Method { AUTO, SEARCH, ENUMERATE }

  public ReconfigurationOptions(double vMinPu, Integer maxSwitchOperations, double loadScale) {
    this(vMinPu, maxSwitchOperations, loadScale, Method.AUTO);
  }

  public ReconfigurationOptions withMethod(Method newMethod) {
    return new ReconfigurationOptions(vMinPu, maxSwitchOperations, loadScale, newMethod);
  }
}
