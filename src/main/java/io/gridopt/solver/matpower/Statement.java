package io.gridopt.solver.matpower;

import io.gridopt.domain.ValidationException;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement of a case file, with the line it starts on: what {@link #split} makes of the text once
 * comments and {@code ...} continuations are gone. Matrices stay whole statements over many lines.
 */
record Statement(int line, String text) {

  /** Splits at {@code ;}, {@code ,} and line breaks outside brackets and strings. */
  static List<Statement> split(String text) {
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
          throw new ValidationException(MatpowerCaseParser.FIELD, "line " + lineNo + ": unterminated string");
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
          throw new ValidationException(MatpowerCaseParser.FIELD, "line " + lineNo + ": unbalanced '" + c + "'");
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
      throw new ValidationException(MatpowerCaseParser.FIELD,
          "line " + startLine + ": unterminated statement at the end of the text");
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

  /** The text on one line, at most 60 characters, for error messages. */
  static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= 60 ? one : one.substring(0, 57) + "...";
  }
}
