package io.gridopt.solver.forecast;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
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
    DayFeatures features = new DayFeatures(spd, n / spd, weather != null);
    double[] temps = weather == null ? null : weather.combined();
    TemperatureFeatures tf = weather == null ? null
        : new TemperatureFeatures(spd, history.start().toLocalTime().toSecondOfDay() / 60 / history.intervalMinutes(),
            horizonSteps);
    // Origins n - m*spd (m = 1, 2, ..) share their profile and level across leads: computed once.
    int origins = n / spd;
    double[][] profiles = new double[origins + 1][];
    double[] levels = new double[origins + 1];
    for (int m = 1; m <= origins && n - m * spd - features.profileSize() * features.stepsPerHour >= 0; m++) {
      int o = n - m * spd;
      levels[m] = features.level(v, o);
      profiles[m] = new double[features.profileSize()];
      features.profile(v, o, relative ? levels[m] : 1.0, profiles[m]);
    }
    // Training rows read the horizon's temperatures as forecasts as uncertain as the request's.
    TemperatureFeatures trainTf = tf == null || weather.forecastSdF() == 0 ? tf
        : tf.withForecastError(temps.length, weather.forecastSdF(),
            Math.pow(Forecaster.WEATHER_ERROR_HOURLY_CORRELATION, 1.0 / features.stepsPerHour));
    Design train = new Design(features, trainTf, holidays);
    // Leads with the same training origins and target day share the columns of Design.fillShared.
    Map<List<Integer>, SharedRows> shared = new HashMap<>();
    BlockRidge.Fit[] fits = new BlockRidge.Fit[horizonSteps];
    for (int j = 0; j < horizonSteps; j++) {
      int firstBack = j / spd + 1; // origins n - m*spd with m >= firstBack have their target observed
      int reach = tf == null ? features.reach(j) : Math.max(features.reach(j), tf.reach());
      int rows = 0;
      while (n - (firstBack + rows) * spd - reach >= 0) {
        rows++;
      }
      if (rows < MIN_TRAIN_DAYS) {
        throw new IllegalStateException(name + " needs more history for lead " + j);
      }
      int targetDay = (int) (history.dateAt(n + j).toEpochDay() - history.dateAt(n).toEpochDay());
      int lead = j;
      int rowCount = rows;
      SharedRows block = shared.computeIfAbsent(List.of(firstBack, rows, targetDay),
          key -> sharedRows(history, train, temps, lead, firstBack, rowCount, profiles, levels));
      fits[j] = fitLead(history, train, temps, j, block);
    }
    Design design = new Design(features, tf, holidays);
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
        LocalDate date = series.dateAt(o + j);
        int c = design.fillShared(t, o, j, date, x, profile.length);
        design.fillOwn(s, t, o, j, date, divisor, x, c);
        out[j] = fits[j].predict(x) * divisor;
      }
      return out;
    };
  }

  /**
   * The regressors of (o, j) in the order the fits take them: the profile, then {@link #fillShared}
   * (the same for every lead of one target day), then {@link #fillOwn} (the target step's).
   */
  private record Design(DayFeatures features, TemperatureFeatures tf, Holidays holidays) {

    int sharedSize() {
      return features.profileSize() + features.calendarSize() + (tf == null ? 0 : TemperatureFeatures.DAY_SIZE);
    }

    int ownSize(int j) {
      return features.lags(j).length + (tf == null ? 0 : TemperatureFeatures.LEAD_SIZE);
    }

    /** The target day's calendar and temperature columns from {@code c} on; returns the next column. */
    int fillShared(double[] temps, int o, int j, LocalDate date, double[] out, int c) {
      c = features.fillCalendar(date, holidays, out, c);
      return tf == null ? c : tf.fillDay(temps, o, tf.dayStart(o, j), date, out, c);
    }

    /** The target step's lags (load divided by {@code divisor}) and temperatures from {@code c} on. */
    void fillOwn(double[] v, double[] temps, int o, int j, LocalDate date, double divisor, double[] out, int c) {
      c = features.fillLags(v, o, j, date, holidays, divisor, out, c);
      if (tf != null) {
        tf.fillLead(temps, o, j, date, DayFeatures.dayType(date, holidays) == 6, out, c);
      }
    }
  }

  /** Training rows m = firstBack, firstBack + 1, .. shared by the leads of one target day. */
  private record SharedRows(int firstBack, int rows, double[] divisors, LocalDate[] dates, BlockRidge ridge) {
  }

  private SharedRows sharedRows(LoadSeries history, Design design, double[] temps, int j, int firstBack, int rows,
      double[][] profiles, double[] levels) {
    int n = history.size();
    int spd = history.stepsPerDay();
    int p = design.sharedSize();
    int profileSize = design.features().profileSize();
    double[] x = new double[rows * p];
    double[] w = new double[rows];
    double[] divisors = new double[rows];
    LocalDate[] dates = new LocalDate[rows];
    double[] row = new double[p];
    for (int r = 0; r < rows; r++) {
      int m = firstBack + r;
      int o = n - m * spd;
      double level = levels[m];
      divisors[r] = scale == Scale.RELATIVE ? level : 1.0;
      dates[r] = history.dateAt(o + j);
      design.fillShared(temps, o, j, dates[r], row, profileSize);
      System.arraycopy(profiles[m], 0, x, r * p, profileSize);
      System.arraycopy(row, profileSize, x, r * p + profileSize, p - profileSize);
      w[r] = (scale == Scale.ABSOLUTE ? 1.0 / (level * level) : 1.0)
          * (halfLifeDays > 0 ? Math.pow(0.5, r / halfLifeDays) : 1.0); // row r is r days older than the newest
    }
    return new SharedRows(firstBack, rows, divisors, dates, new BlockRidge(x, rows, p, w, alpha));
  }

  private BlockRidge.Fit fitLead(LoadSeries history, Design design, double[] temps, int j, SharedRows block) {
    double[] v = history.values();
    int n = v.length;
    int spd = history.stepsPerDay();
    int q = design.ownSize(j);
    double[] own = new double[block.rows() * q];
    double[] y = new double[block.rows()];
    for (int r = 0; r < block.rows(); r++) {
      int o = n - (block.firstBack() + r) * spd;
      double divisor = block.divisors()[r];
      design.fillOwn(v, temps, o, j, block.dates()[r], divisor, own, r * q);
      y[r] = v[o + j] / divisor;
    }
    return block.ridge().solve(own, q, y);
  }
}
