package io.gridopt.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gridopt.solver.forecast.CleanHistory;
import io.gridopt.solver.forecast.Holidays;
import io.gridopt.solver.forecast.LoadSeries;
import io.gridopt.solver.forecast.SeriesCleaner;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoadAnomalyDetectorTest {
  private static final OffsetDateTime START = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-5));
  private static final int DAYS = 8 * 7;

  /** Eight weeks of hourly load: a daily shape, lower weekends, 1 % noise. */
  private static double[] load() {
    Random rnd = new Random(7);
    double[] v = new double[DAYS * 24];
    for (int i = 0; i < v.length; i++) {
      int hour = i % 24;
      int dayOfWeek = (i / 24) % 7; // 2024-01-01 is a Monday
      double shape = 1 + 0.3 * Math.sin(2 * Math.PI * (hour - 9) / 24.0);
      v[i] = Math.round(1000 * shape * (dayOfWeek >= 5 ? 0.85 : 1) * (1 + 0.01 * rnd.nextGaussian()) * 10) / 10.0;
    }
    return v;
  }

  private static List<Anomaly> detect(double[] values) {
    CleanHistory clean = SeriesCleaner.regular(START, 60, values);
    return LoadAnomalyDetector.detect(clean.series(), clean.log(), Holidays.NONE, "kW");
  }

  private static Anomaly only(List<Anomaly> found, String type) {
    List<Anomaly> ofType = found.stream().filter(a -> a.type().equals(type)).toList();
    assertThat(ofType).as(type + " in " + found).hasSize(1);
    return ofType.get(0);
  }

  private static OffsetDateTime at(int step) {
    return START.plusHours(step);
  }

  @Test
  void cleanSeriesHasNoFindings() {
    assertThat(detect(load())).isEmpty();
  }

  @Test
  void eachInjectedAnomalyIsFoundWithItsSpanAndSeverityByTheRules() {
    double[] v = load();
    int dropout = 10 * 24 + 8;
    for (int i = dropout; i < dropout + 6; i++) {
      v[i] = 0;
    }
    int stuck = 20 * 24 + 3;
    for (int i = stuck; i < stuck + 10; i++) {
      v[i] = v[stuck - 1];
    }
    int spike = 30 * 24 + 15;
    double expected = v[spike];
    v[spike] *= 1.6;
    int shiftFrom = 36 * 24 + 10;
    int shiftTo = 41 * 24 + 10;
    for (int i = shiftFrom; i < shiftTo; i++) {
      v[i] *= 0.85;
    }
    v[50 * 24] = -40; // an export reading the cleaner rejects

    List<Anomaly> found = detect(v);

    Anomaly d = only(found, LoadAnomalyDetector.DROPOUT);
    assertThat(d.start()).isEqualTo(at(dropout));
    assertThat(d.end()).isEqualTo(at(dropout + 6));
    assertThat(d.severity()).isEqualTo(Severity.HIGH); // 6 h >= 6 h
    assertThat(d.figures().get("duration_h")).isEqualTo(6.0);

    Anomaly s = only(found, LoadAnomalyDetector.STUCK);
    assertThat(s.start()).isEqualTo(at(stuck - 1)); // the last good reading is the first of the run
    assertThat(s.end()).isEqualTo(at(stuck + 10));
    assertThat(s.severity()).isEqualTo(Severity.MEDIUM); // 11 h: 8 <= h < 24
    assertThat(s.description()).contains("repeats 11 times");

    Anomaly p = only(found, LoadAnomalyDetector.SPIKE);
    assertThat(p.start()).isEqualTo(at(spike));
    assertThat(p.end()).isEqualTo(at(spike + 1));
    assertThat((Double) p.figures().get("deviation_pct")).isCloseTo(60, within(6.0));
    assertThat((Double) p.figures().get("expected")).isCloseTo(expected, within(0.05 * expected));
    assertThat(p.severity()).isEqualTo(Severity.HIGH); // >= 50 %

    Anomaly l = only(found, LoadAnomalyDetector.LEVEL_SHIFT);
    assertThat(l.start()).isEqualTo(at(shiftFrom));
    assertThat(l.end()).isEqualTo(at(shiftTo));
    assertThat((Double) l.figures().get("shift_pct")).isCloseTo(-15, within(1.5));
    assertThat(l.severity()).isEqualTo(Severity.MEDIUM); // 10 % <= 15 % < 20 %, 5 days < 14

    Anomaly r = only(found, LoadAnomalyDetector.REJECTED);
    assertThat(r.start()).isEqualTo(at(50 * 24));
    assertThat(r.description()).contains("-40 kW", "negative");
    assertThat(r.severity()).isEqualTo(Severity.LOW); // one reading

    assertThat(found).noneMatch(a -> a.type().equals(LoadAnomalyDetector.DROP));
  }

  /**
   * Two raises of the level four days apart, with spikes hours from their edges: the four steps are
   * two shifts, not one shift down over the normal days between them (which mirror each other just
   * as well), and the spikes' recoveries are not shift edges.
   */
  @Test
  void twoShiftsOfOneDirectionAFewDaysApartAreTwoFindingsWithTheirOwnSpans() {
    double[] v = load();
    int[][] shifts = {{15 * 24 + 9, 20 * 24 + 16}, {24 * 24 + 14, 31 * 24 + 3}};
    double[] factors = {1.18, 1.14};
    for (int s = 0; s < shifts.length; s++) {
      for (int i = shifts[s][0]; i < shifts[s][1]; i++) {
        v[i] *= factors[s];
      }
    }
    v[shifts[0][0] - 9] *= 0.6; // a drop 9 h before the first shift
    v[shifts[1][1] + 10] *= 1.5; // a spike 10 h after the second

    List<Anomaly> found = detect(v).stream().filter(a -> a.type().equals(LoadAnomalyDetector.LEVEL_SHIFT)).toList();

    assertThat(found).as(found.toString()).hasSize(2);
    for (int s = 0; s < shifts.length; s++) {
      assertThat(found.get(s).start()).isEqualTo(at(shifts[s][0]));
      assertThat(found.get(s).end()).isEqualTo(at(shifts[s][1]));
      assertThat((Double) found.get(s).figures().get("shift_pct")).isCloseTo(100 * (factors[s] - 1), within(2.5));
    }
  }

  /**
   * A 20 % drop of the level for nine days, with a heat wave that raises the load by up to 22 % over
   * seven of them (smoothly, as weather does): on most days the level is only a few percent below the
   * profile, but both edges are abrupt and mirror each other, so it is one shift with its span.
   */
  @Test
  void aShiftPartlyHiddenByAHeatWaveIsFoundWithItsSpan() {
    double[] v = load();
    int from = 20 * 24 + 13;
    int to = from + 9 * 24;
    int waveFrom = from + 24;
    int waveHours = 7 * 24;
    for (int i = from; i < to; i++) {
      v[i] *= 0.8;
    }
    for (int i = waveFrom; i < waveFrom + waveHours; i++) {
      v[i] *= Math.exp(0.2 * Math.sin(Math.PI * (i - waveFrom) / waveHours));
    }

    Anomaly shift = only(detect(v), LoadAnomalyDetector.LEVEL_SHIFT);

    assertThat(shift.start()).isEqualTo(at(from));
    assertThat(shift.end()).isEqualTo(at(to));
    double shiftPct = (Double) shift.figures().get("shift_pct");
    assertThat(shiftPct).isCloseTo(-20, within(2.0));
    assertThat(shift.severity()).isEqualTo(shiftPct <= -20 ? Severity.HIGH : Severity.MEDIUM); // the rule at 20 %
  }

  @Test
  void forecastPeakAboveTheHistoryIsGradedByTheExcess() {
    LoadSeries history = SeriesCleaner.regular(START, 60, load()).series();
    double max = java.util.Arrays.stream(history.values()).max().orElseThrow();
    OffsetDateTime at = START.plusDays(DAYS).plusHours(15);

    assertThat(LoadAnomalyDetector.forecastPeak(history, max * 0.99, at, "kW")).isEmpty();
    Anomaly a = LoadAnomalyDetector.forecastPeak(history, max * 1.08, at, "kW").get(0);
    assertThat(a.type()).isEqualTo(LoadAnomalyDetector.FORECAST_PEAK);
    assertThat(a.severity()).isEqualTo(Severity.MEDIUM); // 5 % <= 8 % < 15 %
    assertThat(a.start()).isEqualTo(at);
    assertThat((Double) a.figures().get("excess_pct")).isCloseTo(8, within(0.01));
  }
}
