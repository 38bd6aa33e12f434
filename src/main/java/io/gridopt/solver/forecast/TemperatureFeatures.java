package io.gridopt.solver.forecast;

/**
 * The temperature regressors of a weather-aware profile model for target step {@code t = o + j}:
 * the way load responds to temperature. Nonlinear (the hour's temperature to the third power,
 * heating and cooling degrees below and above a comfort band), on the day's scale (mean, maximum
 * and minimum of the target's day and their squares: a hot afternoon raises the evening's load),
 * with recency (the three hours before the target, the mean of the 24 hours before it, the means
 * of the two days before the target's day: buildings store heat, and yesterday's weather is in
 * yesterday's load, which the profile features carry), interacting with the season (the hour's
 * and the day's temperature times cos and sin of the day of year: 70 F in May and in September
 * do not draw the same load), with days off (offices do not cool on Sundays) and the day's 24
 * hourly temperatures (the shape of the day's weather, not only its summaries). The per-lead
 * regressions make every feature interact with the hour of day.
 *
 * <p>Only temperatures of steps before {@code o + horizonSteps} are read: the history's observed
 * readings and, for the forecast, the weather forecast of the horizon. The target's "day" is its
 * calendar day, moved back to end at the horizon's end where the horizon stops inside it, so
 * training rows and the forecast see the same window.
 */
final class TemperatureFeatures {
  /** Degrees F: heating below, cooling above (the usual 65 F degree-day base, with a band under it). */
  private static final double HEATING_BASE_F = 60;
  private static final double COOLING_BASE_F = 65;
  /** Centre and scale of temperature powers, so that T, T^2 and T^3 are not nearly collinear. */
  private static final double CENTRE_F = 60;
  private static final double SCALE_F = 20;
  /** Columns that depend on the target's day only (its summaries, the days before, its 24 hours). */
  static final int DAY_SIZE = 15 + 24;
  /** Columns of the target step itself. */
  static final int LEAD_SIZE = 13;

  private final int stepsPerDay;
  private final int stepsPerHour;
  private final int startStepOfDay;
  private final int horizonSteps;
  /** Added to readings at or after a training row's origin (null: none); see {@link #withForecastError}. */
  private final double[] forecastError;

  /**
   * @param startStepOfDay step of day of history index 0
   */
  TemperatureFeatures(int stepsPerDay, int startStepOfDay, int horizonSteps) {
    this(stepsPerDay, startStepOfDay, horizonSteps, null);
  }

  private TemperatureFeatures(int stepsPerDay, int startStepOfDay, int horizonSteps, double[] forecastError) {
    this.stepsPerDay = stepsPerDay;
    this.stepsPerHour = stepsPerDay / 24;
    this.startStepOfDay = startStepOfDay;
    this.horizonSteps = horizonSteps;
    this.forecastError = forecastError;
  }

  /**
   * The same features for training rows, with readings at or after each row's origin perturbed by
   * an AR(1) path of standard deviation {@code sdF} and step-to-step correlation {@code rho} (fixed
   * seed): the forecast will read a weather forecast there, not observations, so the regression is
   * fitted on inputs as uncertain as the ones it will get and shrinks the temperature response as
   * much as that uncertainty calls for (errors in the inputs attenuate the best linear response).
   */
  TemperatureFeatures withForecastError(int steps, double sdF, double rho, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    double[] e = new double[steps];
    double innovation = sdF * Math.sqrt(1 - rho * rho);
    for (int i = 0; i < steps; i++) {
      e[i] = i == 0 ? sdF * rnd.nextGaussian() : rho * e[i - 1] + innovation * rnd.nextGaussian();
    }
    return new TemperatureFeatures(stepsPerDay, startStepOfDay, horizonSteps, e);
  }

  /** Reading i as seen from origin o. */
  private double at(double[] temps, int i, int o) {
    return forecastError != null && i >= o ? temps[i] + forecastError[i] : temps[i];
  }

  /** Steps before the origin that the features read. */
  int reach() {
    return 3 * stepsPerDay;
  }

  private static double x(double tF) {
    return (tF - CENTRE_F) / SCALE_F;
  }

  /** First step of the target day of (o, j): its calendar day, moved back to end at the horizon's end. */
  int dayStart(int o, int j) {
    int t = o + j;
    return Math.min(t - Math.floorMod(startStepOfDay + t, stepsPerDay), o + horizonSteps - stepsPerDay);
  }

  /**
   * Writes the {@link #DAY_SIZE} features of the target day starting at {@code dayStart} (the same
   * for every lead of that day) from {@code c} on; returns the next column. {@code temps[i]}
   * belongs to step i.
   */
  int fillDay(double[] temps, int o, int dayStart, DayFeatures.Target target, double[] out, int c) {
    double[] day = stats(temps, dayStart, o);
    double mean = x(day[0]);
    double max = x(day[1]);
    double min = x(day[2]);
    double prevMean = x(stats(temps, dayStart - stepsPerDay, o)[0]);
    double prev2Mean = x(stats(temps, dayStart - 2 * stepsPerDay, o)[0]);
    double cos = target.seasonCos();
    double sin = target.seasonSin();
    out[c++] = mean;
    out[c++] = max;
    out[c++] = min;
    out[c++] = mean * mean;
    out[c++] = max * max;
    out[c++] = min * min;
    out[c++] = Math.max(HEATING_BASE_F - day[0], 0) / SCALE_F;
    out[c++] = Math.max(day[0] - COOLING_BASE_F, 0) / SCALE_F;
    out[c++] = prevMean;
    out[c++] = prevMean * prevMean;
    out[c++] = prev2Mean;
    out[c++] = mean * cos;
    out[c++] = mean * sin;
    out[c++] = mean * mean * cos;
    out[c++] = mean * mean * sin;
    // The whole day's hourly temperatures: each lead's regression learns which hours of its day
    // matter (the afternoon peak's heat drives the evening; a cold night the morning).
    for (int h = 0; h < 24; h++) {
      double sum = 0;
      for (int i = dayStart + h * stepsPerHour; i < dayStart + (h + 1) * stepsPerHour; i++) {
        sum += at(temps, i, o);
      }
      out[c++] = x(sum / stepsPerHour);
    }
    return c;
  }

  /** Writes the {@link #LEAD_SIZE} features of target step {@code o + j} itself from {@code c} on. */
  void fillLead(double[] temps, int o, int j, DayFeatures.Target target, double[] out, int c) {
    int t = o + j;
    double tF = at(temps, t, o);
    double xt = x(tF);
    double last24 = 0;
    for (int i = t - stepsPerDay; i < t; i++) {
      last24 += at(temps, i, o);
    }
    double heating = Math.max(HEATING_BASE_F - tF, 0) / SCALE_F;
    double cooling = Math.max(tF - COOLING_BASE_F, 0) / SCALE_F;
    double off = target.dayOff() ? 1.0 : 0.0;
    out[c++] = xt;
    out[c++] = xt * xt;
    out[c++] = xt * xt * xt;
    out[c++] = heating;
    out[c++] = cooling;
    out[c++] = x(at(temps, t - stepsPerHour, o));
    out[c++] = x(at(temps, t - 2 * stepsPerHour, o));
    out[c++] = x(at(temps, t - 3 * stepsPerHour, o));
    out[c++] = x(last24 / stepsPerDay);
    out[c++] = xt * target.seasonCos();
    out[c++] = xt * target.seasonSin();
    out[c++] = cooling * off;
    out[c] = heating * off;
  }

  /** Mean, maximum and minimum of the day of steps {@code [from, from + stepsPerDay)}, as seen from origin o. */
  private double[] stats(double[] temps, int from, int o) {
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (int i = from; i < from + stepsPerDay; i++) {
      double tF = at(temps, i, o);
      sum += tF;
      max = Math.max(max, tF);
      min = Math.min(min, tF);
    }
    return new double[] {sum / stepsPerDay, max, min};
  }
}
