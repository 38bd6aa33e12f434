"""Leave-one-zone-out choice of the band scales from bench runs with scan=true.

usage: python3 band_scale_lozo.py WEATHER_RUN.txt WEATHER_SCALE PJM_RUN.txt LOAD_ONLY_SCALE

WEATHER_RUN: `bin/gridopt bench WeatherAccuracy ... scan=true` output (weather and load-only rows);
PJM_RUN: ForecastAccuracyBench output with -Dbench.scan=true (load-only rows of DAYTON, DUQ).
WEATHER_SCALE / LOAD_ONLY_SCALE: the band scales those runs shipped with (the scan is relative to them).
A run file may hold several runs one after another; a kind of band without rows is skipped.

For each zone, the scale at which the mean coverage of its cells is 0.80 (linear interpolation on
the scan grid); each zone is then given the median of the other zones' scales and its cells are
scored at it (held out). Prints the scale every zone would get, the held-out coverage per cell,
and the scale all zones together choose (what ships).
"""
import re
import statistics
import sys


def parse(path):
    """[(zone, N, variant, [(factor, coverage)])] of every row followed by a scan line."""
    rows, last = [], None
    for line in open(path):
        m = re.match(r'^(\S+)\s+(\d+)\s+(?:(load_only|actual|noisy)\s+)?(\S+)\s+[\d.]+', line)
        if m and m.group(4) == 'auto':
            last = (m.group(1), int(m.group(2)), m.group(3) or 'load_only')
        elif line.strip().startswith('# 80% coverage') and last:
            pts = [tuple(map(float, p.split(':'))) for p in line.split(':', 1)[1].split()]
            rows.append((*last, pts))
            last = None
    return rows


def cov_at(pts, f):
    for (f0, c0), (f1, c1) in zip(pts, pts[1:]):
        if f0 <= f <= f1:
            return c0 + (c1 - c0) * (f - f0) / (f1 - f0)
    raise ValueError(f'factor {f} outside the scan {pts[0][0]}..{pts[-1][0]}')


def factor_for(cells, target=0.80):
    """Scan factor at which the mean coverage over cells is target (bisection on the grid)."""
    lo, hi = cells[0][3][0][0], cells[0][3][-1][0]
    for _ in range(60):
        mid = (lo + hi) / 2
        if statistics.mean(cov_at(c[3], mid) for c in cells) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def lozo(title, cells, shipped):
    if not cells:
        return
    zones = sorted({c[0] for c in cells}, key=[c[0] for c in cells].index)
    own = {z: shipped * factor_for([c for c in cells if c[0] == z]) for z in zones}
    print(f'## {title}: scale at which each zone alone covers 0.80 on average')
    print('  ' + ', '.join(f'{z} {s:.3f}' for z, s in own.items()))
    inside = 0
    for z in zones:
        held = statistics.median(s for y, s in own.items() if y != z)
        covs = [(c[1], c[2], cov_at(c[3], held / shipped)) for c in cells if c[0] == z]
        inside += sum(0.78 <= x <= 0.82 for _, _, x in covs)
        print(f'  {z}: held-out scale {held:.3f} -> ' + ', '.join(f'{n} {v} {x:.3f}' for n, v, x in covs))
    total = shipped * factor_for(cells)
    print(f'  held out inside 0.78-0.82: {inside} of {len(cells)} cells; all zones together: {total:.3f}')


weather_rows = parse(sys.argv[1])
load_only = [r for r in weather_rows if r[2] == 'load_only'] + parse(sys.argv[3])
lozo('weather bands', [r for r in weather_rows if r[2] != 'load_only'], float(sys.argv[2]))
lozo('load-only bands', load_only, float(sys.argv[4]))
