package io.gridopt.solver.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.domain.InfeasibleException;
import io.gridopt.solver.grid.ReconfigurationOptions.Method;
import io.gridopt.solver.matpower.MatpowerCase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconfigurationTest {
  private static final ReconfigurationOptions DEFAULT = new ReconfigurationOptions(0.9, null, 1.0);

  @Test
  void baranWu33BusOptimum() {
    // Published optimum (Baran & Wu 1989 feeder; e.g. Jabr et al. 2012, Taylor & Hover 2012):
    // open 7, 9, 14, 32, 37 with 139.55 kW.
    ReconfigurationResult r = Reconfiguration.optimize(Feeders.matpower("case33bw.m").network(),
        DEFAULT.withMethod(Method.SEARCH));
    assertThat(r.after().openBranchIds()).containsExactly("7", "9", "14", "32", "37");
    assertThat(r.after().lossKw()).isCloseTo(139.55, within(0.01));
    assertThat(r.before().lossKw()).isCloseTo(202.68, within(0.01));
    assertThat(r.operations()).extracting(op -> op.branchId() + ":" + op.action().wireName())
        .containsExactly("7:open", "9:open", "14:open", "32:open", "33:close", "34:close", "35:close", "36:close");
    assertThat(r.provenOptimal()).isFalse();
  }

  @Test
  void enumerationOfAll33BusConfigurationsProvesTheSearchResult() {
    Network feeder = Feeders.matpower("case33bw.m").network();
    ReconfigurationResult all = Reconfiguration.optimize(feeder, DEFAULT.withMethod(Method.ENUMERATE));
    // 50,751 spanning trees: the known count of radial configurations of this feeder
    assertThat(all.configurationsEnumerated()).isEqualTo(50_751);
    assertThat(all.provenOptimal()).isTrue();
    ReconfigurationResult searched = Reconfiguration.optimize(feeder, DEFAULT.withMethod(Method.SEARCH));
    assertThat(searched.after().openBranchIds()).isEqualTo(all.after().openBranchIds());
    assertThat(searched.after().lossKw()).isCloseTo(all.after().lossKw(), within(1e-9));
  }

  @Test
  void searchFindsTheBestOfEveryRadialConfigurationOfASmallMeshedNetwork() {
    Network mesh = Feeders.smallMeshed();
    // Independent brute force: every choice of 4 open branches out of 11, kept when the closed
    // branches form a tree from the substation, evaluated by the plain power flow.
    List<String> ids = mesh.branches().stream().map(Branch::id).toList();
    double bestLoss = Double.POSITIVE_INFINITY;
    Set<String> bestOpen = null;
    int radial = 0;
    for (int mask = 0; mask < 1 << ids.size(); mask++) {
      if (Integer.bitCount(mask) != 4) {
        continue;
      }
      Set<String> open = new HashSet<>();
      for (int i = 0; i < ids.size(); i++) {
        if ((mask & 1 << i) != 0) {
          open.add(ids.get(i));
        }
      }
      Network candidate = Feeders.withOpen(mesh, open);
      if (Reconfiguration.radialityProblem(candidate).isPresent()) {
        continue;
      }
      radial++;
      double loss = Reconfiguration.evaluate(candidate, DEFAULT).after().lossKw();
      if (loss < bestLoss) {
        bestLoss = loss;
        bestOpen = open;
      }
    }
    assertThat(radial).isGreaterThan(20);
    ReconfigurationResult searched = Reconfiguration.optimize(mesh, DEFAULT.withMethod(Method.SEARCH));
    assertThat(new HashSet<>(searched.after().openBranchIds())).isEqualTo(bestOpen);
    assertThat(searched.after().lossKw()).isCloseTo(bestLoss, within(1e-9));
    ReconfigurationResult auto = Reconfiguration.optimize(mesh, DEFAULT);
    assertThat(auto.provenOptimal()).isTrue();
    assertThat(auto.configurationsEnumerated()).isEqualTo(radial);
    assertThat(new HashSet<>(auto.after().openBranchIds())).isEqualTo(bestOpen);
  }

  @Test
  void switchOperationCapGivesTheBestSingleExchange() {
    Network feeder = Feeders.matpower("case33bw.m").network();
    // Brute force over every configuration one exchange away: close one tie, open one other branch.
    double best = Double.POSITIVE_INFINITY;
    for (Branch tie : feeder.branches().stream().filter(b -> !b.closed()).toList()) {
      for (Branch other : feeder.branches().stream().filter(Branch::closed).toList()) {
        Set<String> open = new HashSet<>();
        feeder.branches().stream().filter(b -> !b.closed()).forEach(b -> open.add(b.id()));
        open.remove(tie.id());
        open.add(other.id());
        Network candidate = Feeders.withOpen(feeder, open);
        if (Reconfiguration.radialityProblem(candidate).isEmpty()) {
          try {
            best = Math.min(best, Reconfiguration.evaluate(candidate, DEFAULT).after().lossKw());
          } catch (InfeasibleException collapse) {
            // some exchanges (e.g. feeding half the feeder through a 2-ohm tie) have no solution
          }
        }
      }
    }
    ReconfigurationResult capped = Reconfiguration.optimize(feeder, new ReconfigurationOptions(0.9, 2, 1.0));
    assertThat(capped.operations()).hasSize(2);
    assertThat(capped.after().lossKw()).isCloseTo(best, within(1e-9));
    assertThat(capped.after().lossKw()).isGreaterThan(139.56);
  }

  @Test
  void voltageLimitThatNoConfigurationMeetsIsInfeasibleWithTheReason() {
    Network feeder = Feeders.matpower("case33bw.m").network();
    assertThatThrownBy(() -> Reconfiguration.optimize(feeder, new ReconfigurationOptions(0.97, null, 1.0)))
        .isInstanceOf(InfeasibleException.class)
        .hasMessageContaining("below 0.97 pu")
        .satisfies(e -> assertThat(((InfeasibleException) e).binding()).extracting(b -> b.field())
            .containsExactly("v_min_pu"));
  }

  @Test
  void voltageLimitIsHonouredWhenItBinds() {
    // The loss optimum has 0.9378 pu at bus 32; demand 0.94 and the answer must respect it.
    ReconfigurationResult r = Reconfiguration.optimize(Feeders.matpower("case33bw.m").network(),
        new ReconfigurationOptions(0.94, null, 1.0).withMethod(Method.SEARCH));
    assertThat(r.after().vMinPu()).isGreaterThanOrEqualTo(0.94);
    assertThat(r.after().lossKw()).isGreaterThan(139.56);
  }

  @Test
  void currentLimitIsHonoured() {
    Network feeder = Feeders.matpower("case33bw.m").network();
    double unconstrained = Reconfiguration.optimize(feeder, DEFAULT).after().branchFlows().stream()
        .filter(f -> f.id().equals("2")).findFirst().orElseThrow().currentA();
    double limit = 0.8 * unconstrained;
    List<Branch> limited = new ArrayList<>();
    for (Branch b : feeder.branches()) {
      limited.add(b.id().equals("2") ? new Branch(b.id(), b.fromBusId(), b.toBusId(), b.rOhm(), b.xOhm(), b.closed(),
          b.switchable(), limit) : b);
    }
    ReconfigurationResult r = Reconfiguration.optimize(feeder.withBranches(limited), DEFAULT);
    double current = r.after().branchFlows().stream().filter(f -> f.id().equals("2")).mapToDouble(BranchFlow::currentA)
        .findFirst().orElse(0);
    assertThat(current).isLessThanOrEqualTo(limit);
    assertThat(r.after().lossKw()).isGreaterThan(139.56);
  }

  @Test
  void heavyLoadCollapsesEveryConfiguration() {
    Network feeder = Feeders.matpower("case33bw.m").network();
    assertThatThrownBy(() -> Reconfiguration.optimize(feeder, new ReconfigurationOptions(0.0, null, 8.0)))
        .isInstanceOf(InfeasibleException.class)
        .hasMessageContaining("voltage collapse");
  }

  @Test
  void collapsedStartingStateIsLeftForOneThatHasASolution() {
    // At 4x load the base configuration collapses but better-balanced ones still solve.
    Network feeder = Feeders.matpower("case33bw.m").network();
    ReconfigurationOptions heavy = new ReconfigurationOptions(0.0, null, 4.0);
    assertThatThrownBy(() -> Reconfiguration.evaluate(feeder, heavy)).hasMessageContaining("voltage collapse");
    ReconfigurationResult r = Reconfiguration.optimize(feeder, heavy);
    assertThat(r.before()).isNull();
    assertThat(r.after().vMinPu()).isGreaterThan(RadialPowerFlow.COLLAPSE_VOLTAGE_PU);
  }

  @Test
  void twoSubstationFeederFeedsEveryBusFromExactlyOneSubstation() {
    MatpowerCase das = Feeders.matpower("case70da.m");
    assertThat(das.network().slackBusIds()).containsExactly("1", "70");
    ReconfigurationResult r = Reconfiguration.optimize(das.network(), DEFAULT);
    Network chosen = Feeders.withOpen(das.network(), new HashSet<>(r.after().openBranchIds()));
    assertThat(Reconfiguration.radialityProblem(chosen)).isEmpty();
    // 76 branches, 70 buses, 2 substations: 76 - (70 - 2) = 8 open
    assertThat(r.after().openBranchIds()).hasSize(8);
    Map<String, Double> v = r.after().busVoltagesPu();
    assertThat(v.get("1")).isEqualTo(1.0);
    assertThat(v.get("70")).isEqualTo(1.0);
  }
}
