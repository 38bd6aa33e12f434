package io.gridopt.domain;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of optimization run, with the names used in the API and in {@code optimization_runs.request_type}. */
public enum RequestType {
  FORECAST("forecast"),
  STORAGE("storage"),
  GRID_SWITCH("grid_switch"),
  NETWORK_DISPATCH("network_dispatch"),
  SIMULATION("simulation");

  private final String wireName;

  RequestType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<RequestType> fromWire(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
