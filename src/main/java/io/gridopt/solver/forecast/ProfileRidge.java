package io.gridopt.solver.forecast;

import java.time.LocalDate;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Direct multi-step ridge regression: one model per lead (per step of day for a day-ahead
 * forecast) on the profile of the last one or two days, the same step 1, 2, 7 and 14 days
 * earlier and the target's day type (holidays count as Sundays). Features are standardized so one
 * penalty fits all; the system {@code Z'WZ + alpha I} is solved by EJML's Cholesky.
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
    LeadFit[] fits = new LeadFit[horizonSteps];
    for (int j = 0; j < horizonSteps; j++) {
      fits[j] = fitLead(history, holidays, features, trainTf, temps, j, profiles, levels);
    }
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
      double[] out = new double[horizonSteps];
      for (int j = 0; j < horizonSteps; j++) {
        double[] x = new double[features.size(j) + (tf == null ? 0 : TemperatureFeatures.SIZE)];
        LocalDate date = series.dateAt(o + j);
        features.fill(s, o, j, date, holidays, divisor, x);
        if (tf != null) {
          tf.fill(t, o, j, date, DayFeatures.dayType(date, holidays) == 6, x, features.size(j));
        }
        out[j] = fits[j].predict(x) * divisor;
      }
      return out;
    };
  }

  private LeadFit fitLead(LoadSeries history, Holidays holidays, DayFeatures features, TemperatureFeatures tf,
      double[] temps, int j, double[][] profiles, double[] levels) {
    boolean relative = scale == Scale.RELATIVE;
    double[] v = history.values();
    int n = v.length;
    int spd = features.stepsPerDay;
    int dayP = features.size(j);
    int p = dayP + (tf == null ? 0 : TemperatureFeatures.SIZE);
    int reach = tf == null ? features.reach(j) : Math.max(features.reach(j), tf.reach());
    int firstBack = j / spd + 1; // origins n - m*spd with m >= firstBack have their target observed
    int rows = 0;
    while (n - (firstBack + rows) * spd - reach >= 0) {
      rows++;
    }
    if (rows < MIN_TRAIN_DAYS) {
      throw new IllegalStateException(name + " needs more history for lead " + j);
    }
    DMatrixRMaj z = new DMatrixRMaj(rows, p);
    double[] y = new double[rows];
    double[] w = new double[rows];
    double[] x = new double[p];
    int profileSize = features.profileSize();
    for (int r = 0; r < rows; r++) {
      int m = firstBack + r;
      int o = n - m * spd;
      double level = levels[m];
      double divisor = relative ? level : 1.0;
      LocalDate date = history.dateAt(o + j);
      features.fillLead(v, o, j, date, holidays, divisor, x);
      if (tf != null) {
        tf.fill(temps, o, j, date, DayFeatures.dayType(date, holidays) == 6, x, dayP);
      }
      System.arraycopy(profiles[m], 0, z.data, r * p, profileSize);
      System.arraycopy(x, profileSize, z.data, r * p + profileSize, p - profileSize);
      y[r] = v[o + j] / divisor;
      w[r] = (scale == Scale.ABSOLUTE ? 1.0 / (level * level) : 1.0)
          * (halfLifeDays > 0 ? Math.pow(0.5, r / halfLifeDays) : 1.0); // row r is r days older than the newest
    }
    return LeadFit.solve(z, y, w, alpha);
  }

  /** Standardization and coefficients of one lead's regression. */
  private record LeadFit(double[] mean, double[] sd, double[] beta, double intercept) {

    static LeadFit solve(DMatrixRMaj z, double[] y, double[] w, double alpha) {
      int rows = z.numRows;
      int p = z.numCols;
      double wSum = 0;
      double yMean = 0;
      for (int r = 0; r < rows; r++) {
        wSum += w[r];
        yMean += w[r] * y[r];
      }
      yMean /= wSum;
      for (int r = 0; r < rows; r++) {
        w[r] *= rows / wSum; // mean weight 1 keeps alpha on the scale of the sample count
      }
      wSum = rows;
      double[] mean = new double[p];
      double[] sd = new double[p];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < p; c++) {
          mean[c] += w[r] * z.data[r * p + c];
        }
      }
      for (int c = 0; c < p; c++) {
        mean[c] /= wSum;
      }
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < p; c++) {
          double d = z.data[r * p + c] - mean[c];
          sd[c] += w[r] * d * d;
        }
      }
      for (int c = 0; c < p; c++) {
        sd[c] = Math.sqrt(sd[c] / wSum);
        if (sd[c] < 1e-12) {
          sd[c] = 1.0; // a constant column standardizes to zero and gets no weight
        }
      }
      // Rows scaled by sqrt(w) turn the weighted problem into an ordinary one.
      DMatrixRMaj target = new DMatrixRMaj(rows, 1);
      for (int r = 0; r < rows; r++) {
        double sw = Math.sqrt(w[r]);
        for (int c = 0; c < p; c++) {
          z.data[r * p + c] = (z.data[r * p + c] - mean[c]) / sd[c] * sw;
        }
        target.data[r] = (y[r] - yMean) * sw;
      }
      DMatrixRMaj a = new DMatrixRMaj(p, p);
      CommonOps_DDRM.multTransA(z, z, a);
      for (int c = 0; c < p; c++) {
        a.add(c, c, alpha);
      }
      DMatrixRMaj b = new DMatrixRMaj(p, 1);
      CommonOps_DDRM.multTransA(z, target, b);
      DMatrixRMaj beta = new DMatrixRMaj(p, 1);
      if (!CommonOps_DDRM.solveSPD(a, b, beta)) {
        throw new IllegalStateException("ridge system is not positive definite");
      }
      return new LeadFit(mean, sd, beta.data, yMean);
    }

    double predict(double[] x) {
      double s = intercept;
      for (int c = 0; c < x.length; c++) {
        s += beta[c] * (x[c] - mean[c]) / sd[c];
      }
      return s;
    }
  }
}
