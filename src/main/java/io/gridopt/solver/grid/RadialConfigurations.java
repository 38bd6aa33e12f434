package io.gridopt.solver.grid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The radial configurations of a network as spanning trees of its graph with all substations
 * merged into one source node and every non-switchable closed branch contracted: counting them
 * (Kirchhoff's matrix-tree theorem), listing them all, and building a first one.
 */
final class RadialConfigurations {

  private RadialConfigurations() {
  }

  /** Counts what {@link #forEach} visits. */
  static final class Visit {
    long count;
  }

  /** Union-find with undo, for enumeration. */
  private static final class Components {
    private final int[] parent;
    private final int[] size;
    private final int[] undo;
    private int undoSize;

    Components(int n) {
      parent = new int[n];
      size = new int[n];
      undo = new int[n];
      for (int i = 0; i < n; i++) {
        parent[i] = i;
        size[i] = 1;
      }
    }

    int find(int a) {
      while (parent[a] != a) {
        a = parent[a];
      }
      return a;
    }

    /** Joins the sets of a and b; false when they were already one. */
    boolean union(int a, int b) {
      int ra = find(a);
      int rb = find(b);
      if (ra == rb) {
        return false;
      }
      if (size[ra] < size[rb]) {
        int t = ra;
        ra = rb;
        rb = t;
      }
      parent[rb] = ra;
      size[ra] += size[rb];
      undo[undoSize++] = rb;
      return true;
    }

    void undoLast() {
      int rb = undo[--undoSize];
      int ra = parent[rb];
      size[ra] -= size[rb];
      parent[rb] = rb;
    }
  }

  /** Every substation merged into one component: being fed from any of them is being fed. */
  private static Components substationsMerged(GridModel m) {
    Components c = new Components(m.busCount);
    int firstRoot = firstRoot(m);
    for (int b = firstRoot + 1; b < m.busCount; b++) {
      if (m.root[b]) {
        c.union(firstRoot, b);
      }
    }
    return c;
  }

  private static int firstRoot(GridModel m) {
    for (int b = 0; b < m.busCount; b++) {
      if (m.root[b]) {
        return b;
      }
    }
    return -1;
  }

  /** Buses merged through the substations and the non-switchable closed branches; null if those form a loop. */
  private static Components contracted(GridModel m) {
    Components c = substationsMerged(m);
    for (int k = 0; k < m.branchCount; k++) {
      if (m.fixedClosed[k] && !c.union(m.from[k], m.to[k])) {
        return null;
      }
    }
    return c;
  }

  /** Free branches that join different contracted nodes: the edges a radial configuration chooses from. */
  private static int[] choiceEdges(GridModel m, Components c) {
    List<Integer> edges = new ArrayList<>();
    for (int k = 0; k < m.branchCount; k++) {
      if (m.free[k] && c.find(m.from[k]) != c.find(m.to[k])) {
        edges.add(k);
      }
    }
    return edges.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Number of radial configurations, or {@code cap} when there are at least that many. */
  static long count(GridModel m, long cap) {
    Components c = contracted(m);
    if (c == null) {
      return 0;
    }
    int[] node = new int[m.busCount];
    int nodes = 0;
    int rootNode = -1;
    int[] indexOfRep = new int[m.busCount];
    java.util.Arrays.fill(indexOfRep, -1);
    for (int b = 0; b < m.busCount; b++) {
      int rep = c.find(b);
      if (indexOfRep[rep] < 0) {
        indexOfRep[rep] = nodes++;
      }
      node[b] = indexOfRep[rep];
      if (m.root[b]) {
        rootNode = node[b];
      }
    }
    // Reduced Laplacian: drop the source node's row and column.
    int size = nodes - 1;
    if (size == 0) {
      return 1;
    }
    double[][] lap = new double[size][size];
    for (int k : choiceEdges(m, c)) {
      int a = reduced(node[m.from[k]], rootNode);
      int b = reduced(node[m.to[k]], rootNode);
      if (a >= 0) {
        lap[a][a] += 1;
      }
      if (b >= 0) {
        lap[b][b] += 1;
      }
      if (a >= 0 && b >= 0) {
        lap[a][b] -= 1;
        lap[b][a] -= 1;
      }
    }
    double logDet = 0;
    for (int col = 0; col < size; col++) {
      int pivot = col;
      for (int row = col + 1; row < size; row++) {
        if (Math.abs(lap[row][col]) > Math.abs(lap[pivot][col])) {
          pivot = row;
        }
      }
      if (Math.abs(lap[pivot][col]) < 1e-9) {
        return 0; // some bus cannot be fed
      }
      double[] t = lap[pivot];
      lap[pivot] = lap[col];
      lap[col] = t;
      double d = lap[col][col];
      logDet += Math.log(Math.abs(d));
      if (logDet > Math.log(cap) + 1) {
        return cap;
      }
      for (int row = col + 1; row < size; row++) {
        double factor = lap[row][col] / d;
        if (factor != 0) {
          for (int j = col; j < size; j++) {
            lap[row][j] -= factor * lap[col][j];
          }
        }
      }
    }
    return Math.min(cap, Math.round(Math.exp(logDet)));
  }

  private static int reduced(int node, int rootNode) {
    if (node == rootNode) {
      return -1;
    }
    return node > rootNode ? node - 1 : node;
  }

  /** Calls {@code consumer} with the closed-state array of every radial configuration (reused; copy to keep). */
  static void forEach(GridModel m, Visit visit, Consumer<boolean[]> consumer) {
    Components c = contracted(m);
    if (c == null) {
      return;
    }
    int[] edges = choiceEdges(m, c);
    int components = 0;
    for (int b = 0; b < m.busCount; b++) {
      if (c.find(b) == b) {
        components++;
      }
    }
    boolean[] closed = m.fixedClosed.clone();
    choose(m, c, edges, 0, components - 1, closed, visit, consumer);
  }

  private static void choose(GridModel m, Components c, int[] edges, int index, int needed, boolean[] closed,
      Visit visit, Consumer<boolean[]> consumer) {
    if (needed == 0) {
      visit.count++;
      consumer.accept(closed);
      return;
    }
    if (edges.length - index < needed) {
      return;
    }
    int k = edges[index];
    if (c.union(m.from[k], m.to[k])) {
      closed[k] = true;
      choose(m, c, edges, index + 1, needed - 1, closed, visit, consumer);
      closed[k] = false;
      c.undoLast();
    }
    choose(m, c, edges, index + 1, needed, closed, visit, consumer);
  }

  /**
   * A first radial configuration: the non-switchable closed branches, then the branches closed now,
   * then the rest by increasing resistance, each kept when it feeds a new part (Kruskal). Null when
   * none exists.
   */
  static boolean[] initialTree(GridModel m, boolean[] current) {
    Components c = contracted(m);
    if (c == null) {
      return null;
    }
    boolean[] closed = m.fixedClosed.clone();
    List<Integer> order = new ArrayList<>();
    for (int k = 0; k < m.branchCount; k++) {
      if (m.free[k]) {
        order.add(k);
      }
    }
    order.sort(Comparator.<Integer>comparingInt(k -> current[k] ? 0 : 1).thenComparingDouble(k -> m.rPu[k]));
    for (int k : order) {
      if (c.union(m.from[k], m.to[k])) {
        closed[k] = true;
      }
    }
    int first = c.find(0);
    for (int b = 1; b < m.busCount; b++) {
      if (c.find(b) != first) {
        return null;
      }
    }
    return closed;
  }

  /** Why no radial configuration exists. */
  static String whyNoTree(GridModel m) {
    if (contracted(m) == null) {
      return "the non-switchable closed branches form a loop or join two substations";
    }
    return "some buses cannot be fed from a substation through branches that may be closed";
  }

  /** Why the given states are not radial: the first loop or the first bus without supply. */
  static String describeState(GridModel m, boolean[] closed) {
    Components c = substationsMerged(m);
    int firstRoot = firstRoot(m);
    for (int k = 0; k < m.branchCount; k++) {
      if (closed[k] && !c.union(m.from[k], m.to[k])) {
        return "closing branch " + m.branchId(k) + " makes a loop (or joins two substations)";
      }
    }
    for (int b = 0; b < m.busCount; b++) {
      if (c.find(b) != c.find(firstRoot)) {
        return "bus " + m.busId(b) + " is not connected to a substation";
      }
    }
    return "radial";
  }
}
