"""Upper bound on what better holiday handling could gain: the per-hour ridge's MAPE if every holiday,
every day after one and Christmas week (24..31 Dec) had a typical day's error (the median daily APE).
Needs the ridge_variants.py runs tagged ss and ssdoy."""
import numpy as np, datetime as dt, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); from data import *
OUT = os.environ.get('OUT', '/tmp')
for z in ['DAYTON', 'DUQ']:
    V, start = load(z); D = len(V); dates = [start + dt.timedelta(i) for i in range(D - 365, D)]
    P = np.load(os.path.join(OUT, f'pred_{z}_ssdoy.npy'))[0]; A = np.load(os.path.join(OUT, f'pred_{z}_ss.npy'))[1]
    H = us_holidays(range(dates[0].year, dates[-1].year + 1))
    special = [i for i, d in enumerate(dates) if d in H or (d - dt.timedelta(1)) in H or (d.month == 12 and d.day >= 24)]
    daily = (100 * np.abs(P - A) / A).mean(1)
    typical = daily.copy(); typical[special] = np.median(daily)
    print(z, 'MAPE', daily.mean().round(3), '| special days', len(special), 'mean APE', daily[special].mean().round(2),
          '| MAPE if they were typical', typical.mean().round(3))
