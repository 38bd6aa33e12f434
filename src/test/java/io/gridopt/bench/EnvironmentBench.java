package io.gridopt.bench;

/** Prints the facts every benchmark report should carry alongside its figures. */
public final class EnvironmentBench {
  private EnvironmentBench() {
  }

  public static String describe() {
    Runtime rt = Runtime.getRuntime();
    return "java " + System.getProperty("java.version") + ", " + rt.availableProcessors() + " cpus, max heap "
        + rt.maxMemory() / (1024 * 1024) + " MiB";
  }

  public static void main(String[] args) {
    System.out.println(describe());
  }
}
