package io.gridopt.solver.forecast;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Direct multi-step ridge regression: one model per lead (per step of day for a day-ahead
 * forecast) on the profile of the last one or two days, the same step 1, 2, 7 and 14 days
 * earlier and the target's day type (holidays count as Sundays). Features are standardized so one
 * penalty fits all; the system {@code Z'WZ + alpha I} is solved by EJML's Cholesky. The leads of
 * one target day share their training rows and most columns, so they are fitted together
 * ({@link BlockRidge}).
 *
 * <p>{@link Scale} says what the regression sees: load values weighted by 1/level^2 (so that it
 * minimizes relative, not absolute, error), values divided by the level of the last 24 hours, or
 * log values (multiplicative effects: a holiday or a cold day scales the whole profile).
 *
 * <p>With {@code halfLifeDays > 0} the training days are weighted by recency: how load answers
 * temperature drifts (new buildings, heat pumps, the economy), so last month's days say more about
 * tomorrow than last year's.
 */
public record ProfileRidge(String name, Scale scale, double alpha, double halfLifeDays, Weather weather)
    implements ForecastModel {
  public static final ProfileRidge ABSOLUTE = new ProfileRidge("ridge", Scale.ABSOLUTE, 1.0, 0, null);
  public static final ProfileRidge RELATIVE = new ProfileRidge("ridge_relative", Scale.RELATIVE, 10.0, 0, null);
  public static final ProfileRidge LOG = new ProfileRidge("ridge_log", Scale.LOG, 1.0, 0, null);

  /**
   * The same model with {@link TemperatureFeatures} of {@code weather} added to every lead's
   * regressors, penalty {@code weatherAlpha} and training days weighted by {@code 0.5^(age / halfLife)}
   * (0: equal weights).
   */
  public ProfileRidge withWeather(String weatherName, double weatherAlpha, double halfLife, Weather w) {
    return new ProfileRidge(weatherName, scale, weatherAlpha, halfLife, w);
  }

  /** How load values enter the regression. */
  public enum Scale {
    /** Values as they are, samples weighted by 1/level^2. */
    ABSOLUTE,
    /** Values over the mean of the 24 hours before the origin: shapes and ratios, which
     * generalize across levels better from little history. */
    RELATIVE,
    /** log(value + 1% of the mean): effects multiply instead of add. */
    LOG
  }

  /** Shifts log's argument away from zero: zero readings are valid load. */
  private static final double LOG_SHIFT_OF_MEAN = 0.01;
  /** Fewest training days a lead's regression is fitted on. */
  static final int MIN_TRAIN_DAYS = 7;

  @Override
  public int minHistoryDays(int horizonSteps, int stepsPerDay) {
    int leadDays = (horizonSteps + stepsPerDay - 1) / stepsPerDay;
    return leadDays + 2 + MIN_TRAIN_DAYS;
  }

  /** Without draws of forecast error: the backtest reads observed temperatures, so it trains on them. */
  @Override
  public ForecastModel forBacktest() {
    return weather == null || weather.forecastSdF() == 0 ? this
        : new ProfileRidge(name, scale, alpha, halfLifeDays,
            new Weather(weather.temperatureF(), weather.forecastF(), 0));
  }

  @Override
  public Predictor fit(LoadSeries history, Holidays holidays, int horizonSteps) {
    if (scale == Scale.LOG) {
      // + 1e-9: an all-zero history still has a finite log
      double shift = LOG_SHIFT_OF_MEAN * Arrays.stream(history.values()).average().orElse(0) + 1e-9;
      Predictor logPredictor = fitScaled(logOf(history, shift), holidays, horizonSteps);
      return (series, horizonTemperaturesF) -> {
        double[] out = logPredictor.predict(logOf(series, shift), horizonTemperaturesF);
        for (int j = 0; j < out.length; j++) {
          out[j] = Math.exp(out[j]) - shift;
        }
        return out;
      };
    }
    return fitScaled(history, holidays, horizonSteps);
  }

  /**
   * Penalty of a holiday's own column, in multiples of the model's: with a year of history a
   * holiday has one instance, so its column would take that day's whole residual (last year's
   * weather, an imputed lag); penalized harder it keeps what repeats and leaves the rest to the
   * holiday's class (see {@link DayFeatures}). Chosen on the validation year, see docs/forecast.md.
   */
  static final double HOLIDAY_NAME_PENALTY = 100;
  /**
   * Draws of temperature-forecast error the training rows are repeated with, when the request has a
   * forecast error: with one draw the fit also learns that draw's noise; more draws average it out
   * (two and three gained, four and six no more; see docs/forecast.md).
   */
  static final int TRAINING_ERROR_DRAWS = 3;

  /**
   * With weather, a training day that the fit misses by more than this many times the median day's
   * miss (mean absolute relative residual over the day's leads) is down-weighted to that bound:
   * Huber weights on whole days. What temperature and calendar do not explain on such a day (a
   * storm's outages, a plant's shutdown, an odd holiday) does not repeat, and under squared loss a
   * few such days bend every coefficient. Without weather a day's miss is mostly its weather, which
   * does repeat, so the load-only models keep equal weights. Chosen on the validation year (flat
   * from 1 to 1.5), see docs/forecast.md.
   */
  static final double ROBUST_DAY_LIMIT = 1.5;

  /** Days of the history's head read again before its start, for rows whose features reach back that far. */
  static final int MIRROR_DAYS = 21;

  /** {@code a} after a copy of its first {@code head} values. */
  private static double[] withHeadRepeated(double[] a, int head) {
    double[] out = new double[a.length + head];
    System.arraycopy(a, 0, out, 0, head);
    System.arraycopy(a, 0, out, head, a.length);
    return out;
  }

  private static LoadSeries logOf(LoadSeries series, double shift) {
    double[] v = series.values();
    double[] logs = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      logs[i] = Math.log(v[i] + shift);
    }
    return new LoadSeries(series.start(), series.offset(), series.intervalMinutes(), logs);
  }

  private Predictor fitScaled(LoadSeries history, Holidays holidays, int horizonSteps) {
    boolean relative = scale == Scale.RELATIVE;
    double[] v = history.values();
    int n = v.length;
    int spd = history.stepsPerDay();
    DayFeatures features = new DayFeatures(spd, n / spd, weather != null, history.dateAt(0), holidays, weather != null);
    double[] temps = weather == null ? null : weather.combined();
    TemperatureFeatures tf = weather == null ? null
        : new TemperatureFeatures(spd, history.start().toLocalTime().toSecondOfDay() / 60 / history.intervalMinutes(),
            horizonSteps);
    // With weather, rows whose features reach before the history's start are kept: the missing days
    // are read from three weeks later (the same weekdays). Last year's holiday then trains its column
    // although, with a year of history, it lies in the history's first days.
    int mirror = weather != null && n >= 2 * MIRROR_DAYS * spd ? MIRROR_DAYS * spd : 0;
    double[] vx = withHeadRepeated(v, mirror);
    double[] tx = temps == null ? null : withHeadRepeated(temps, mirror);
    // Origins n - m*spd (m = 1, 2, ..) share their profile and level across leads: computed once.
    int origins = n / spd;
    double[][] profiles = new double[origins + 1][];
    double[] levels = new double[origins + 1];
    for (int m = 1; m <= origins && n + mirror - m * spd - features.profileSize() * features.stepsPerHour >= 0; m++) {
      int o = n - m * spd + mirror;
      levels[m] = features.level(vx, o);
      profiles[m] = new double[features.profileSize()];
      features.profile(vx, o, relative ? levels[m] : 1.0, profiles[m]);
    }
    // Training rows read the horizon's temperatures as forecasts as uncertain as the request's,
    // each row once per draw of that error.
    int reps = tf == null || weather.forecastSdF() == 0 ? 1 : TRAINING_ERROR_DRAWS;
    Design[] train = new Design[reps];
    for (int k = 0; k < reps; k++) {
      TemperatureFeatures trainTf = reps == 1 ? tf
          : tf.withForecastError(tx.length, weather.forecastSdF(),
              Math.pow(Forecaster.WEATHER_ERROR_HOURLY_CORRELATION, 1.0 / features.stepsPerHour), 20_190_101L + k);
      train[k] = new Design(features, trainTf);
    }
    // Leads with the same training origins and target day share the columns of Design.fillShared.
    Map<List<Integer>, List<Integer>> leadsByRows = new LinkedHashMap<>();
    for (int j = 0; j < horizonSteps; j++) {
      int firstBack = j / spd + 1; // origins n - m*spd with m >= firstBack have their target observed
      int reach = tf == null ? features.reach(j) : Math.max(features.reach(j), tf.reach());
      int rows = 0;
      while (n - (firstBack + rows) * spd >= (mirror > 0 ? 0 : reach)
          && n - (firstBack + rows) * spd + mirror >= reach) {
        rows++;
      }
      if (rows < MIN_TRAIN_DAYS) {
        throw new IllegalStateException(name + " needs more history for lead " + j);
      }
      int targetDay = (int) (history.dateAt(n + j).toEpochDay() - history.dateAt(n).toEpochDay());
      leadsByRows.computeIfAbsent(List.of(firstBack, rows, targetDay), k -> new ArrayList<>()).add(j);
    }
    BlockRidge.Fit[] fits = new BlockRidge.Fit[horizonSteps];
    TrainingDays data = new TrainingDays(history, vx, tx, mirror, profiles, levels);
    Design[] observed = {new Design(features, tf)};
    leadsByRows.forEach((key, leads) -> {
      LeadGroup group = new LeadGroup(key.get(0), key.get(1), leads);
      GroupRows rows = groupRows(data, train, group);
      double[] dayWeights = null;
      if (tf != null) {
        // A first fit on the observed temperatures (the same rows when there are no error draws)
        // finds the days it cannot explain, and the fit that counts weighs them down.
        GroupRows onObserved = train.length == 1 ? rows : groupRows(data, observed, group);
        dayWeights = robustDayWeights(dayMisses(onObserved, solve(onObserved, null)));
      }
      BlockRidge.Fit[] solved = solve(rows, dayWeights);
      for (int i = 0; i < leads.size(); i++) {
        fits[leads.get(i)] = solved[i];
      }
    });
    Design design = new Design(features, tf);
    return (series, horizonTemperaturesF) -> {
      double[] s = series.values();
      int o = s.length;
      double[] t = temps;
      if (horizonTemperaturesF != null && temps != null) {
        t = Arrays.copyOf(temps, o + horizonSteps);
        System.arraycopy(horizonTemperaturesF, 0, t, o, horizonSteps);
      }
      double level = features.level(s, o);
      double divisor = relative ? level : 1.0;
      double[] profile = new double[features.profileSize()];
      features.profile(s, o, divisor, profile);
      double[] out = new double[horizonSteps];
      for (int j = 0; j < horizonSteps; j++) {
        double[] x = Arrays.copyOf(profile, fits[j].size());
        DayFeatures.Target target = features.target(series.dateAt(o + j));
        int c = design.fillShared(t, o, j, target, x, profile.length);
        design.fillOwn(s, t, o, j, target, divisor, x, c);
        out[j] = fits[j].predict(x) * divisor;
      }
      return out;
    };
  }

  /**
   * The regressors of (o, j) in the order the fits take them: the profile, then {@link #fillShared}
   * (the same for every lead of one target day), then {@link #fillOwn} (the target step's).
   */
  private record Design(DayFeatures features, TemperatureFeatures tf) {

    int sharedSize() {
      return features.profileSize() + features.calendarSize() + (tf == null ? 0 : TemperatureFeatures.DAY_SIZE);
    }

    int ownSize(int j) {
      return features.lags(j).length + (tf == null ? 0 : TemperatureFeatures.LEAD_SIZE);
    }

    /** The target day's calendar and temperature columns from {@code c} on; returns the next column. */
    int fillShared(double[] temps, int o, int j, DayFeatures.Target target, double[] out, int c) {
      c = features.fillCalendar(target, out, c);
      return tf == null ? c : tf.fillDay(temps, o, tf.dayStart(o, j), target, out, c);
    }

    /** The target step's lags (load divided by {@code divisor}) and temperatures from {@code c} on. */
    void fillOwn(double[] v, double[] temps, int o, int j, DayFeatures.Target target, double divisor, double[] out,
        int c) {
      c = features.fillLags(v, o, j, target, divisor, out, c);
      if (tf != null) {
        tf.fillLead(temps, o, j, target, out, c);
      }
    }
  }

  /** What every lead group's training rows are read from; {@code v} and {@code temps} start {@code mirror} steps early. */
  private record TrainingDays(LoadSeries history, double[] v, double[] temps, int mirror, double[][] profiles,
      double[] levels) {
  }

  /**
   * Leads of one target day fitted together, on the training rows of origins {@code n - m * spd}, m =
   * firstBack .. firstBack + days - 1.
   */
  private record LeadGroup(int firstBack, int days, List<Integer> leads) {
  }

  /**
   * {@link #ROBUST_DAY_LIMIT} times the median miss over each day's miss, at most 1; all 1 when the
   * median day is fitted exactly (a noiseless history: no scale to judge the others by).
   */
  static double[] robustDayWeights(double[] dayMiss) {
    double[] sorted = dayMiss.clone();
    Arrays.sort(sorted);
    double bound = ROBUST_DAY_LIMIT * sorted[sorted.length / 2];
    double[] weights = new double[dayMiss.length];
    for (int d = 0; d < weights.length; d++) {
      weights[d] = bound > 0 && dayMiss[d] > bound ? bound / dayMiss[d] : 1.0;
    }
    return weights;
  }

  /**
   * A lead group's training rows, {@code reps} per day (one per design): the shared columns
   * ({@code rows x sharedCols}), each lead's own columns and target, the rows' weights before any
   * day weights, the shared columns' penalty factors, and each row's level (by which an absolute
   * residual is made relative).
   */
  private record GroupRows(int reps, int days, double[] shared, int sharedCols, double[][] own, int[] ownCols,
      double[][] y, double[] weights, double[] penalty, double[] levels) {
  }

  /** Builds the group's rows: their shared columns once for all its leads. */
  private GroupRows groupRows(TrainingDays data, Design[] designs, LeadGroup group) {
    LoadSeries history = data.history();
    double[] v = data.v();
    double[] temps = data.temps();
    int mirror = data.mirror();
    int firstBack = group.firstBack();
    List<Integer> leads = group.leads();
    int n = history.size();
    Design design = designs[0];
    int reps = designs.length;
    int rows = group.days() * reps;
    int spd = history.stepsPerDay();
    int p = design.sharedSize();
    int profileSize = design.features().profileSize();
    int j0 = leads.get(0);
    double[] x = new double[rows * p];
    double[] w = new double[rows];
    double[] levels = new double[rows];
    double[] divisors = new double[rows];
    DayFeatures.Target[] targets = new DayFeatures.Target[rows];
    for (int r = 0; r < rows; r++) {
      int age = r / reps;
      int m = firstBack + age;
      int o = n - m * spd + mirror;
      levels[r] = data.levels()[m];
      divisors[r] = scale == Scale.RELATIVE ? levels[r] : 1.0;
      targets[r] = design.features().target(history.dateAt(o - mirror + j0));
      System.arraycopy(data.profiles()[m], 0, x, r * p, profileSize);
      designs[r % reps].fillShared(temps, o, j0, targets[r], x, r * p + profileSize);
      w[r] = (scale == Scale.ABSOLUTE ? 1.0 / (levels[r] * levels[r]) : 1.0)
          * (halfLifeDays > 0 ? Math.pow(0.5, age / halfLifeDays) : 1.0); // row r is age days older than the newest
    }
    double[] penalty = new double[p];
    Arrays.fill(penalty, 1.0);
    int from = profileSize + design.features().holidayNameColumnsFrom();
    Arrays.fill(penalty, from, from + design.features().holidayNameColumns(), HOLIDAY_NAME_PENALTY);
    double[][] own = new double[leads.size()][];
    int[] ownCols = new int[leads.size()];
    double[][] y = new double[leads.size()][rows];
    for (int i = 0; i < leads.size(); i++) {
      int j = leads.get(i);
      ownCols[i] = design.ownSize(j);
      own[i] = new double[rows * ownCols[i]];
      for (int r = 0; r < rows; r++) {
        int o = n - (firstBack + r / reps) * spd + mirror;
        designs[r % reps].fillOwn(v, temps, o, j, targets[r], divisors[r], own[i], r * ownCols[i]);
        y[i][r] = v[o + j] / divisors[r];
      }
    }
    return new GroupRows(reps, group.days(), x, p, own, ownCols, y, w, penalty, levels);
  }

  /** The group's per-lead fits, each day's rows weighted by {@code dayWeights[age]} as well (null: 1). */
  private BlockRidge.Fit[] solve(GroupRows rows, double[] dayWeights) {
    double[] w = rows.weights().clone();
    for (int r = 0; dayWeights != null && r < w.length; r++) {
      w[r] *= dayWeights[r / rows.reps()];
    }
    // the penalty grows with the rows repeated, so that the repeats do not weaken it
    return new BlockRidge(rows.shared(), w.length, rows.sharedCols(), w, alpha * rows.reps(), rows.penalty())
        .solve(rows.own(), rows.ownCols(), rows.y());
  }

  /** Each day's mean absolute relative residual of {@code fits} over the group's leads, by age (0 the newest). */
  private double[] dayMisses(GroupRows rows, BlockRidge.Fit[] fits) {
    int p = rows.sharedCols();
    int n = rows.weights().length;
    double[] miss = new double[rows.days()];
    for (int i = 0; i < fits.length; i++) {
      int q = rows.ownCols()[i];
      double[] row = new double[p + q];
      for (int r = 0; r < n; r++) {
        System.arraycopy(rows.shared(), r * p, row, 0, p);
        System.arraycopy(rows.own()[i], r * q, row, p, q);
        double residual = rows.y()[i][r] - fits[i].predict(row);
        // relative: the log and relative scales are already; absolute load over the origin's level
        double relative = scale == Scale.ABSOLUTE ? residual / rows.levels()[r] : residual;
        miss[r / rows.reps()] += Math.abs(relative) / (fits.length * rows.reps());
      }
    }
    return miss;
  }
}
