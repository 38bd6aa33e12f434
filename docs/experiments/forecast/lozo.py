"""Leave-one-zone-out choice of the weather ridge's settings from lozo.sh's output (stdin).

For each zone: the setting with the lowest mean ratio to the reference over the other four zones
(both variants), and that setting's ratios on the held-out zone.
"""
import json
import re
import sys

runs = []  # (config, {zone: [actual ratio, noisy ratio]})
cur = {}
for line in sys.stdin:
    m = re.match(r"(\S+)\s+actual \S+ \(([\d.]+)\)\s+noisy \S+ \(([\d.]+)\)", line)
    if m:
        cur[m.group(1)] = [float(m.group(2)), float(m.group(3))]
    elif line.startswith("{"):
        cfg = json.loads(line.split("}")[0] + "}")
        runs.append(("alpha %s, half-life %s" % (cfg["alpha"], cfg.get("hl") or "none"), cur))
        cur = {}
zones = list(runs[0][1])
for name, r in runs:
    print("%-28s" % name, " ".join("%s %.3f/%.3f" % (z, *r[z]) for z in zones),
          " mean %.4f" % (sum(sum(v) for v in r.values()) / 2 / len(r)))
for z in zones:
    score = lambda run: sum(sum(v) for k, v in run[1].items() if k != z)
    name, r = min(runs, key=score)
    print("held out %-12s chosen on the others: %-28s held-out ratio actual %.3f noisy %.3f" % (z, name, *r[z]))
