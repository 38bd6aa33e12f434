package io.gridopt.solver.forecast;

import java.util.List;

/** A fixed-weight average of member models' forecasts. */
public record Ensemble(String name, List<ForecastModel> members, double[] weights) implements ForecastModel {

  @Override
  public int minHistoryDays(int horizonSteps, int stepsPerDay) {
    return members.stream().mapToInt(m -> m.minHistoryDays(horizonSteps, stepsPerDay)).max().orElse(1);
  }

  @Override
  public ForecastModel forBacktest() {
    return new Ensemble(name, members.stream().map(ForecastModel::forBacktest).toList(), weights);
  }

  @Override
  public Predictor fit(LoadSeries history, Holidays holidays, int horizonSteps) {
    List<Predictor> fitted = members.stream().map(m -> m.fit(history, holidays, horizonSteps)).toList();
    return (series, horizonTemperaturesF) -> {
      double[] out = new double[horizonSteps];
      for (int k = 0; k < fitted.size(); k++) {
        double[] f = fitted.get(k).predict(series, horizonTemperaturesF);
        for (int j = 0; j < horizonSteps; j++) {
          out[j] += weights[k] * f[j];
        }
      }
      return out;
    };
  }
}
