package io.gridopt.solver.matpower;

import io.gridopt.domain.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Executes a case file's statements in order: {@code mpc.FIELD = value}, {@code mpc.FIELD = [matrix]},
 * {@code NAME = expression}, {@code [A, B, ...] = idx_bus | idx_brch | idx_gen}, {@code define_constants},
 * and element-wise updates {@code mpc.FIELD(rows, cols) = expression} (see {@link Expression}). Any other
 * statement that would change the case is rejected with its line number rather than ignored.
 */
final class CaseInterpreter implements Scope {
  private final Map<String, Double> variables = new HashMap<>();
  private final Map<String, double[][]> matrices = new HashMap<>();
  private static final Pattern FUNCTION_HEADER = Pattern.compile("function\\s+mpc\\s*=\\s*(\\w+)\\s*");
  private Double baseMva;
  private int line;
  /** The case's name from its {@code function mpc = NAME} header; null without one. */
  private String caseName;

  private CaseInterpreter() {
  }

  static MatpowerData run(List<Statement> statements) {
    CaseInterpreter interpreter = new CaseInterpreter();
    for (Statement statement : statements) {
      interpreter.line = statement.line();
      interpreter.execute(statement.text());
    }
    return new MatpowerData(interpreter.baseMva, interpreter.matrices.get("bus"), interpreter.matrices.get("branch"),
        interpreter.matrices.get("gen"), interpreter.caseName);
  }

  @Override
  public Double variable(String name) {
    return variables.get(name);
  }

  @Override
  public double[][] matrix(String field) {
    return matrices.get(field);
  }

  @Override
  public Double baseMva() {
    return baseMva;
  }

  @Override
  public ValidationException error(String problem) {
    return new ValidationException(MatpowerCaseParser.FIELD, "line " + line + ": " + problem);
  }

  private void execute(String statement) {
    if (statement.startsWith("function ") || statement.equals("function")) {
      Matcher header = FUNCTION_HEADER.matcher(statement);
      caseName = header.matches() ? header.group(1) : caseName;
      return;
    }
    if (statement.equals("define_constants")) {
      defineAll(IndexNames.BUS, IndexNames.BUS_COLUMNS);
      defineAll(IndexNames.BRANCH, IndexNames.BRANCH_COLUMNS);
      defineAll(IndexNames.GEN, IndexNames.GEN_COLUMNS);
      return;
    }
    int eq = assignmentSign(statement);
    if (eq < 0) {
      throw error("unsupported statement '" + Statement.abbreviate(statement) + "'");
    }
    String target = statement.substring(0, eq).trim();
    String value = statement.substring(eq + 1).trim();
    if (target.startsWith("[")) {
      assignIndexNames(target, value);
    } else if (target.matches("mpc\\.[A-Za-z_][A-Za-z0-9_]*")) {
      assignField(target.substring(4), value);
    } else if (target.matches("mpc\\.[A-Za-z_][A-Za-z0-9_]*\\s*\\(.*\\)")) {
      updateElements(target, value);
    } else if (target.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      variables.put(target, new Expression(value, this, null).scalar());
    } else {
      throw error("unsupported assignment to '" + Statement.abbreviate(target) + "'");
    }
  }

  /** Position of the assignment '=' (not part of ==, <=, >=, ~=), outside brackets; -1 if none. */
  private static int assignmentSign(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[' || c == '(' || c == '{') {
        depth++;
      } else if (c == ']' || c == ')' || c == '}') {
        depth--;
      } else if (c == '=' && depth == 0) {
        boolean compare = (i + 1 < s.length() && s.charAt(i + 1) == '=')
            || (i > 0 && "<>~=".indexOf(s.charAt(i - 1)) >= 0);
        if (!compare) {
          return i;
        }
      }
    }
    return -1;
  }

  private void defineAll(String[] names, int[] columns) {
    for (int i = 0; i < names.length; i++) {
      variables.put(names[i], (double) columns[i]);
    }
  }

  private void assignIndexNames(String target, String value) {
    int[] columns = switch (value) {
      case "idx_bus" -> IndexNames.BUS_COLUMNS;
      case "idx_brch" -> IndexNames.BRANCH_COLUMNS;
      case "idx_gen" -> IndexNames.GEN_COLUMNS;
      default -> throw error("unsupported function '" + Statement.abbreviate(value) + "'");
    };
    String[] names = target.substring(1, target.length() - 1).trim().split("[\\s,]+");
    if (names.length > columns.length) {
      throw error(value + " returns only " + columns.length + " values");
    }
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equals("~")) {
        variables.put(names[i], (double) columns[i]);
      }
    }
  }

  private void assignField(String field, String value) {
    switch (field) {
      case "version" -> {
        if (!value.equals("'2'")) {
          throw error("only MATPOWER case format version 2 is supported, found " + Statement.abbreviate(value));
        }
      }
      case "baseMVA" -> {
        baseMva = new Expression(value, this, null).scalar();
        if (!(baseMva > 0)) {
          throw error("baseMVA must be > 0");
        }
      }
      case "bus", "gen", "branch" -> matrices.put(field, matrixLiteral(value));
      default -> {
        // gencost, bus_name, areas and other fields do not enter a power flow
      }
    }
  }

  /** A matrix literal: rows split at {@code ;} or line breaks, cells at blanks or commas. */
  private double[][] matrixLiteral(String value) {
    if (!value.startsWith("[") || !value.endsWith("]")) {
      throw error("expected a matrix [ ... ], found '" + Statement.abbreviate(value) + "'");
    }
    List<double[]> rows = new ArrayList<>();
    for (String rowText : value.substring(1, value.length() - 1).split("[;\\n]")) {
      String trimmed = rowText.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] cells = trimmed.split("[\\s,]+");
      double[] row = new double[cells.length];
      for (int i = 0; i < cells.length; i++) {
        row[i] = Expression.number(cells[i], this);
      }
      if (!rows.isEmpty() && rows.get(0).length != row.length) {
        throw error("matrix row " + (rows.size() + 1) + " has " + row.length + " columns, row 1 has "
            + rows.get(0).length);
      }
      rows.add(row);
    }
    return rows.toArray(new double[0][]);
  }

  /** {@code mpc.F(rows, cols) = expression}, evaluated for every selected element. */
  private void updateElements(String target, String value) {
    Expression.MatrixRef ref = new Expression(target, this, null).matrixRef();
    // Matlab evaluates the whole right-hand side before assigning.
    double[][] updated = new double[ref.rows().length][ref.cols().length];
    for (int i = 0; i < ref.rows().length; i++) {
      for (int j = 0; j < ref.cols().length; j++) {
        updated[i][j] = new Expression(value, this, new Expression.Element(ref, ref.rows()[i], ref.cols()[j]))
            .scalar();
      }
    }
    for (int i = 0; i < ref.rows().length; i++) {
      for (int j = 0; j < ref.cols().length; j++) {
        ref.matrix()[ref.rows()[i]][ref.cols()[j]] = updated[i][j];
      }
    }
  }
}
