package io.gridopt.solver.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Chooses a model per request by rolling-origin backtest on the request's own history, forecasts,
 * and calibrates quantiles on the backtest's out-of-sample errors.
 *
 * <p>Backtest: the origins are the last {@code K} days' points at the forecast origin's time of
 * day that leave a full horizon of observed values after them ({@code K} = a quarter of the
 * history in days, 1 to 28). Each model is fitted once on the history before the earliest origin
 * and forecasts from every origin seeing only the values before it (rolling origin without
 * refitting: out of sample, and one fit per model instead of {@code K}).
 * {@code auto} takes the lowest backtest MAPE by the one-standard-error rule (see {@link #choose}).
 *
 * <p>Quantiles: relative errors {@code r = (y - f) / f} of the chosen model, divided by the mean
 * |r| of their lead (smoothed over +-2 hours, since errors grow with the lead), are pooled; the
 * q-quantile of that pool (centred on its median), scaled back per lead, gives each band around
 * the model's forecast, which is the point forecast and the 0.5 band. {@code coverage_80} is measured by two-fold cross-fitting over the origins, so it is not
 * the calibration set scoring itself.
 */
public final class Forecaster {
  /**
   * Weights chosen on a validation year that the accuracy benchmark never tests on (2016-08-03 ..
   * 2017-08-02 of PJM DAYTON and DUQ, {@code EnsembleWeightBench}): the lowest mean MAPE over both
   * zones at 28 and 365 days of history.
   */
  public static final ForecastModel ENSEMBLE =
      new Ensemble("ensemble", List.of(ProfileRidge.LOG, ProfileRidge.RELATIVE, Analog.DEFAULT),
          new double[] {0.45, 0.45, 0.1});
  public static final List<ForecastModel> MODELS = List.of(SeasonalNaive.DAILY, SeasonalNaive.WEEKLY,
      ProfileRidge.ABSOLUTE, ProfileRidge.RELATIVE, ProfileRidge.LOG, Analog.DEFAULT, ENSEMBLE);
  static final int MAX_BACKTEST_DAYS = 28;
  private static final Weather NO_TEMPERATURES = new Weather(new double[0], new double[0], 0);
  /** With fewer backtest origins, a model must also beat the ensemble's MAPE by a fraction to replace it. */
  static final int ORIGINS_FOR_SMALL_GAINS = 14;
  /** That fraction, half: see {@link #choose}. */
  static final double SHORT_BACKTEST_MIN_GAIN = 0.5;

  private Forecaster() {
  }

  public static List<String> modelNames() {
    return MODELS.stream().map(ForecastModel::name).toList();
  }

  /** A model by name; the weather models without temperatures (for their history needs only). */
  public static Optional<ForecastModel> model(String name) {
    return java.util.stream.Stream.concat(MODELS.stream(), weatherModels(NO_TEMPERATURES).stream())
        .filter(m -> m.name().equals(name)).findFirst();
  }

  /** Days of history needed to backtest at least one origin and forecast {@code horizonSteps}. */
  public static int minHistoryDays(ForecastModel model, int horizonSteps, int stepsPerDay) {
    return model.minHistoryDays(horizonSteps, stepsPerDay) + leadDays(horizonSteps, stepsPerDay);
  }

  /** Least history any model can work with: one day more than the horizon covers. */
  public static int minHistoryDays(int horizonSteps, int stepsPerDay) {
    return MODELS.stream().mapToInt(m -> minHistoryDays(m, horizonSteps, stepsPerDay)).min().orElseThrow();
  }

  /**
   * Forecasts {@code horizonSteps} after the end of {@code history}; {@code modelName} "auto"
   * picks the model with the lowest backtest MAPE among those the history is long enough for.
   */
  public static ForecastResult forecast(LoadSeries history, Holidays holidays, int horizonSteps,
      double[] quantiles, String modelName) {
    return forecast(history, null, holidays, horizonSteps, quantiles, modelName);
  }

  /**
   * The same with temperatures ({@code weather} may be null): the {@link #WEATHER_MODEL_NAMES}
   * join the candidates, backtested on the observed temperatures of the backtest days, and the
   * weather ensemble is the default that another model must clearly beat. The quantiles are widened
   * by the spread that {@link Weather#forecastSdF()} of temperature-forecast error causes in the
   * chosen model's forecast.
   */
  public static ForecastResult forecast(LoadSeries history, Weather weather, Holidays holidays, int horizonSteps,
      double[] quantiles, String modelName) {
    int spd = history.stepsPerDay();
    int n = history.size();
    int leadDays = leadDays(horizonSteps, spd);
    int days = n / spd;
    if (weather != null && (weather.temperatureF().length != n || weather.forecastF().length != horizonSteps)) {
      throw new IllegalArgumentException("weather must have one temperature per history and per horizon step");
    }
    List<ForecastModel> weatherModels = weatherModels(weather);
    ForecastModel preferred = weather == null ? ENSEMBLE : weatherModels.get(weatherModels.size() - 1);
    List<ForecastModel> allowed = java.util.stream.Stream.concat(
            MODELS.stream().filter(m -> weather == null || !modelName.equals("auto") || m instanceof SeasonalNaive),
            weatherModels.stream())
        .filter(m -> modelName.equals("auto") || m.name().equals(modelName)).toList();
    int leastNeed = allowed.stream().mapToInt(m -> m.minHistoryDays(horizonSteps, spd)).min().orElse(Integer.MAX_VALUE);
    // fewer origins where a longer backtest would leave the (requested) model too little to fit on
    int backtestDays = Math.max(1, Math.min(Math.min(MAX_BACKTEST_DAYS, days / 4), days - leadDays + 1 - leastNeed));
    int firstOrigin = n - (leadDays + backtestDays - 1) * spd;
    int trainDays = firstOrigin / spd;
    List<ForecastModel> candidates = allowed.stream()
        .filter(m -> m.minHistoryDays(horizonSteps, spd) <= trainDays)
        .toList();
    if (candidates.isEmpty()) {
      throw new InvalidHistoryException("is too short for model " + modelName + " and a " + horizonSteps
          + "-step horizon: " + days + " days given");
    }
    int[] origins = new int[backtestDays];
    for (int k = 0; k < backtestDays; k++) {
      origins[k] = firstOrigin + k * spd;
    }
    LoadSeries trainPrefix = history.head(firstOrigin);
    List<Scored> scored = new ArrayList<>();
    for (ForecastModel m : candidates) {
      double[][] f = m instanceof Ensemble e && memberForecasts(e, scored) != null
          ? combine(e, memberForecasts(e, scored))
          : backtest(m.forBacktest().fit(trainPrefix, holidays, horizonSteps), history, origins);
      scored.add(new Scored(m, f, mapePct(history.values(), origins, f)));
    }
    Scored best = choose(scored, preferred, history.values(), origins);
    ForecastModel.Predictor fitted = best.model.fit(history, holidays, horizonSteps);
    double[] raw = fitted.predict(history);
    double[] weatherSpread = weather == null || weather.forecastSdF() == 0 || !weatherModels.contains(best.model)
        ? new double[horizonSteps]
        : weatherSpread(fitted, history, raw, weather, spd / 24);

    double[][] rel = relativeErrors(history.values(), origins, best.forecasts);
    boolean[] all = new boolean[origins.length];
    Arrays.fill(all, true);
    double bandScale = weather == null ? Calibration.LOAD_ONLY_BAND_SCALE : Calibration.WEATHER_BAND_SCALE;
    Calibration cal = Calibration.fit(rel, all, spd / 24, bandScale);
    double[] point = cal.band(raw, 0.5, weatherSpread);
    SortedMap<Double, double[]> bands = new TreeMap<>();
    for (double q : quantiles) {
      bands.put(q, cal.band(raw, q, weatherSpread));
    }
    int peak = 0;
    for (int j = 1; j < point.length; j++) {
      peak = point[j] > point[peak] ? j : peak;
    }
    double mase = maseVsWeeklyNaive(history.values(), origins, best.forecasts, spd);
    ForecastResult.Backtest bt = new ForecastResult.Backtest(origins.length, best.mapePct, mase,
        Calibration.crossFittedCoverage80(rel, spd / 24, bandScale));
    List<ForecastResult.CandidateScore> scores = scored.stream()
        .map(s -> new ForecastResult.CandidateScore(s.model.name(), s.mapePct)).toList();
    String why = best.model != preferred ? "the lowest"
        : origins.length < ORIGINS_FOR_SMALL_GAINS
            ? "the default " + preferred.name() + ", not beaten by more than one standard error and half its MAPE by any"
            : "the default " + preferred.name() + ", not beaten by more than one standard error by any";
    String reason = modelName.equals("auto")
        ? String.format(Locale.ROOT, "backtest MAPE %.2f%% over %d origins: %s of %d candidates", best.mapePct,
            origins.length, why, scored.size()) + margins(best, scored, weatherModels)
        : "requested";
    return new ForecastResult(history.timeAt(n), history.offset(), history.intervalMinutes(), point, bands,
        best.model.name(), reason, scores, bt, peak);
  }

  private record Scored(ForecastModel model, double[][] forecasts, double mapePct) {
  }

  /** Penalty of the weather ridges (on standardized columns); chosen leave one zone out, see docs/forecast.md. */
  static final double WEATHER_ALPHA = 2.0;
  /** Half-life in days of the weather ridges' recency weights; chosen with {@link #WEATHER_ALPHA}. */
  static final double WEATHER_HALF_LIFE_DAYS = 180;

  /** Names of the weather-aware models, available when a request carries weather. */
  public static final List<String> WEATHER_MODEL_NAMES = weatherModels(NO_TEMPERATURES)
      .stream().map(ForecastModel::name).toList();

  /**
   * The profile ridges with {@link TemperatureFeatures} (on load weighted by 1/level^2 and on log
   * load) and their equal-weight average, the default of {@code auto} with weather; none without
   * weather.
   */
  static List<ForecastModel> weatherModels(Weather weather) {
    if (weather == null) {
      return List.of();
    }
    ProfileRidge plain = ProfileRidge.ABSOLUTE.withWeather("weather_ridge", WEATHER_ALPHA, WEATHER_HALF_LIFE_DAYS, weather);
    ProfileRidge log = ProfileRidge.LOG.withWeather("weather_ridge_log", WEATHER_ALPHA, WEATHER_HALF_LIFE_DAYS, weather);
    return List.of(plain, log, new Ensemble("weather_ensemble", List.of(plain, log), new double[] {0.5, 0.5}));
  }

  /** How far the winner is ahead: of the next best candidate and, with weather, of the best model without. */
  private static String margins(Scored best, List<Scored> scored, List<ForecastModel> weatherModels) {
    StringBuilder out = new StringBuilder();
    scored.stream().filter(s -> s != best).min(Comparator.comparingDouble(Scored::mapePct)).ifPresent(s ->
        out.append(String.format(Locale.ROOT, "; next best %s at %.2f%% (%+.2f points)", s.model.name(), s.mapePct,
            s.mapePct - best.mapePct)));
    if (!weatherModels.isEmpty() && weatherModels.contains(best.model)) {
      scored.stream().filter(s -> !weatherModels.contains(s.model)).min(Comparator.comparingDouble(Scored::mapePct))
          .ifPresent(s -> out.append(String.format(Locale.ROOT,
              "; best without weather %s at %.2f%% (weather saves %.0f%% of its error)", s.model.name(), s.mapePct,
              100 * (1 - best.mapePct / s.mapePct))));
    }
    return out.toString();
  }

  /** Draws of temperature-forecast error whose effect on the forecast widens the quantiles. */
  static final int WEATHER_ERROR_DRAWS = 40;
  /**
   * Hour-to-hour correlation assumed for temperature-forecast errors: a forecast that is too warm at
   * noon is too warm in the afternoon (typical of day-ahead forecasts; the benchmark's errors have 0.8).
   */
  static final double WEATHER_ERROR_HOURLY_CORRELATION = 0.8;

  /**
   * Standard deviation, relative to the forecast, of the forecast at each step when the weather
   * forecast errs by AR(1) paths with standard deviation {@code forecastSdF}: the model's own
   * temperature response (nonlinear, summed over the hours each lead reads) propagated by Monte
   * Carlo with a fixed seed, so the same request gives the same bands.
   */
  private static double[] weatherSpread(ForecastModel.Predictor fitted, LoadSeries history, double[] raw,
      Weather weather, int stepsPerHour) {
    int h = raw.length;
    double rho = Math.pow(WEATHER_ERROR_HOURLY_CORRELATION, 1.0 / Math.max(1, stepsPerHour));
    double innovation = weather.forecastSdF() * Math.sqrt(1 - rho * rho);
    java.util.Random rnd = new java.util.Random(20_140_101L);
    double[] sumSq = new double[h];
    double[] temps = new double[h];
    for (int d = 0; d < WEATHER_ERROR_DRAWS; d++) {
      double e = weather.forecastSdF() * rnd.nextGaussian();
      for (int j = 0; j < h; j++) {
        e = j == 0 ? e : rho * e + innovation * rnd.nextGaussian();
        temps[j] = weather.forecastF()[j] + e;
      }
      double[] f = fitted.predict(history, temps);
      for (int j = 0; j < h; j++) {
        double r = raw[j] == 0 ? 0 : (f[j] - raw[j]) / raw[j];
        sumSq[j] += r * r;
      }
    }
    double[] sd = new double[h];
    for (int j = 0; j < h; j++) {
      sd[j] = Math.sqrt(sumSq[j] / WEATHER_ERROR_DRAWS);
    }
    return sd;
  }

  /**
   * The lowest backtest MAPE, by the one-standard-error rule: the ensemble (the default when it is
   * a candidate) is kept unless another model beats it by more than one standard error of their
   * paired per-origin MAPE difference. With a week of origins the plain minimum mostly picks noise,
   * and so do one-standard-error wins estimated from a week of origins: with fewer than
   * {@link #ORIGINS_FOR_SMALL_GAINS} origins the winner must also have at most half the ensemble's
   * MAPE. A model that follows a level step the ensemble's weekly lags still remember is that much
   * better and is taken; a model 10 % better on 7 origins is not. The margin was chosen on the
   * validation year of {@code ForecastAccuracyBench} (N = 28: MAPE 4.71 / 4.33 with no margin,
   * 4.67 / 4.31 at 20 %, 4.67 / 4.27 at 50 %, the same as never leaving the ensemble).
   */
  private static Scored choose(List<Scored> scored, ForecastModel preferred, double[] v, int[] origins) {
    Scored lowest = scored.stream().min(Comparator.comparingDouble(Scored::mapePct)).orElseThrow();
    Optional<Scored> ensemble = scored.stream().filter(s -> s.model == preferred).findFirst();
    if (ensemble.isEmpty() || lowest == ensemble.get() || origins.length < 2) {
      return lowest;
    }
    double[] diff = new double[origins.length];
    double mean = 0;
    for (int k = 0; k < origins.length; k++) {
      int[] one = {origins[k]};
      diff[k] = mapePct(v, one, new double[][] {lowest.forecasts[k]})
          - mapePct(v, one, new double[][] {ensemble.get().forecasts[k]});
      mean += diff[k] / origins.length;
    }
    double var = 0;
    for (double d : diff) {
      var += (d - mean) * (d - mean) / (origins.length - 1);
    }
    boolean significant = mean < -Math.sqrt(var / origins.length);
    boolean large = origins.length >= ORIGINS_FOR_SMALL_GAINS
        || lowest.mapePct < (1 - SHORT_BACKTEST_MIN_GAIN) * ensemble.get().mapePct;
    return significant && large ? lowest : ensemble.get();
  }

  /** The members' backtest forecasts when all were already backtested (fitting them again would repeat it). */
  private static List<double[][]> memberForecasts(Ensemble e, List<Scored> scored) {
    List<double[][]> out = new ArrayList<>();
    for (ForecastModel member : e.members()) {
      Optional<Scored> s = scored.stream().filter(x -> x.model.equals(member)).findFirst();
      if (s.isEmpty()) {
        return null;
      }
      out.add(s.get().forecasts);
    }
    return out;
  }

  private static double[][] combine(Ensemble e, List<double[][]> members) {
    double[][] first = members.get(0);
    double[][] out = new double[first.length][first[0].length];
    for (int m = 0; m < members.size(); m++) {
      for (int k = 0; k < out.length; k++) {
        for (int j = 0; j < out[k].length; j++) {
          out[k][j] += e.weights()[m] * members.get(m)[k][j];
        }
      }
    }
    return out;
  }

  static int leadDays(int horizonSteps, int stepsPerDay) {
    return (horizonSteps + stepsPerDay - 1) / stepsPerDay;
  }

  private static double[][] backtest(ForecastModel.Predictor predictor, LoadSeries history, int[] origins) {
    double[][] f = new double[origins.length][];
    for (int k = 0; k < origins.length; k++) {
      f[k] = predictor.predict(history.head(origins[k])); // the model sees nothing at or after the origin
    }
    return f;
  }

  static double mapePct(double[] v, int[] origins, double[][] f) {
    double sum = 0;
    int count = 0;
    for (int k = 0; k < origins.length; k++) {
      for (int j = 0; j < f[k].length; j++) {
        double y = v[origins[k] + j];
        if (y != 0) {
          sum += Math.abs(y - f[k][j]) / Math.abs(y);
          count++;
        }
      }
    }
    return count == 0 ? Double.NaN : 100 * sum / count;
  }

  private static double maseVsWeeklyNaive(double[] v, int[] origins, double[][] f, int spd) {
    int week = 7 * spd;
    if (origins[0] < week) {
      return Double.NaN;
    }
    double model = 0;
    double naive = 0;
    for (int k = 0; k < origins.length; k++) {
      double[] base = SeasonalNaive.forecast(Arrays.copyOf(v, origins[k]), week, f[k].length);
      for (int j = 0; j < f[k].length; j++) {
        double y = v[origins[k] + j];
        model += Math.abs(y - f[k][j]);
        naive += Math.abs(y - base[j]);
      }
    }
    return naive == 0 ? Double.NaN : model / naive;
  }

  private static double[][] relativeErrors(double[] v, int[] origins, double[][] f) {
    double[][] r = new double[origins.length][];
    for (int k = 0; k < origins.length; k++) {
      r[k] = new double[f[k].length];
      for (int j = 0; j < f[k].length; j++) {
        r[k][j] = f[k][j] == 0 ? 0 : (v[origins[k] + j] - f[k][j]) / f[k][j];
      }
    }
    return r;
  }
}
