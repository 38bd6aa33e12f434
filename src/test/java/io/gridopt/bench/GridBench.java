package io.gridopt.bench;

import io.gridopt.solver.grid.Feeders;
import io.gridopt.solver.grid.Reconfiguration;
import io.gridopt.solver.grid.ReconfigurationOptions.Method;
import io.gridopt.solver.grid.ReconfigurationOptions;
import io.gridopt.solver.grid.ReconfigurationResult;
import io.gridopt.solver.matpower.MatpowerCase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reconfiguration solve time per test feeder: median wall time and median CPU time of the solving
 * thread over {@code REPETITIONS} solves after {@code WARM_UP} unmeasured ones (the machine is shared,
 * so CPU time is the steadier figure), power flows evaluated and losses before and after. Run:
 * {@code mvn -B -q test-compile exec:java -Dexec.mainClass=io.gridopt.bench.GridBench}.
 */
public final class GridBench {
  private static final int WARM_UP = 10;
  private static final int REPETITIONS = 21;

  private GridBench() {
  }

  public static void main(String[] args) {
    System.out.println(EnvironmentBench.describe());
    System.out.printf(Locale.ROOT, "%-26s %5s %5s %10s %10s %9s %11s %11s %8s  %s%n", "feeder", "buses", "ties",
        "wall ms", "cpu ms", "flows", "loss before", "loss after", "v_min", "open branches");
    run("case33bw.m", Method.AUTO);
    run("case33bw.m", Method.ENUMERATE);
    run("case70da.m", Method.AUTO);
    run("case118zh.m", Method.AUTO);
    run("case136ma.m", Method.AUTO);
  }

  private static void run(String file, Method method) {
    MatpowerCase c = Feeders.matpower(file);
    ReconfigurationOptions options = new ReconfigurationOptions(c.vMinPu() == null ? 0.9 : c.vMinPu(), null, 1.0)
        .withMethod(method);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ReconfigurationResult result = null;
    int repetitions = method == Method.ENUMERATE ? 5 : REPETITIONS;
    for (int i = 0; i < (method == Method.ENUMERATE ? 2 : WARM_UP); i++) {
      result = Reconfiguration.optimize(c.network(), options);
    }
    double[] wall = new double[repetitions];
    double[] cpu = new double[repetitions];
    for (int i = 0; i < repetitions; i++) {
      long cpu0 = threads.getCurrentThreadCpuTime();
      long wall0 = System.nanoTime();
      result = Reconfiguration.optimize(c.network(), options);
      wall[i] = (System.nanoTime() - wall0) / 1e6;
      cpu[i] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6;
    }
    long ties = c.network().branches().size() - c.network().buses().size() + c.network().slackBusIds().size();
    String name = file.replace(".m", "") + (method == Method.ENUMERATE ? " (enumerate all)" : "");
    System.out.printf(Locale.ROOT, "%-26s %5d %5d %10.1f %10.1f %9d %11.2f %11.2f %8.4f  %s%s%n", name,
        c.network().buses().size(), ties, median(wall), median(cpu), result.powerFlowsEvaluated(),
        result.before().lossKw(), result.after().lossKw(), result.after().vMinPu(), result.after().openBranchIds(),
        result.provenOptimal() ? " proven" : "");
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
