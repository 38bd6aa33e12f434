package io.gridopt.solver.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.domain.InfeasibleException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RadialPowerFlowTest {
  private static final ReconfigurationOptions PLAIN = new ReconfigurationOptions(0.9, null, 1.0);

  @Test
  void singleResistiveLineMatchesTheClosedForm() {
    // 10 kV, r = 1 ohm (0.01 pu on 1 MVA), 1000 kW at unity power factor: V2 = V1 - r P / V2, so
    // V2^2 - V2 + 0.01 = 0, V2 = (1 + sqrt(0.96)) / 2 = 0.98989795 pu, loss = r (P/V2)^2 = 10.205144 kW.
    Network line = new Network(10.0, List.of("1"), 1.0, List.of(new Bus("1", 0, 0), new Bus("2", 1000, 0)),
        List.of(new Branch("L", "1", "2", 1.0, 0.0, true, true, null)));
    PowerFlowResult flow = Reconfiguration.evaluate(line, PLAIN).after();
    assertThat(flow.busVoltagesPu().get("2")).isCloseTo(0.9898979486, within(1e-9));
    assertThat(flow.lossKw()).isCloseTo(10.2051443, within(1e-6));
    BranchFlow f = flow.branchFlows().get(0);
    assertThat(f.pKw()).isCloseTo(1010.2051443, within(1e-6));
    // I = S / (sqrt(3) V): 1010.205 kVA at 10 kV on the sending end
    assertThat(f.currentA()).isCloseTo(1010.2051443 / (Math.sqrt(3) * 10.0), within(1e-6));
  }

  @Test
  void flowAgainstTheBranchDirectionIsNegativeAtTheFromEnd() {
    Network line = new Network(10.0, List.of("1"), 1.0, List.of(new Bus("1", 0, 0), new Bus("2", 1000, 0)),
        List.of(new Branch("L", "2", "1", 1.0, 0.0, true, true, null)));
    BranchFlow f = Reconfiguration.evaluate(line, PLAIN).after().branchFlows().get(0);
    // measured at bus 2 (its from end), the branch delivers the load: -1000 kW
    assertThat(f.pKw()).isCloseTo(-1000.0, within(1e-6));
    assertThat(f.lossKw()).isCloseTo(10.2051443, within(1e-6));
  }

  @Test
  void baranWu33BusBaseCase() {
    // Baran & Wu (1989): 202.68 kW loss, lowest voltage 0.9131 pu at bus 18 with the ties open.
    PowerFlowResult flow = Reconfiguration.evaluate(Feeders.matpower("case33bw.m").network(), PLAIN).after();
    assertThat(flow.lossKw()).isCloseTo(202.68, within(0.01));
    assertThat(flow.vMinPu()).isCloseTo(0.9131, within(0.00005));
    assertThat(flow.vMinBusId()).isEqualTo("18");
    assertThat(flow.openBranchIds()).containsExactly("33", "34", "35", "36", "37");
    assertThat(flow.branchFlows()).hasSize(32);
    double branchLosses = flow.branchFlows().stream().mapToDouble(BranchFlow::lossKw).sum();
    assertThat(branchLosses).isCloseTo(flow.lossKw(), within(1e-9));
    // substation supply = load + losses (3715 kW of load)
    assertThat(flow.branchFlows().get(0).pKw()).isCloseTo(3715 + flow.lossKw(), within(1e-6));
  }

  @Test
  void heavyLoadIsReportedAsVoltageCollapseNotAsASolution() {
    Network feeder = Feeders.matpower("case33bw.m").network();
    assertThatThrownBy(() -> Reconfiguration.evaluate(feeder, new ReconfigurationOptions(0.9, null, 6.0)))
        .isInstanceOf(InfeasibleException.class)
        .hasMessageContaining("voltage collapse")
        .satisfies(e -> assertThat(((InfeasibleException) e).binding().get(0).field()).isEqualTo("load_scale"));
  }

  @Test
  void loadScaleScalesTheLoads() {
    Network feeder = Feeders.matpower("case33bw.m").network();
    PowerFlowResult doubled = Reconfiguration.evaluate(feeder, new ReconfigurationOptions(0.5, null, 2.0)).after();
    // losses grow faster than the square of the load as voltages fall
    assertThat(doubled.lossKw()).isGreaterThan(4 * 202.68);
    assertThat(doubled.branchFlows().get(0).pKw()).isCloseTo(2 * 3715 + doubled.lossKw(), within(1e-6));
  }
}
