package io.gridopt.solver.matpower;

/**
 * The column names MATPOWER's {@code idx_bus}, {@code idx_brch} and {@code idx_gen} return, in their
 * output order, with the 1-based column each stands for; {@code define_constants} defines them all.
 */
final class IndexNames {
  static final String[] BUS = {"PQ", "PV", "REF", "NONE", "BUS_I", "BUS_TYPE", "PD", "QD", "GS", "BS",
      "BUS_AREA", "VM", "VA", "BASE_KV", "ZONE", "VMAX", "VMIN", "LAM_P", "LAM_Q", "MU_VMAX", "MU_VMIN"};
  static final int[] BUS_COLUMNS = {1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
  static final String[] BRANCH = {"F_BUS", "T_BUS", "BR_R", "BR_X", "BR_B", "RATE_A", "RATE_B", "RATE_C",
      "TAP", "SHIFT", "BR_STATUS", "PF", "QF", "PT", "QT", "MU_SF", "MU_ST", "ANGMIN", "ANGMAX", "MU_ANGMIN",
      "MU_ANGMAX"};
  static final int[] BRANCH_COLUMNS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 12, 13, 20, 21};
  static final String[] GEN = {"GEN_BUS", "PG", "QG", "QMAX", "QMIN", "VG", "MBASE", "GEN_STATUS",
      "PMAX", "PMIN", "MU_PMAX", "MU_PMIN", "MU_QMAX", "MU_QMIN", "PC1", "PC2", "QC1MIN", "QC1MAX", "QC2MIN",
      "QC2MAX", "RAMP_AGC", "RAMP_10", "RAMP_30", "RAMP_Q", "APF"};
  static final int[] GEN_COLUMNS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 22, 23, 24, 25, 11, 12, 13, 14, 15, 16, 17,
      18, 19, 20, 21};

  private IndexNames() {
  }
}
