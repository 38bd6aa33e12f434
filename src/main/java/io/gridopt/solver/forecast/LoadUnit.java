package io.gridopt.solver.forecast;

import java.util.Arrays;
import java.util.Optional;

/** Unit of the load values of a request; forecasts come back in the same unit. */
public enum LoadUnit {
  KW("kW", 1.0),
  MW("MW", 1000.0);

  private final String symbol;
  private final double kwPerUnit;

  LoadUnit(String symbol, double kwPerUnit) {
    this.symbol = symbol;
    this.kwPerUnit = kwPerUnit;
  }

  public String symbol() {
    return symbol;
  }

  public double toKw(double value) {
    return value * kwPerUnit;
  }

  public static Optional<LoadUnit> fromSymbol(String symbol) {
    return Arrays.stream(values()).filter(u -> u.symbol.equals(symbol)).findFirst();
  }
}
