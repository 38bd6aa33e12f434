package io.gridopt.solver.matpower;

import io.gridopt.domain.ValidationException;

/** What an {@link Expression} reads from the case being interpreted, and how it reports a fault. */
interface Scope {
  /** A scalar variable, null when the file has not set it. */
  Double variable(String name);

  /** {@code mpc.FIELD} when it is a matrix read so far, else null. */
  double[][] matrix(String field);

  /** {@code mpc.baseMVA}, null while unset. */
  Double baseMva();

  /** The fault, naming the line being interpreted. */
  ValidationException error(String problem);
}
