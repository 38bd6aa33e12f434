package io.gridopt.solver.grid;

/**
 * A line or cable between two buses with its series impedance in ohms (per phase), its current
 * switch state and whether the optimizer may change that state. {@code maxCurrentA} is the thermal
 * limit, null when none is given.
 */
public record Branch(String id, String fromBusId, String toBusId, double rOhm, double xOhm, boolean closed,
    boolean switchable, Double maxCurrentA) {

  public Branch withClosed(boolean newClosed) {
    return new Branch(id, fromBusId, toBusId, rOhm, xOhm, newClosed, switchable, maxCurrentA);
  }

  public Branch withSwitchable(boolean newSwitchable) {
    return new Branch(id, fromBusId, toBusId, rOhm, xOhm, closed, newSwitchable, maxCurrentA);
  }
}
