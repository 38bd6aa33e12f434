package io.gridopt.solver.matpower;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementTest {

  @Test
  void statementsKeepTheLineTheyStartOnAcrossCommentsContinuationsAndMatrices() {
    String text = """
        % header comment; with = signs
        mpc.baseMVA = 10;  % trailing comment
        mpc.bus = [
          1 3 0;
          2 1 5;
        ];
        a = 1 + ...
            2, b = a'
        name = 'a; b'
        """;
    List<Statement> statements = Statement.split(text);
    assertThat(statements).containsExactly(
        new Statement(2, "mpc.baseMVA = 10"),
        new Statement(3, "mpc.bus = [\n  1 3 0;\n  2 1 5;\n]"),
        new Statement(7, "a = 1 +      2"),
        new Statement(8, "b = a'"),
        new Statement(9, "name = 'a; b'"));
  }

  @Test
  void unbalancedBracketsAndOpenStringsNameTheirLine() {
    assertThatThrownBy(() -> Statement.split("a = 1\nb = (2))\n")).hasMessageContaining("line 2: unbalanced ')'");
    assertThatThrownBy(() -> Statement.split("a = 1\nmpc.bus = [1 2\n")).hasMessageContaining(
        "line 2: unterminated statement at the end of the text");
    assertThatThrownBy(() -> Statement.split("s = 'open\n")).hasMessageContaining("line 1: unterminated string");
  }
}
