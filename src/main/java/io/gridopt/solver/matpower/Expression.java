package io.gridopt.solver.matpower;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recursive-descent evaluator of the scalar expressions case files use: numbers, variables, {@code + -
 * * / ^} (and their element-wise forms), parentheses, {@code pi}, {@code Inf}, {@code sqrt},
 * {@code mpc.baseMVA}, scalar elements such as {@code mpc.bus(1, BASE_KV)}, and, while an element-wise
 * update runs, the updated selection itself.
 */
final class Expression {
  /** A selection of a matrix: 0-based row and column indices. */
  record MatrixRef(String field, double[][] matrix, int[] rows, int[] cols) {
    boolean sameSelection(MatrixRef other) {
      return field.equals(other.field) && Arrays.equals(rows, other.rows) && Arrays.equals(cols, other.cols);
    }
  }

  /** The element being assigned, so that the right-hand side's own selection reads it. */
  record Element(MatrixRef target, int row, int col) {
  }

  private final String s;
  private final Scope scope;
  private final Element element;
  private int pos;

  /** {@code element}: the element an update assigns, null outside an update. */
  Expression(String s, Scope scope, Element element) {
    this.s = s;
    this.scope = scope;
    this.element = element;
  }

  double scalar() {
    double v = sum();
    skipSpace();
    if (pos != s.length()) {
      throw scope.error("cannot read '" + Statement.abbreviate(s.substring(pos)) + "'");
    }
    return v;
  }

  /** The whole text read as {@code mpc.FIELD(rows, cols)}, the target of an update. */
  MatrixRef matrixRef() {
    skipSpace();
    MatrixRef ref = reference();
    skipSpace();
    if (ref == null || pos != s.length()) {
      throw scope.error("unsupported assignment target '" + Statement.abbreviate(s) + "'");
    }
    return ref;
  }

  /** A matrix cell or a number token: a decimal number, {@code Inf} or {@code -Inf}. */
  static double number(String cell, Scope scope) {
    switch (cell) {
      case "Inf", "inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf", "-inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        try {
          return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
          throw scope.error("'" + Statement.abbreviate(cell) + "' is not a number");
        }
      }
    }
  }

  private double sum() {
    double v = product();
    while (true) {
      skipSpace();
      if (eat('+')) {
        v += product();
      } else if (peek() == '-') {
        pos++;
        v -= product();
      } else {
        return v;
      }
    }
  }

  private double product() {
    double v = unary();
    while (true) {
      skipSpace();
      if (s.startsWith(".*", pos) || s.startsWith("./", pos)) {
        pos++;
      }
      if (eat('*')) {
        v *= unary();
      } else if (eat('/')) {
        v /= unary();
      } else {
        return v;
      }
    }
  }

  private double unary() {
    skipSpace();
    if (eat('-')) {
      return -unary();
    }
    if (eat('+')) {
      return unary();
    }
    return power();
  }

  private double power() {
    double base = primary();
    skipSpace();
    if (s.startsWith(".^", pos)) {
      pos++;
    }
    if (eat('^')) {
      return Math.pow(base, unary());
    }
    return base;
  }

  private double primary() {
    skipSpace();
    if (eat('(')) {
      double v = sum();
      expect(')');
      return v;
    }
    char c = peek();
    if (Character.isDigit(c) || c == '.') {
      int start = pos;
      while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
        pos++;
      }
      if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
        pos++;
        if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
          pos++;
        }
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
          pos++;
        }
      }
      return number(s.substring(start, pos), scope);
    }
    if (s.startsWith("mpc.", pos)) {
      if (s.startsWith("mpc.baseMVA", pos)) {
        pos += "mpc.baseMVA".length();
        Double baseMva = scope.baseMva();
        if (baseMva == null) {
          throw scope.error("mpc.baseMVA is used before it is set");
        }
        return baseMva;
      }
      return elementValue(reference());
    }
    String name = identifier();
    if (name.isEmpty()) {
      throw scope.error("cannot read '" + Statement.abbreviate(s.substring(pos)) + "'");
    }
    return switch (name) {
      case "Inf", "inf" -> Double.POSITIVE_INFINITY;
      case "pi" -> Math.PI;
      case "sqrt" -> {
        expect('(');
        double v = sum();
        expect(')');
        yield Math.sqrt(v);
      }
      default -> {
        Double v = scope.variable(name);
        if (v == null) {
          throw scope.error("unknown name '" + name + "'");
        }
        yield v;
      }
    };
  }

  private double elementValue(MatrixRef ref) {
    if (ref.rows.length == 1 && ref.cols.length == 1) {
      return ref.matrix[ref.rows[0]][ref.cols[0]];
    }
    if (element != null && ref.sameSelection(element.target)) {
      return ref.matrix[element.row][element.col];
    }
    throw scope.error("unsupported use of a matrix selection of mpc." + ref.field);
  }

  /** {@code mpc.FIELD(rows, cols)}, or null when the text is not a reference. */
  private MatrixRef reference() {
    if (!s.startsWith("mpc.", pos)) {
      return null;
    }
    pos += 4;
    String field = identifier();
    double[][] m = scope.matrix(field);
    if (m == null) {
      throw scope.error("mpc." + field + " is not a matrix read before this line");
    }
    expect('(');
    int[] rows = selector(m.length, "row");
    expect(',');
    int[] cols = selector(m.length == 0 ? 0 : m[0].length, "column");
    expect(')');
    return new MatrixRef(field, m, rows, cols);
  }

  private int[] selector(int size, String what) {
    skipSpace();
    if (eat(':')) {
      int[] all = new int[size];
      for (int i = 0; i < size; i++) {
        all[i] = i;
      }
      return all;
    }
    List<Double> values = new ArrayList<>();
    if (eat('[')) {
      while (true) {
        skipSpace();
        if (eat(']')) {
          break;
        }
        eat(',');
        skipSpace();
        if (eat(']')) {
          break;
        }
        values.add(sum());
      }
    } else {
      values.add(sum());
    }
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      double v = values.get(i);
      if (v != Math.rint(v) || v < 1 || v > size) {
        throw scope.error(what + " index " + v + " is outside 1.." + size);
      }
      out[i] = (int) v - 1;
    }
    return out;
  }

  private String identifier() {
    int start = pos;
    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
      pos++;
    }
    return s.substring(start, pos);
  }

  private void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    skipSpace();
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private boolean eat(char c) {
    if (peek() == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!eat(c)) {
      throw scope.error("expected '" + c + "' in '" + Statement.abbreviate(s) + "'");
    }
  }
}
