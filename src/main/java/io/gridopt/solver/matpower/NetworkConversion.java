package io.gridopt.solver.matpower;

import io.gridopt.domain.ValidationException;
import io.gridopt.solver.grid.Branch;
import io.gridopt.solver.grid.Bus;
import io.gridopt.solver.grid.Network;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * From MATPOWER's units (MW, MVAr, per unit on {@code baseMVA} and the buses' base kV) to the grid
 * model's (kW, kVAr, ohms, amperes), checking that the case is a single-voltage feeder the model can
 * hold. Branch ids are the 1-based row numbers of {@code mpc.branch}; bus ids are the bus numbers. Rows
 * with status 0 are open (tie) switches; every branch is switchable. Reference buses (type 3) are
 * substations. Generators at other buses are taken as negative constant-power loads.
 */
final class NetworkConversion {
  private static final double KW_PER_MW = 1000;
  // 0-based columns of MATPOWER's case format (caseformat.m)
  private static final int BUS_I = 0;
  private static final int BUS_TYPE = 1;
  private static final int PD = 2;
  private static final int QD = 3;
  private static final int GS = 4;
  private static final int BS = 5;
  private static final int VM = 7;
  private static final int BASE_KV = 9;
  private static final int VMIN = 12;
  private static final int F_BUS = 0;
  private static final int T_BUS = 1;
  private static final int BR_R = 2;
  private static final int BR_X = 3;
  private static final int BR_B = 4;
  private static final int RATE_A = 5;
  private static final int TAP = 8;
  private static final int SHIFT = 9;
  private static final int BR_STATUS = 10;
  private static final int GEN_BUS = 0;
  private static final int PG = 1;
  private static final int QG = 2;
  private static final int VG = 5;
  private static final int GEN_STATUS = 7;
  private static final int REF = 3;
  private static final int ISOLATED = 4;

  private NetworkConversion() {
  }

  static MatpowerCase toCase(MatpowerData data) {
    double[][] bus = data.bus();
    double[][] branch = data.branch();
    double[][] gen = data.gen() == null ? new double[0][] : data.gen();
    if (data.baseMva() == null) {
      throw invalid("mpc.baseMVA is missing");
    }
    double baseMva = data.baseMva();
    if (bus == null || bus.length == 0 || bus[0].length < 13) {
      throw invalid("mpc.bus is missing or has fewer than 13 columns");
    }
    if (branch == null || (branch.length > 0 && branch[0].length < 11)) {
      throw invalid("mpc.branch is missing or has fewer than 11 columns");
    }
    if (gen.length > 0 && gen[0].length < 8) {
      throw invalid("mpc.gen has fewer than 8 columns");
    }
    if (bus.length > Network.MAX_BUSES || branch.length > Network.MAX_BRANCHES) {
      throw invalid("the case has " + bus.length + " buses and " + branch.length + " branches; at most "
          + Network.MAX_BUSES + " buses and " + Network.MAX_BRANCHES + " branches are accepted");
    }
    double baseKv = bus[0][BASE_KV];
    Map<Integer, Integer> rowOfBus = new HashMap<>();
    List<String> slackIds = new ArrayList<>();
    double vMinPu = 0;
    for (int i = 0; i < bus.length; i++) {
      double[] b = bus[i];
      String where = "mpc.bus row " + (i + 1) + ": ";
      if (b[BUS_I] != Math.rint(b[BUS_I])) {
        throw invalid(where + "bus number must be an integer");
      }
      if (rowOfBus.put((int) b[BUS_I], i) != null) {
        throw invalid(where + "duplicate bus number " + (int) b[BUS_I]);
      }
      if (b[BASE_KV] != baseKv) {
        throw invalid(where + "base kV " + b[BASE_KV] + " differs from " + baseKv
            + " of the first bus; only single-voltage feeders (no transformers) are supported");
      }
      if (b[GS] != 0 || b[BS] != 0) {
        throw invalid(where + "shunt elements (Gs, Bs) are not supported");
      }
      if (b[BUS_TYPE] == ISOLATED) {
        throw invalid(where + "isolated buses (type 4) are not supported");
      }
      if (b[BUS_TYPE] == REF) {
        slackIds.add(busId(b[BUS_I]));
      } else {
        vMinPu = Math.max(vMinPu, b[VMIN]);
      }
    }
    if (!(baseKv > 0)) {
      throw invalid("mpc.bus: base kV must be > 0 to express impedances in ohms");
    }
    double[] pKw = new double[bus.length];
    double[] qKvar = new double[bus.length];
    for (int i = 0; i < bus.length; i++) {
      pKw[i] = bus[i][PD] * KW_PER_MW;
      qKvar[i] = bus[i][QD] * KW_PER_MW;
    }
    Double slackVoltagePu = null;
    for (int g = 0; g < gen.length; g++) {
      double[] row = gen[g];
      Integer at = rowOfBus.get((int) row[GEN_BUS]);
      if (at == null) {
        throw invalid("mpc.gen row " + (g + 1) + ": unknown bus " + busId(row[GEN_BUS]));
      }
      if (row[GEN_STATUS] <= 0) {
        continue;
      }
      if (bus[at][BUS_TYPE] == REF) {
        if (slackVoltagePu != null && slackVoltagePu != row[VG]) {
          throw invalid("mpc.gen row " + (g + 1) + ": substations at different voltage set points are not supported");
        }
        slackVoltagePu = row[VG];
      } else {
        pKw[at] -= row[PG] * KW_PER_MW;
        qKvar[at] -= row[QG] * KW_PER_MW;
      }
    }
    if (slackVoltagePu == null && !slackIds.isEmpty()) {
      slackVoltagePu = bus[rowOfBus.get(Integer.parseInt(slackIds.get(0)))][VM];
    }
    List<Bus> buses = new ArrayList<>();
    for (int i = 0; i < bus.length; i++) {
      buses.add(new Bus(busId(bus[i][BUS_I]), pKw[i], qKvar[i]));
    }
    double zBaseOhm = baseKv * baseKv / baseMva;
    List<Branch> branches = new ArrayList<>();
    for (int k = 0; k < branch.length; k++) {
      double[] row = branch[k];
      String where = "mpc.branch row " + (k + 1) + ": ";
      if (row[BR_B] != 0) {
        throw invalid(where + "line charging (b) is not supported");
      }
      if ((row[TAP] != 0 && row[TAP] != 1) || row[SHIFT] != 0) {
        throw invalid(where + "transformers (ratio, angle) are not supported");
      }
      // RATE_A is in MVA: I = S / (sqrt(3) * V), in A with kVA and kV
      Double maxCurrentA = row[RATE_A] > 0 ? row[RATE_A] * KW_PER_MW / (Math.sqrt(3) * baseKv) : null;
      branches.add(new Branch(Integer.toString(k + 1), busId(row[F_BUS]), busId(row[T_BUS]), row[BR_R] * zBaseOhm,
          row[BR_X] * zBaseOhm, row[BR_STATUS] != 0, true, maxCurrentA));
    }
    Network network = new Network(baseKv, slackIds, slackVoltagePu == null ? 1.0 : slackVoltagePu, buses, branches);
    return new MatpowerCase(network, vMinPu > 0 ? vMinPu : null, data.name());
  }

  private static ValidationException invalid(String problem) {
    return new ValidationException(MatpowerCaseParser.FIELD, problem);
  }

  private static String busId(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : String.format(Locale.ROOT, "%s", number);
  }
}
