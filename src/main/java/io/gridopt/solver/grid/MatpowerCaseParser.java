package io.gridopt.solver.grid;

import io.gridopt.domain.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text of a MATPOWER case file (the {@code mpc} struct, format version 2) without
 * guessing its units: it executes the assignments the file makes, in order, including the unit
 * conversions that distribution cases append after their data (loads given in kW/kVAr and divided
 * by 1e3, impedances given in ohms and divided by {@code Vbase^2/Sbase}, or whatever the file
 * says). The result is the case as MATPOWER would see it (MW, MVAr, per unit on {@code baseMVA} and
 * the buses' base kV), then converted to a {@link Network} in kW, kVAr and ohms.
 *
 * <p>Understood statements: {@code mpc.FIELD = value}, {@code mpc.FIELD = [matrix]},
 * {@code NAME = expression}, {@code [A, B, ...] = idx_bus | idx_brch | idx_gen},
 * {@code define_constants}, and element-wise updates {@code mpc.FIELD(rows, cols) = expression}
 * whose expression may use {@code mpc.FIELD(rows, cols)} itself, scalar elements such as
 * {@code mpc.bus(1, BASE_KV)}, numbers, variables, {@code + - * / ^} and parentheses. Any other
 * statement that would change the case is rejected with its line number rather than ignored.
 *
 * <p>Branch ids are the 1-based row numbers of {@code mpc.branch}; bus ids are the bus numbers.
 * Rows with status 0 are open (tie) switches; every branch is switchable. Reference buses (type 3)
 * are substations. Generators at other buses are taken as negative constant-power loads.
 */
public final class MatpowerCaseParser {
  /** Longest case text accepted (characters). */
  public static final int MAX_TEXT_LENGTH = 2_000_000;

  private static final String FIELD = "matpower";
  private static final Pattern FUNCTION_HEADER = Pattern.compile("function\\s+mpc\\s*=\\s*(\\w+)\\s*");
  // The output order of MATPOWER's idx_bus, idx_brch and idx_gen, as column numbers.
  private static final int[] IDX_BUS = {1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
  private static final int[] IDX_BRCH = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 12, 13, 20, 21};
  private static final int[] IDX_GEN = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 22, 23, 24, 25, 11, 12, 13, 14, 15, 16, 17,
      18, 19, 20, 21};
  private static final String[] NAMES_BUS = {"PQ", "PV", "REF", "NONE", "BUS_I", "BUS_TYPE", "PD", "QD", "GS", "BS",
      "BUS_AREA", "VM", "VA", "BASE_KV", "ZONE", "VMAX", "VMIN", "LAM_P", "LAM_Q", "MU_VMAX", "MU_VMIN"};
  private static final String[] NAMES_BRCH = {"F_BUS", "T_BUS", "BR_R", "BR_X", "BR_B", "RATE_A", "RATE_B", "RATE_C",
      "TAP", "SHIFT", "BR_STATUS", "PF", "QF", "PT", "QT", "MU_SF", "MU_ST", "ANGMIN", "ANGMAX", "MU_ANGMIN",
      "MU_ANGMAX"};
  private static final String[] NAMES_GEN = {"GEN_BUS", "PG", "QG", "QMAX", "QMIN", "VG", "MBASE", "GEN_STATUS",
      "PMAX", "PMIN", "MU_PMAX", "MU_PMIN", "MU_QMAX", "MU_QMIN", "PC1", "PC2", "QC1MIN", "QC1MAX", "QC2MIN",
      "QC2MAX", "RAMP_AGC", "RAMP_10", "RAMP_30", "RAMP_Q", "APF"};

  private final Map<String, Double> variables = new HashMap<>();
  private final Map<String, double[][]> matrices = new HashMap<>();
  private Double baseMva;
  private int line;
  /** The case's name from its {@code function mpc = NAME} header; null without one. */
  private String caseName;

  private MatpowerCaseParser() {
  }

  /** Parses a case; a {@link ValidationException} on field {@code matpower} names the line at fault. */
  public static MatpowerCase parse(String text) {
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new ValidationException(FIELD, "must be at most " + MAX_TEXT_LENGTH + " characters");
    }
    MatpowerCaseParser parser = new MatpowerCaseParser();
    for (Statement statement : statements(text)) {
      parser.line = statement.line;
      parser.execute(statement.text);
    }
    return parser.toCase();
  }

  private record Statement(int line, String text) {
  }

  /** Splits the text into statements: comments and continuations removed, matrices kept whole. */
  private static List<Statement> statements(String text) {
    List<Statement> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    int lineNo = 1;
    int startLine = 1;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        current.append(c);
        if (c == '\'') {
          inString = false;
        } else if (c == '\n') {
          throw new ValidationException(FIELD, "line " + lineNo + ": unterminated string");
        }
        continue;
      }
      if (c == '%') {
        while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
          i++;
        }
        continue;
      }
      if (c == '.' && text.startsWith("...", i)) {
        // continuation: drop the rest of the line and the line break
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
        lineNo++;
        current.append(' ');
        continue;
      }
      if (c == '\'' && isStringStart(current)) {
        inString = true;
        current.append(c);
        continue;
      }
      if (c == '[' || c == '(' || c == '{') {
        depth++;
      } else if (c == ']' || c == ')' || c == '}') {
        depth--;
        if (depth < 0) {
          throw new ValidationException(FIELD, "line " + lineNo + ": unbalanced '" + c + "'");
        }
      }
      boolean separator = depth == 0 && (c == ';' || c == '\n' || c == ',');
      if (separator) {
        if (!current.toString().isBlank()) {
          out.add(new Statement(startLine, current.toString().trim()));
        }
        current.setLength(0);
      } else {
        if (current.toString().isBlank()) {
          startLine = lineNo;
        }
        current.append(c);
      }
      if (c == '\n') {
        lineNo++;
      }
    }
    if (inString || depth != 0) {
      throw new ValidationException(FIELD, "line " + startLine + ": unterminated statement at the end of the text");
    }
    if (!current.toString().isBlank()) {
      out.add(new Statement(startLine, current.toString().trim()));
    }
    return out;
  }

  /** A quote opens a string unless it follows a value (Matlab's transpose). */
  private static boolean isStringStart(StringBuilder before) {
    for (int i = before.length() - 1; i >= 0; i--) {
      char c = before.charAt(i);
      if (c == ' ' || c == '\t') {
        continue;
      }
      return c == '=' || c == '(' || c == '[' || c == '{' || c == ',' || c == ';' || c == '\n';
    }
    return true;
  }

  private ValidationException error(String problem) {
    return new ValidationException(FIELD, "line " + line + ": " + problem);
  }

  private void execute(String statement) {
    if (statement.startsWith("function ") || statement.equals("function")) {
      Matcher header = FUNCTION_HEADER.matcher(statement);
      caseName = header.matches() ? header.group(1) : caseName;
      return;
    }
    if (statement.equals("define_constants")) {
      defineAll(NAMES_BUS, IDX_BUS);
      defineAll(NAMES_BRCH, IDX_BRCH);
      defineAll(NAMES_GEN, IDX_GEN);
      return;
    }
    int eq = assignmentSign(statement);
    if (eq < 0) {
      throw error("unsupported statement '" + abbreviate(statement) + "'");
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
      variables.put(target, new Expression(value, null).scalar());
    } else {
      throw error("unsupported assignment to '" + abbreviate(target) + "'");
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
      case "idx_bus" -> IDX_BUS;
      case "idx_brch" -> IDX_BRCH;
      case "idx_gen" -> IDX_GEN;
      default -> throw error("unsupported function '" + abbreviate(value) + "'");
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
          throw error("only MATPOWER case format version 2 is supported, found " + abbreviate(value));
        }
      }
      case "baseMVA" -> {
        baseMva = new Expression(value, null).scalar();
        if (!(baseMva > 0)) {
          throw error("baseMVA must be > 0");
        }
      }
      case "bus", "gen", "branch" -> matrices.put(field, matrix(value));
      default -> {
        // gencost, bus_name, areas and other fields do not enter a power flow
      }
    }
  }

  private double[][] matrix(String value) {
    if (!value.startsWith("[") || !value.endsWith("]")) {
      throw error("expected a matrix [ ... ], found '" + abbreviate(value) + "'");
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
        row[i] = number(cells[i]);
      }
      if (!rows.isEmpty() && rows.get(0).length != row.length) {
        throw error("matrix row " + (rows.size() + 1) + " has " + row.length + " columns, row 1 has "
            + rows.get(0).length);
      }
      rows.add(row);
    }
    return rows.toArray(new double[0][]);
  }

  private double number(String cell) {
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
          throw error("'" + abbreviate(cell) + "' is not a number");
        }
      }
    }
  }

  /** {@code mpc.F(rows, cols) = expression}, evaluated for every selected element. */
  private void updateElements(String target, String value) {
    Expression lhs = new Expression(target, null);
    MatrixRef ref = lhs.matrixRef();
    // Matlab evaluates the whole right-hand side before assigning.
    double[][] updated = new double[ref.rows.length][ref.cols.length];
    for (int i = 0; i < ref.rows.length; i++) {
      for (int j = 0; j < ref.cols.length; j++) {
        updated[i][j] = new Expression(value, new Element(ref, ref.rows[i], ref.cols[j])).scalar();
      }
    }
    for (int i = 0; i < ref.rows.length; i++) {
      for (int j = 0; j < ref.cols.length; j++) {
        ref.matrix[ref.rows[i]][ref.cols[j]] = updated[i][j];
      }
    }
  }

  /** A selection of a matrix: 0-based row and column indices. */
  private record MatrixRef(String field, double[][] matrix, int[] rows, int[] cols) {
    boolean sameSelection(MatrixRef other) {
      return field.equals(other.field) && java.util.Arrays.equals(rows, other.rows)
          && java.util.Arrays.equals(cols, other.cols);
    }
  }

  /** The element being assigned, so that the right-hand side's own selection reads it. */
  private record Element(MatrixRef target, int row, int col) {
  }

  /** Recursive-descent evaluator of the scalar expressions case files use. */
  private final class Expression {
    private final String s;
    private final Element element;
    private int pos;

    Expression(String s, Element element) {
      this.s = s;
      this.element = element;
    }

    double scalar() {
      double v = sum();
      skipSpace();
      if (pos != s.length()) {
        throw error("cannot read '" + abbreviate(s.substring(pos)) + "'");
      }
      return v;
    }

    MatrixRef matrixRef() {
      skipSpace();
      MatrixRef ref = reference();
      skipSpace();
      if (ref == null || pos != s.length()) {
        throw error("unsupported assignment target '" + abbreviate(s) + "'");
      }
      return ref;
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
        return number(s.substring(start, pos));
      }
      if (s.startsWith("mpc.", pos)) {
        if (s.startsWith("mpc.baseMVA", pos)) {
          pos += "mpc.baseMVA".length();
          if (baseMva == null) {
            throw error("mpc.baseMVA is used before it is set");
          }
          return baseMva;
        }
        return elementValue(reference());
      }
      String name = identifier();
      if (name.isEmpty()) {
        throw error("cannot read '" + abbreviate(s.substring(pos)) + "'");
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
          Double v = variables.get(name);
          if (v == null) {
            throw error("unknown name '" + name + "'");
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
      throw error("unsupported use of a matrix selection of mpc." + ref.field);
    }

    /** {@code mpc.FIELD(rows, cols)}, or null when the text is not a reference. */
    private MatrixRef reference() {
      if (!s.startsWith("mpc.", pos)) {
        return null;
      }
      pos += 4;
      String field = identifier();
      double[][] m = matrices.get(field);
      if (m == null) {
        throw error("mpc." + field + " is not a matrix read before this line");
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
          throw error(what + " index " + v + " is outside 1.." + size);
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
        throw error("expected '" + c + "' in '" + abbreviate(s) + "'");
      }
    }
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= 60 ? one : one.substring(0, 57) + "...";
  }

  // ---- from MATPOWER's units to the network model ----

  private MatpowerCase toCase() {
    line = 0;
    double[][] bus = matrices.get("bus");
    double[][] branch = matrices.get("branch");
    double[][] gen = matrices.getOrDefault("gen", new double[0][]);
    if (baseMva == null) {
      throw new ValidationException(FIELD, "mpc.baseMVA is missing");
    }
    if (bus == null || bus.length == 0 || bus[0].length < 13) {
      throw new ValidationException(FIELD, "mpc.bus is missing or has fewer than 13 columns");
    }
    if (branch == null || (branch.length > 0 && branch[0].length < 11)) {
      throw new ValidationException(FIELD, "mpc.branch is missing or has fewer than 11 columns");
    }
    if (gen.length > 0 && gen[0].length < 8) {
      throw new ValidationException(FIELD, "mpc.gen has fewer than 8 columns");
    }
    if (bus.length > Network.MAX_BUSES || branch.length > Network.MAX_BRANCHES) {
      throw new ValidationException(FIELD, "the case has " + bus.length + " buses and " + branch.length
          + " branches; at most " + Network.MAX_BUSES + " buses and " + Network.MAX_BRANCHES + " branches are accepted");
    }
    double baseKv = bus[0][9];
    Map<Integer, Integer> rowOfBus = new HashMap<>();
    List<String> slackIds = new ArrayList<>();
    double vMin = 0;
    for (int i = 0; i < bus.length; i++) {
      double[] b = bus[i];
      String where = "mpc.bus row " + (i + 1) + ": ";
      if (b[0] != Math.rint(b[0])) {
        throw new ValidationException(FIELD, where + "bus number must be an integer");
      }
      if (rowOfBus.put((int) b[0], i) != null) {
        throw new ValidationException(FIELD, where + "duplicate bus number " + (int) b[0]);
      }
      if (b[9] != baseKv) {
        throw new ValidationException(FIELD, where + "base kV " + b[9] + " differs from " + baseKv
            + " of the first bus; only single-voltage feeders (no transformers) are supported");
      }
      if (b[4] != 0 || b[5] != 0) {
        throw new ValidationException(FIELD, where + "shunt elements (Gs, Bs) are not supported");
      }
      if (b[1] == 4) {
        throw new ValidationException(FIELD, where + "isolated buses (type 4) are not supported");
      }
      if (b[1] == 3) {
        slackIds.add(busId(b[0]));
      } else {
        vMin = Math.max(vMin, b[12]);
      }
    }
    if (!(baseKv > 0)) {
      throw new ValidationException(FIELD, "mpc.bus: base kV must be > 0 to express impedances in ohms");
    }
    double[] pKw = new double[bus.length];
    double[] qKvar = new double[bus.length];
    for (int i = 0; i < bus.length; i++) {
      pKw[i] = bus[i][2] * 1000;
      qKvar[i] = bus[i][3] * 1000;
    }
    Double slackVoltage = null;
    for (int g = 0; g < gen.length; g++) {
      double[] row = gen[g];
      Integer at = rowOfBus.get((int) row[0]);
      if (at == null) {
        throw new ValidationException(FIELD, "mpc.gen row " + (g + 1) + ": unknown bus " + busId(row[0]));
      }
      if (row[7] <= 0) {
        continue;
      }
      if (bus[at][1] == 3) {
        if (slackVoltage != null && slackVoltage != row[5]) {
          throw new ValidationException(FIELD, "mpc.gen row " + (g + 1)
              + ": substations at different voltage set points are not supported");
        }
        slackVoltage = row[5];
      } else {
        pKw[at] -= row[1] * 1000;
        qKvar[at] -= row[2] * 1000;
      }
    }
    if (slackVoltage == null && !slackIds.isEmpty()) {
      slackVoltage = bus[rowOfBus.get(Integer.parseInt(slackIds.get(0)))][7];
    }
    List<Bus> buses = new ArrayList<>();
    for (int i = 0; i < bus.length; i++) {
      buses.add(new Bus(busId(bus[i][0]), pKw[i], qKvar[i]));
    }
    double zBaseOhm = baseKv * baseKv / baseMva;
    List<Branch> branches = new ArrayList<>();
    for (int k = 0; k < branch.length; k++) {
      double[] row = branch[k];
      String where = "mpc.branch row " + (k + 1) + ": ";
      if (row[4] != 0) {
        throw new ValidationException(FIELD, where + "line charging (b) is not supported");
      }
      if ((row[8] != 0 && row[8] != 1) || row[9] != 0) {
        throw new ValidationException(FIELD, where + "transformers (ratio, angle) are not supported");
      }
      Double maxCurrent = row[5] > 0 ? row[5] * 1000 / (Math.sqrt(3) * baseKv) : null;
      branches.add(new Branch(Integer.toString(k + 1), busId(row[0]), busId(row[1]), row[2] * zBaseOhm,
          row[3] * zBaseOhm, row[10] != 0, true, maxCurrent));
    }
    Network network = new Network(baseKv, slackIds, slackVoltage == null ? 1.0 : slackVoltage, buses, branches);
    return new MatpowerCase(network, vMin > 0 ? vMin : null, caseName);
  }

  private static String busId(double number) {
    return number == Math.rint(number) ? Long.toString((long) number) : String.format(Locale.ROOT, "%s", number);
  }
}
