package io.gridopt.solver.grid;

import io.gridopt.solver.matpower.MatpowerCase;
import io.gridopt.solver.matpower.MatpowerCaseParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Test feeders from src/test/resources/grids and small hand-made networks. */
public final class Feeders {
  private Feeders() {
  }

  public static String text(String file) {
    try (InputStream in = Feeders.class.getResourceAsStream("/grids/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource grids/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static MatpowerCase matpower(String file) {
    return MatpowerCaseParser.parse(text(file));
  }

  /** The same network with exactly {@code open} open. */
  public static Network withOpen(Network network, Set<String> open) {
    return network.withBranches(network.branches().stream().map(b -> b.withClosed(!open.contains(b.id()))).toList());
  }

  /**
   * A 10 kV meshed network of 8 buses and 11 branches (4 independent loops) fed from bus s, with
   * mixed loads; branches t1..t4 are open now.
   */
  public static Network smallMeshed() {
    List<Bus> buses = List.of(new Bus("s", 0, 0), new Bus("a", 400, 200), new Bus("b", 300, 100),
        new Bus("c", 500, 300), new Bus("d", 200, 150), new Bus("e", 600, 200), new Bus("f", 250, 100),
        new Bus("g", 350, 250));
    List<Branch> branches = List.of(
        new Branch("1", "s", "a", 0.8, 0.6, true, true, null),
        new Branch("2", "a", "b", 1.2, 0.8, true, true, null),
        new Branch("3", "b", "c", 1.5, 1.0, true, true, null),
        new Branch("4", "s", "d", 0.7, 0.5, true, true, null),
        new Branch("5", "d", "e", 1.1, 0.9, true, true, null),
        new Branch("6", "e", "f", 0.9, 0.4, true, true, null),
        new Branch("7", "f", "g", 1.3, 1.1, true, true, null),
        new Branch("t1", "c", "g", 1.0, 0.7, false, true, null),
        new Branch("t2", "b", "e", 2.0, 1.5, false, true, null),
        new Branch("t3", "a", "d", 1.6, 1.2, false, true, null),
        new Branch("t4", "c", "f", 0.9, 0.9, false, true, null));
    return new Network(10.0, List.of("s"), 1.0, buses, branches);
  }
}
