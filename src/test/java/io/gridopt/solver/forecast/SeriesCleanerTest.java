package io.gridopt.solver.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesCleanerTest {
  private static final OffsetDateTime START = OffsetDateTime.parse("2024-03-30T00:00:00+01:00");

  @Test
  void gapsAreInterpolatedLinearlyAndCounted() {
    double nan = Double.NaN;
    CleanHistory c = SeriesCleaner.regular(START, 60, new double[] {10, nan, nan, 40, 50, nan, 70});
    assertThat(c.series().values()).containsExactly(10, 20, 30, 40, 50, 60, 70);
    assertThat(c.quality()).isEqualTo(new DataQuality(0, 3, 0));
  }

  @Test
  void negativeValuesAndAbsurdSpikesAreRejectedThenFilled() {
    // median 100; 5000 is 50 times it (a W/kW slip), -3 is impossible for consumption
    CleanHistory c = SeriesCleaner.regular(START, 30, new double[] {100, 100, 5000, 100, -3, 120, 100});
    assertThat(c.series().values()).containsExactly(100, 100, 100, 100, 110, 120, 100);
    assertThat(c.quality()).isEqualTo(new DataQuality(0, 2, 2));
  }

  @Test
  void missingEndsAreDroppedSoTheForecastStartsAfterTheLastReading() {
    double nan = Double.NaN;
    CleanHistory c = SeriesCleaner.regular(START, 15, new double[] {nan, 5, 6, 7, nan, nan});
    assertThat(c.series().start()).isEqualTo(LocalDateTime.of(2024, 3, 30, 0, 15));
    assertThat(c.series().values()).containsExactly(5, 6, 7);
    assertThat(c.series().timeAt(c.series().size())).isEqualTo(LocalDateTime.of(2024, 3, 30, 1, 0));
    assertThat(c.quality()).isEqualTo(new DataQuality(0, 0, 0));
  }

  @Test
  void repeatedAutumnDstHourIsAveragedAndTheSpringGapFilled() {
    // Europe/Berlin: 2023-10-29 02:00 happens twice (+02:00 then +01:00); 2024-03-31 02:00 never
    List<HistoryPoint> points = new ArrayList<>();
    points.add(new HistoryPoint(OffsetDateTime.parse("2023-10-29T01:00:00+02:00"), 10));
    points.add(new HistoryPoint(OffsetDateTime.parse("2023-10-29T02:00:00+02:00"), 20));
    points.add(new HistoryPoint(OffsetDateTime.parse("2023-10-29T02:00:00+01:00"), 30));
    points.add(new HistoryPoint(OffsetDateTime.parse("2023-10-29T03:00:00+01:00"), 40));
    CleanHistory autumn = SeriesCleaner.irregular(points);
    assertThat(autumn.series().values()).containsExactly(10, 25, 40);
    assertThat(autumn.quality().duplicatesAveraged()).isEqualTo(1);
    assertThat(autumn.series().offset()).isEqualTo(ZoneOffset.ofHours(1));

    CleanHistory spring = SeriesCleaner.irregular(List.of(
        new HistoryPoint(OffsetDateTime.parse("2024-03-31T01:00:00+01:00"), 10),
        new HistoryPoint(OffsetDateTime.parse("2024-03-31T03:00:00+02:00"), 30),
        new HistoryPoint(OffsetDateTime.parse("2024-03-31T04:00:00+02:00"), 40)));
    assertThat(spring.series().values()).containsExactly(10, 20, 30, 40);
    assertThat(spring.quality()).isEqualTo(new DataQuality(0, 1, 0));
  }

  @Test
  void irregularPointsInferTheirIntervalAndMayComeUnsorted() {
    List<HistoryPoint> points = new ArrayList<>();
    for (int i = 5; i >= 0; i--) {
      points.add(new HistoryPoint(START.plusMinutes(30L * i), i));
    }
    points.add(new HistoryPoint(START.plusMinutes(30L * 8), 8)); // 07:.. and 08:.. missing
    CleanHistory c = SeriesCleaner.irregular(points);
    assertThat(c.series().intervalMinutes()).isEqualTo(30);
    assertThat(c.series().values()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(c.quality()).isEqualTo(new DataQuality(0, 2, 0));
  }

  @Test
  void nullReadingsCountAsMissingAndDuplicateNullsAsDuplicates() {
    CleanHistory c = SeriesCleaner.irregular(List.of(
        new HistoryPoint(START, 10),
        new HistoryPoint(START.plusHours(1), Double.NaN),
        new HistoryPoint(START.plusHours(1), 14),
        new HistoryPoint(START.plusHours(2), Double.NaN),
        new HistoryPoint(START.plusHours(3), 30)));
    assertThat(c.series().values()).containsExactly(10, 14, 22, 30);
    assertThat(c.quality()).isEqualTo(new DataQuality(1, 1, 0));
  }

  @Test
  void offGridTimestampsAndOddSpacingsAreRefused() {
    assertThatThrownBy(() -> SeriesCleaner.irregular(List.of(new HistoryPoint(START, 1),
        new HistoryPoint(START.plusMinutes(60), 1), new HistoryPoint(START.plusMinutes(120), 1),
        new HistoryPoint(START.plusMinutes(150 + 7), 1))))
        .isInstanceOf(InvalidHistoryException.class).hasMessageContaining("not on the 60-minute grid");
    assertThatThrownBy(() -> SeriesCleaner.irregular(List.of(new HistoryPoint(START, 1),
        new HistoryPoint(START.plusMinutes(10), 1), new HistoryPoint(START.plusMinutes(20), 1))))
        .isInstanceOf(InvalidHistoryException.class).hasMessageContaining("most common spacing is 10 minutes");
  }

  @Test
  void mostlyMissingHistoryIsRefused() {
    double nan = Double.NaN;
    assertThatThrownBy(() -> SeriesCleaner.regular(START, 60, new double[] {1, nan, nan, nan, 2}))
        .isInstanceOf(InvalidHistoryException.class).hasMessageContaining("only 2 of 5 steps");
  }
}
