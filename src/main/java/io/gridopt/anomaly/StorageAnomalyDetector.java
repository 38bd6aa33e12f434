package io.gridopt.anomaly;

import io.gridopt.domain.FieldError;
import io.gridopt.solver.storage.Battery;
import io.gridopt.solver.storage.GridConnection;
import io.gridopt.solver.storage.StorageProblem;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Findings about a battery request and its schedule: an infeasible request (critical, with the
 * constraint that cannot be met), an import limit or a demand charge that binds, an initial state of
 * charge outside its bounds, negative prices.
 */
public final class StorageAnomalyDetector {
  public static final String INFEASIBLE = "storage_infeasible";
  public static final String IMPORT_LIMIT_BINDING = "storage_import_limit_binding";
  public static final String DEMAND_CHARGE_BINDING = "storage_demand_charge_binding";
  public static final String INITIAL_SOC_OUT_OF_BOUNDS = "storage_initial_soc_out_of_bounds";
  public static final String NEGATIVE_PRICES = "storage_negative_prices";

  /** A step within this many kW of a limit is at the limit (the schedule is rounded to micro-kW). */
  static final double AT_LIMIT_KW = 1e-3;
  private static final Pattern STEP = Pattern.compile("step (\\d+)");

  private StorageAnomalyDetector() {
  }

  /**
   * The findings of one run. {@code gridImportKw} is the schedule's import (null for a failed run);
   * {@code failureMessage} and {@code binding} describe an infeasible request (null otherwise).
   */
  public static List<Anomaly> detect(StorageProblem p, OffsetDateTime start, double[] gridImportKw,
      String failureMessage, List<FieldError> binding) {
    List<Anomaly> found = new ArrayList<>();
    if (failureMessage != null) {
      found.add(infeasible(p, start, failureMessage, binding));
    }
    initialSoc(p).ifPresent(found::add);
    negativePrices(p, start).ifPresent(found::add);
    if (gridImportKw != null) {
      importLimit(p, start, gridImportKw).ifPresent(found::add);
      demandCharge(p, start, gridImportKw).ifPresent(found::add);
    }
    return found;
  }

  private static Anomaly infeasible(StorageProblem p, OffsetDateTime start, String message, List<FieldError> binding) {
    List<String> fields = binding.stream().map(FieldError::field).distinct().toList();
    List<String> actions = new ArrayList<>();
    Battery b = p.battery();
    GridConnection g = p.grid();
    double[] net = netLoadKw(p);
    double maxNet = 0;
    for (double v : net) {
      maxNet = Math.max(maxNet, v);
    }
    for (String field : fields) {
      switch (field) {
        case "grid_import_limit_kw" -> actions.add("Raise grid_import_limit_kw (now " + Figures.num(g.importLimitKw())
            + " kW): no schedule keeps the import below it; the highest net load is " + Figures.num(maxNet)
            + " kW and the battery covers at most " + Figures.num(b.maxDischargeKw()) + " kW of it, for as long as its"
            + " stored energy lasts. Alternatively shift load out of the peak or add battery power and energy.");
        case "grid_export_limit_kw" -> actions.add("Raise grid_export_limit_kw (now " + Figures.num(g.exportLimitKw())
            + " kW) or set allow_pv_curtailment to true, so that PV above the export limit and the battery's"
            + " charging power can be curtailed.");
        case "battery.final_soc_kwh" -> actions.add("Lower battery.final_soc_kwh (now "
            + Figures.num(b.finalSocKwh() == null ? 0 : b.finalSocKwh()) + " kWh) to what the horizon can store,"
            + " or raise battery.max_charge_kw (now " + Figures.num(b.maxChargeKw()) + " kW) or the horizon length.");
        case "battery.min_soc_kwh" -> actions.add("Lower battery.min_soc_kwh (now " + Figures.num(b.minSocKwh())
            + " kWh) or start with more energy (initial_soc_kwh " + Figures.num(b.initialSocKwh()) + " kWh).");
        case "battery.max_soc_kwh" -> actions.add("Raise battery.max_soc_kwh (now " + Figures.num(b.maxSocKwh())
            + " kWh) or start with less energy (initial_soc_kwh " + Figures.num(b.initialSocKwh()) + " kWh).");
        default -> actions.add("Relax " + field + ": " + binding.stream().filter(f -> f.field().equals(field))
            .map(FieldError::problem).findFirst().orElse("it cannot be met") + ".");
      }
    }
    if (actions.isEmpty()) {
      actions.add("Check the request's limits against the load: no battery schedule meets all of them.");
    }
    Matcher m = STEP.matcher(message);
    OffsetDateTime at = m.find() ? stepTime(p, start, Integer.parseInt(m.group(1))) : null;
    String text = "No battery schedule meets the request: " + message + (fields.isEmpty() ? "."
        : ". Binding constraint" + (fields.size() > 1 ? "s: " : ": ") + String.join(", ", fields) + ".");
    Figures figures = Figures.of().put("binding_constraint", String.join(", ", fields))
        .put("max_net_load_kw", maxNet).put("max_discharge_kw", b.maxDischargeKw());
    if (Double.isFinite(g.importLimitKw())) {
      figures.put("import_limit_kw", g.importLimitKw());
    }
    return new Anomaly(INFEASIBLE, Severity.CRITICAL, text, actions, at,
        at == null ? null : at.plusMinutes(stepMinutes(p)), List.of(), List.of(), figures.map());
  }

  private static java.util.Optional<Anomaly> initialSoc(StorageProblem p) {
    Battery b = p.battery();
    double below = b.minSocKwh() - b.initialSocKwh();
    double above = b.initialSocKwh() - b.maxSocKwh();
    double off = Math.max(below, above);
    if (off <= 0) {
      return java.util.Optional.empty();
    }
    double share = b.capacityKwh() > 0 ? off / b.capacityKwh() : 1;
    Severity severity = Severity.byThresholds(share, 0.02, 0.10);
    boolean low = below > 0;
    String text = "initial_soc_kwh " + Figures.num(b.initialSocKwh()) + " kWh is " + Figures.num(off) + " kWh "
        + (low ? "below min_soc_kwh " + Figures.num(b.minSocKwh()) : "above max_soc_kwh " + Figures.num(b.maxSocKwh()))
        + " (" + Figures.pct(share) + " of the capacity " + Figures.num(b.capacityKwh()) + " kWh): the schedule first "
        + (low ? "charges" : "discharges") + " as fast as it can to get back within bounds.";
    return java.util.Optional.of(Anomaly.general(INITIAL_SOC_OUT_OF_BOUNDS, severity, text, List.of(
            "Check the battery management system's state of charge reading and the SoC limits sent with the request.",
            low ? "If the reading is right, expect the first steps to import for charging; set min_soc_kwh to the"
                + " reserve really needed." : "If the reading is right, expect the first steps to discharge or export;"
                + " check the max_soc_kwh limit against the manufacturer's."),
        Figures.of().put("initial_soc_kwh", b.initialSocKwh()).put("min_soc_kwh", b.minSocKwh())
            .put("max_soc_kwh", b.maxSocKwh()).put("outside_by_kwh", off).map()));
  }

  private static java.util.Optional<Anomaly> negativePrices(StorageProblem p, OffsetDateTime start) {
    double[] price = p.site().importPrice();
    double[] exportPrice = p.site().exportPrice();
    int count = 0;
    int first = -1;
    int last = -1;
    double lowest = 0;
    for (int t = 0; t < price.length; t++) {
      double m = Math.min(price[t], exportPrice[t]);
      if (m < 0) {
        count++;
        first = first < 0 ? t : first;
        last = t;
        lowest = Math.min(lowest, m);
      }
    }
    if (count == 0) {
      return java.util.Optional.empty();
    }
    double share = (double) count / price.length;
    Severity severity = share >= 0.10 ? Severity.MEDIUM : Severity.LOW;
    String text = count + " of " + price.length + " steps have a negative import or export price (lowest "
        + Figures.num(lowest) + " per kWh), from " + stepTime(p, start, first) + " to "
        + stepTime(p, start, last + 1) + ": the schedule imports and charges in them, exports nothing there.";
    return java.util.Optional.of(Anomaly.inSeries(NEGATIVE_PRICES, severity, text, List.of(
            "Confirm the price feed: negative prices are real in hours of surplus generation, but a sign error in"
                + " the feed gives the same picture.",
            "Shift flexible load (pumping, EV charging, pre-cooling) into the " + count + " negative-price step"
                + (count == 1 ? "" : "s") + "; they pay the site to consume."),
        stepTime(p, start, first), stepTime(p, start, last + 1),
        Figures.of().put("negative_steps", count).put("lowest_price", lowest).put("share_pct", 100 * share).map()));
  }

  private static java.util.Optional<Anomaly> importLimit(StorageProblem p, OffsetDateTime start, double[] importKw) {
    double limit = p.grid().importLimitKw();
    if (!Double.isFinite(limit)) {
      return java.util.Optional.empty();
    }
    List<Integer> steps = new ArrayList<>();
    for (int t = 0; t < importKw.length; t++) {
      if (importKw[t] >= limit - AT_LIMIT_KW) {
        steps.add(t);
      }
    }
    if (steps.isEmpty()) {
      return java.util.Optional.empty();
    }
    double share = (double) steps.size() / importKw.length;
    Severity severity = Severity.byThresholds(share, 0.05, 0.25);
    int first = steps.get(0);
    int last = steps.get(steps.size() - 1);
    String text = "The import limit " + Figures.num(limit) + " kW binds in " + steps.size() + " of " + importKw.length
        + " steps (" + Figures.pct(share) + "), first at " + stepTime(p, start, first) + ", last at "
        + stepTime(p, start, last) + ": the battery's discharge holds the import at the limit there.";
    return java.util.Optional.of(Anomaly.inSeries(IMPORT_LIMIT_BINDING, severity, text, List.of(
            "Shift flexible load out of the steps at the limit (" + hoursList(p, start, steps) + ").",
            "For more headroom raise grid_import_limit_kw with the network operator, or add battery power"
                + " (max_discharge_kw " + Figures.num(p.battery().maxDischargeKw()) + " kW) and energy."),
        stepTime(p, start, first), stepTime(p, start, last + 1),
        Figures.of().put("import_limit_kw", limit).put("steps_at_limit", steps.size())
            .put("share_pct", 100 * share).map()));
  }

  private static java.util.Optional<Anomaly> demandCharge(StorageProblem p, OffsetDateTime start, double[] importKw) {
    double charge = p.grid().demandChargePerKw();
    double peak = 0;
    for (double v : importKw) {
      peak = Math.max(peak, v);
    }
    if (charge <= 0 || peak <= AT_LIMIT_KW) {
      return java.util.Optional.empty();
    }
    List<Integer> steps = new ArrayList<>();
    for (int t = 0; t < importKw.length; t++) {
      if (importKw[t] >= peak - AT_LIMIT_KW) {
        steps.add(t);
      }
    }
    double siteNetPeak = 0;
    for (double v : netLoadKw(p)) {
      siteNetPeak = Math.max(siteNetPeak, v);
    }
    if (steps.size() < 2) {
      return java.util.Optional.empty(); // one step at the peak: the charge did not shape the schedule
    }
    double shaved = Math.max(0, siteNetPeak - peak);
    Severity severity = Severity.byThresholds(steps.size(), 4, 12);
    String text = "The demand charge (" + Figures.num(charge) + " per kW) binds: the schedule holds the import at its"
        + " peak " + Figures.num(peak) + " kW in " + steps.size() + " steps, first at " + stepTime(p, start, steps.get(0))
        + "; the battery shaves " + Figures.num(shaved) + " kW off the site's net peak of " + Figures.num(siteNetPeak)
        + " kW, and the peak still costs " + Figures.num(charge * peak) + ".";
    return java.util.Optional.of(Anomaly.inSeries(DEMAND_CHARGE_BINDING, severity, text, List.of(
            "Shift flexible load out of the peak steps (" + hoursList(p, start, steps) + "): each kW moved saves "
                + Figures.num(charge) + ".",
            "More battery energy (capacity_kwh " + Figures.num(p.battery().capacityKwh()) + " kWh) would let the"
                + " battery hold a lower peak for the same steps."),
        stepTime(p, start, steps.get(0)), stepTime(p, start, steps.get(steps.size() - 1) + 1),
        Figures.of().put("peak_import_kw", peak).put("steps_at_peak", steps.size()).put("site_net_peak_kw", siteNetPeak)
            .put("demand_cost", charge * peak).map()));
  }

  private static double[] netLoadKw(StorageProblem p) {
    double[] net = new double[p.steps()];
    for (int t = 0; t < net.length; t++) {
      net[t] = p.site().loadKw()[t] - p.site().pvKw()[t];
    }
    return net;
  }

  private static String hoursList(StorageProblem p, OffsetDateTime start, List<Integer> steps) {
    List<String> listed = new ArrayList<>();
    for (int t : steps.subList(0, Math.min(6, steps.size()))) {
      listed.add(stepTime(p, start, t).toString());
    }
    return String.join(", ", listed) + (steps.size() > 6 ? " and " + (steps.size() - 6) + " more" : "");
  }

  private static long stepMinutes(StorageProblem p) {
    return Math.round(p.dtHours() * 60);
  }

  private static OffsetDateTime stepTime(StorageProblem p, OffsetDateTime start, int step) {
    return start.plusMinutes(step * stepMinutes(p));
  }
}
