package io.gridopt.problem;

import io.vertx.core.json.JsonObject;

/**
 * A solver's answer: the {@code result} object of the run (as documented per endpoint), the
 * solver's name and how many iterations (simplex pivots, power flows, model fits) it took.
 */
public record SolveOutcome(JsonObject result, String solverName, long iterations) {
}
