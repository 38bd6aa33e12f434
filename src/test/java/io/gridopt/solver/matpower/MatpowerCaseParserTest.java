package io.gridopt.solver.matpower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.domain.ValidationException;
import io.gridopt.solver.grid.Branch;
import io.gridopt.solver.grid.Bus;
import io.gridopt.solver.grid.Feeders;
import io.gridopt.solver.grid.Network;
import org.junit.jupiter.api.Test;

class MatpowerCaseParserTest {

  @Test
  void case33bwUnitsComeBackAsTheFileStatesThem() {
    // The file gives kW/kVAr and ohms and converts to MW and per unit at its end; executing that
    // conversion and converting back must return the numbers as written.
    MatpowerCase c = Feeders.matpower("case33bw.m");
    Network n = c.network();
    assertThat(c.name()).isEqualTo("case33bw");
    assertThat(n.baseKv()).isEqualTo(12.66);
    assertThat(n.slackBusIds()).containsExactly("1");
    assertThat(n.slackVoltagePu()).isEqualTo(1.0);
    assertThat(n.buses()).hasSize(33);
    assertThat(n.buses().get(1)).isEqualTo(new Bus("2", 100.0, 60.0));
    assertThat(n.totalLoadKw()).isCloseTo(3715.0, within(1e-9));
    assertThat(n.branches()).hasSize(37);
    Branch first = n.branches().get(0);
    assertThat(first.id()).isEqualTo("1");
    assertThat(first.rOhm()).isCloseTo(0.0922, within(1e-12));
    assertThat(first.xOhm()).isCloseTo(0.0470, within(1e-12));
    assertThat(n.branches().stream().filter(b -> !b.closed()).map(Branch::id)).containsExactly("33", "34", "35", "36",
        "37");
    assertThat(n.branches()).allMatch(Branch::switchable);
    assertThat(c.vMinPu()).isEqualTo(0.9);
  }

  @Test
  void case70daHasTwoSubstationsAndItsOwnBase() {
    // baseMVA 1 and 11 kV here, 10 MVA and 12.66 kV in case33bw: ohms must not depend on the base.
    Network n = Feeders.matpower("case70da.m").network();
    assertThat(n.slackBusIds()).containsExactly("1", "70");
    assertThat(n.baseKv()).isEqualTo(11.0);
    assertThat(n.branches().get(0).rOhm()).isCloseTo(1.097, within(1e-12));
    assertThat(n.branches().stream().filter(b -> !b.closed())).hasSize(8);
  }

  @Test
  void caseInPerUnitWithoutConversionIsConvertedWithTheBaseImpedance() {
    String text = """
        function mpc = tiny
        mpc.version = '2';
        mpc.baseMVA = 100;
        mpc.bus = [
          1 3 0 0 0 0 1 1 0 10 1 1.1 0.95;
          2 1 1.5 0.5 0 0 1 1 0 10 1 1.1 0.95;
        ];
        mpc.gen = [ 1 0 0 10 -10 1.02 100 1 10 0 ];
        mpc.branch = [ 1 2 0.01 0.02 0 25 0 0 0 0 1 -360 360 ];
        """;
    MatpowerCase c = MatpowerCaseParser.parse(text);
    Network n = c.network();
    // Zbase = 10^2 / 100 = 1 ohm; loads in MW -> kW; Vg of the reference generator is the slack voltage
    assertThat(n.branches().get(0).rOhm()).isCloseTo(0.01, within(1e-12));
    assertThat(n.buses().get(1)).isEqualTo(new Bus("2", 1500.0, 500.0));
    assertThat(n.slackVoltagePu()).isEqualTo(1.02);
    // rateA 25 MVA at 10 kV: 25e3 / (sqrt(3) * 10) A
    assertThat(n.branches().get(0).maxCurrentA()).isCloseTo(25_000 / (Math.sqrt(3) * 10), within(1e-9));
    assertThat(c.vMinPu()).isEqualTo(0.95);
    assertThat(c.name()).isEqualTo("tiny");
    assertThat(MatpowerCaseParser.parse(text.replace("function mpc = tiny\n", "")).name()).isNull();
  }

  @Test
  void conversionsAreExecutedAsWrittenNotAssumed() {
    // Only the loads are converted here (by 1e3); impedances stay per unit on 10 kV / 10 MVA.
    String text = """
        mpc.baseMVA = 10;
        mpc.bus = [1 3 0 0 0 0 1 1 0 10 1 1 1; 2 1 800 200 0 0 1 1 0 10 1 1.1 0.9];
        mpc.branch = [1 2 0.05 0.04 0 0 0 0 0 0 1 -360 360];
        define_constants;
        scale = 1e3;
        mpc.bus(:, [PD QD]) = mpc.bus(:, [PD QD]) / scale;
        mpc.bus(2, PD) = mpc.bus(2, PD) * 2;
        """;
    Network n = MatpowerCaseParser.parse(text).network();
    assertThat(n.buses().get(1).pKw()).isCloseTo(1600.0, within(1e-9));
    assertThat(n.buses().get(1).qKvar()).isCloseTo(200.0, within(1e-9));
    assertThat(n.branches().get(0).rOhm()).isCloseTo(0.05 * 10, within(1e-12));
  }

  @Test
  void unknownStatementIsRejectedWithItsLine() {
    String text = """
        mpc.baseMVA = 10;
        mpc.bus = [1 3 0 0 0 0 1 1 0 10 1 1 1];
        mpc.branch = zeros(0, 13);
        """;
    assertThatThrownBy(() -> MatpowerCaseParser.parse(text))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> {
          var error = ((ValidationException) e).errors().get(0);
          assertThat(error.field()).isEqualTo("matpower");
          assertThat(error.problem()).startsWith("line 3:").contains("zeros");
        });
  }

  @Test
  void transformersAndRaggedMatricesAreRejected() {
    assertThatThrownBy(() -> MatpowerCaseParser.parse("""
        mpc.baseMVA = 10;
        mpc.bus = [1 3 0 0 0 0 1 1 0 10 1 1 1; 2 1 1 0 0 0 1 1 0 10 1 1.1 0.9];
        mpc.branch = [1 2 0.05 0.04 0 0 0 0 0.95 0 1 -360 360];
        """)).hasMessageContaining("mpc.branch row 1: transformers");
    assertThatThrownBy(() -> MatpowerCaseParser.parse("""
        mpc.baseMVA = 10;
        mpc.bus = [1 3 0 0 0 0 1 1 0 10 1 1 1; 2 1 1 0];
        """)).hasMessageContaining("line 2: matrix row 2 has 4 columns");
  }

  @Test
  void tooLongTextIsRejected() {
    String text = "%".repeat(MatpowerCaseParser.MAX_TEXT_LENGTH + 1);
    assertThatThrownBy(() -> MatpowerCaseParser.parse(text)).hasMessageContaining("at most 2000000 characters");
  }
}
