package io.gridopt.config;

import java.util.Arrays;
import java.util.Optional;

/** The verticle roles a node can deploy ({@code GRIDOPT_DEPLOY}). */
public enum Role {
  HTTP("http"),
  /** The entry point of runs on the bus; a node with {@link #HTTP} runs it too (its endpoints submit through it). */
  RUNS("runs"),
  QNN_CLIENT("qnn-client"),
  ENGINE("engine"),
  PERSISTENCE("persistence"),
  EMBEDDING("embedding");

  private final String configName;

  Role(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Optional<Role> fromConfigName(String name) {
    return Arrays.stream(values()).filter(r -> r.configName.equals(name.trim())).findFirst();
  }
}
