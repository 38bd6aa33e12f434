/**
 * Benchmarks: each {@code *Bench} class has a {@code main} and prints its figures; run one with
 * {@code bin/gridopt bench NAME} (for example {@code bin/gridopt bench StorageBench}). They are not
 * tests (surefire ignores the name) and never assert timings.
 */
package io.gridopt.bench;
