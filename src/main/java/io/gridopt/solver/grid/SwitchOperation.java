package io.gridopt.solver.grid;

/** One switching action that takes the network from its current state to the chosen one. */
public record SwitchOperation(String branchId, Action action) {
  public enum Action {
    OPEN("open"), CLOSE("close");

    private final String wireName;

    Action(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
