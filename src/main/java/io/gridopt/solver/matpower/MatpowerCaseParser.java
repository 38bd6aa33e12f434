package io.gridopt.solver.matpower;

import io.gridopt.domain.ValidationException;

/**
 * Reads the text of a MATPOWER case file (the {@code mpc} struct, format version 2) without guessing
 * its units: {@link Statement} splits the text, {@link CaseInterpreter} executes the assignments in
 * order, including the unit conversions that distribution cases append after their data (loads given in
 * kW/kVAr and divided by 1e3, impedances given in ohms and divided by {@code Vbase^2/Sbase}, or whatever
 * the file says), and {@link NetworkConversion} turns the case as MATPOWER would see it into a network in
 * kW, kVAr and ohms.
 */
public final class MatpowerCaseParser {
  /** Longest case text accepted (characters). */
  public static final int MAX_TEXT_LENGTH = 2_000_000;
  /** The request field every fault is reported on. */
  static final String FIELD = "matpower";

  private MatpowerCaseParser() {
  }

  /** Parses a case; a {@link ValidationException} on field {@code matpower} names the line at fault. */
  public static MatpowerCase parse(String text) {
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new ValidationException(FIELD, "must be at most " + MAX_TEXT_LENGTH + " characters");
    }
    return NetworkConversion.toCase(CaseInterpreter.run(Statement.split(text)));
  }
}
