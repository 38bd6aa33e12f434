package io.gridopt.solver.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Analog days (k nearest neighbours): finds the past origins at the same time of day whose last
 * 24 hours looked most like the last 24 hours now (in shape and level) and whose forecast day was
 * of the same day type, and averages what followed them, rescaled to today's level. Nonlinear
 * where the regressions are linear, so their errors differ and an average of both beats either.
 */
public record Analog(String name, int neighbours) implements ForecastModel {
  public static final Analog DEFAULT = new Analog("analog", 5);

  @Override
  public int minHistoryDays(int horizonSteps, int stepsPerDay) {
    return (horizonSteps + stepsPerDay - 1) / stepsPerDay + 1 + 2 * neighbours;
  }

  @Override
  public Predictor fit(LoadSeries history, Holidays holidays, int horizonSteps) {
    return (series, horizonTemperaturesF) -> predict(series, holidays, horizonSteps);
  }

  private double[] predict(LoadSeries series, Holidays holidays, int horizonSteps) {
    double[] v = series.values();
    int o = v.length;
    int spd = series.stepsPerDay();
    double level = mean(v, o - spd, o);
    int targetType = DayFeatures.dayType(series.dateAt(o), holidays);
    int windowType = DayFeatures.dayType(series.dateAt(o - 1), holidays);
    List<double[]> scored = new ArrayList<>(); // {distance, origin}
    List<double[]> anyType = new ArrayList<>();
    for (int c = o - ((horizonSteps + spd - 1) / spd) * spd; c - spd >= 0; c -= spd) {
      double cLevel = mean(v, c - spd, c);
      double dist = 0;
      for (int i = 0; i < spd; i++) {
        double d = v[c - spd + i] / cLevel - v[o - spd + i] / level;
        dist += d * d;
      }
      double levelGap = (cLevel - level) / level;
      double[] entry = {dist / spd + levelGap * levelGap, c};
      anyType.add(entry);
      if (DayFeatures.dayType(series.dateAt(c), holidays) == targetType
          && DayFeatures.dayType(series.dateAt(c - 1), holidays) == windowType) {
        scored.add(entry);
      }
    }
    List<double[]> pool = scored.size() >= neighbours ? scored : anyType;
    pool.sort((a, b) -> Double.compare(a[0], b[0]));
    double[] out = new double[horizonSteps];
    double wSum = 0;
    for (double[] e : pool.subList(0, Math.min(neighbours, pool.size()))) {
      int c = (int) e[1];
      double w = 1.0 / (e[0] + 1e-6);
      double cLevel = mean(v, c - spd, c);
      for (int j = 0; j < horizonSteps; j++) {
        out[j] += w * v[c + j] / cLevel;
      }
      wSum += w;
    }
    for (int j = 0; j < horizonSteps; j++) {
      out[j] = out[j] / wSum * level;
    }
    return out;
  }

  private static double mean(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return s / (to - from);
  }
}
