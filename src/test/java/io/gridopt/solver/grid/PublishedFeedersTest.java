package io.gridopt.solver.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.solver.matpower.MatpowerCase;
import org.junit.jupiter.api.Test;

/**
 * The public reconfiguration test feeders in MATPOWER's format (files copied unchanged from
 * MATPOWER/matpower data/, BSD-3-Clause), solved with each case's own voltage limit, against the
 * best minimum loss published for them (tolerance 0.1 %).
 */
class PublishedFeedersTest {

  private static ReconfigurationResult optimize(String file) {
    MatpowerCase c = Feeders.matpower(file);
    return Reconfiguration.optimize(c.network(), new ReconfigurationOptions(c.vMinPu(), null, 1.0));
  }

  @Test
  void mantovani136Bus() {
    // 135-bus (136 nodes) feeder of Mantovani et al. (2000), 13.8 kV, 21 ties, VMIN 0.95 in the file.
    // Published: 320.36 kW in the base configuration; optimum 280.19 kW opening 7, 35, 51, 90, 96, 106,
    // 118, 126, 135, 137, 138, 141, 142, 144, 145, 146, 147, 148, 150, 151, 155 (proven optimal by the
    // mixed-integer convex model of R. A. Jabr, R. Singh, B. C. Pal, "Minimum loss network
    // reconfiguration using mixed-integer convex programming", IEEE Trans. Power Syst. 27(2), 2012,
    // and found by many heuristics, e.g. Guimaraes, Castro, Romero, IET GTD 4(11), 2010).
    ReconfigurationResult r = optimize("case136ma.m");
    assertThat(r.before().lossKw()).isCloseTo(320.36, within(0.01));
    assertThat(r.after().lossKw()).isCloseTo(280.19, within(280.19 * 0.001));
    assertThat(r.after().openBranchIds()).containsExactly("7", "35", "51", "90", "96", "106", "118", "126", "135",
        "137", "138", "141", "142", "144", "145", "146", "147", "148", "150", "151", "155");
    assertThat(r.after().vMinPu()).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void zhang118Bus() {
    // 118-bus feeder of D. Zhang, Z. Fu, L. Zhang, "An improved TS algorithm for loss-minimum
    // reconfiguration in large-scale distribution systems", EPSR 77 (2007), 11 kV, 15 ties.
    // Published: 1298.09 kW in the base configuration; best known 869.7 kW opening 23, 26, 34, 39,
    // 42, 51, 58, 71, 74, 95, 97, 109, 122, 129, 130 (the figure reported for this data set, e.g.
    // by A. Swarnkar, N. Gupta, K. R. Niazi, Swarm and Evolutionary Computation 1(3), 2011).
    ReconfigurationResult r = optimize("case118zh.m");
    assertThat(r.before().lossKw()).isCloseTo(1298.09, within(0.01));
    assertThat(r.after().lossKw()).isCloseTo(869.7, within(869.7 * 0.001));
    assertThat(r.after().openBranchIds()).containsExactly("23", "26", "34", "39", "42", "51", "58", "71", "74", "95",
        "97", "109", "122", "129", "130");
  }

  @Test
  void das70BusWithTwoSubstations() {
    // 70-bus, two-substation feeder of D. Das, IJEPES 28 (2006), as MATPOWER ships it. No published
    // optimum for this exact data set could be checked while writing this test (see docs/grid.md),
    // so this asserts the solver's own best-known answer: the same configuration is reached from
    // many random seeds and no search has found a lower loss. A regression guard, not a citation.
    ReconfigurationResult r = optimize("case70da.m");
    assertThat(r.before().lossKw()).isCloseTo(341.4271, within(0.001));
    assertThat(r.after().lossKw()).isCloseTo(301.6453, within(0.001));
    assertThat(r.after().openBranchIds()).containsExactly("30", "39", "45", "51", "66", "70", "71", "76");
  }
}
