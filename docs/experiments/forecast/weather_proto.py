"""Numpy prototype of the weather-aware per-hour ridge on the weather benchmark's protocol.

python3 weather_proto.py '{"zones":["GEFCOM2014E"],"N":365,"every":7,"alpha":10,...}'
Prints MAPE % per zone and variant. See README.md (weather section) for what was tried.
"""
import json
import os
import sys
from datetime import date, timedelta

import numpy as np

DATA = os.path.join(os.environ.get("GRIDOPT_DATA", "/work/shared/data"), "weather")
REF = {(365, "actual"): [1.50, 1.97, 1.81, 2.52, 2.34], (365, "noisy"): [1.69, 2.10, 2.05, 2.80, 2.57],
       (730, "actual"): [1.44, 1.88, 1.75, 2.44, 2.28], (730, "noisy"): [1.66, 2.02, 1.99, 2.71, 2.53]}
ZONES = ["GEFCOM2014E", "ISONE_ME", "ISONE_NH", "ISONE_CT", "ISONE_NEMA"]


def us_holidays(y):
    def nth(month, wd, n):
        d = date(y, month, 1)
        d += timedelta((wd - d.weekday()) % 7)
        return d + timedelta(7 * (n - 1))

    def last(month, wd):
        d = date(y, month + 1, 1) - timedelta(1)
        return d - timedelta((d.weekday() - wd) % 7)

    fixed = [date(y, 1, 1), date(y, 7, 4), date(y, 11, 11), date(y, 12, 25)]
    out = set()
    for d in fixed:  # observed
        out.add(d + timedelta(-1 if d.weekday() == 5 else 1 if d.weekday() == 6 else 0))
    out |= {nth(1, 0, 3), nth(2, 0, 3), last(5, 0), nth(9, 0, 1), nth(10, 0, 2), nth(11, 3, 4)}
    return out


def load(zone):
    raw = np.genfromtxt(os.path.join(DATA, zone + ".csv"), delimiter=",", skip_header=1, dtype=None,
                        encoding=None, names=["ts", "load", "temp"])
    first = date.fromisoformat(raw["ts"][0][:10])
    y = raw["load"].astype(float).reshape(-1, 24)
    t = raw["temp"].astype(float).reshape(-1, 24)
    dates = [first + timedelta(i) for i in range(y.shape[0])]
    return dates, y, t


def errors():
    rows = np.genfromtxt(os.path.join(DATA, "temperature_forecast_error_f.csv"), delimiter=",", skip_header=1,
                         dtype=None, encoding=None)
    return {date.fromisoformat(r[0]): np.array(list(r)[1:], float) for r in rows}


def ewma(tflat, hl):
    a = 1 - 0.5 ** (1 / hl)
    out = np.empty_like(tflat)
    s = tflat[0]
    for i, x in enumerate(tflat):
        s = s + a * (x - s)
        out[i] = s
    return out


def temp_feats(T, cfg, ew_prev):
    """T: (days, 24+72) temps of the day preceded by 3 days (hours); returns (days, 24, k)."""
    d0 = T[:, 72:]
    x = (d0 - 60) / 20
    mean, mx, mn = x.mean(1, keepdims=True), x.max(1, keepdims=True), x.min(1, keepdims=True)
    prev = ((T[:, 48:72] - 60) / 20).mean(1, keepdims=True)
    prev2 = ((T[:, 24:48] - 60) / 20).mean(1, keepdims=True)
    prevmax = ((T[:, 48:72] - 60) / 20).max(1, keepdims=True)
    hd = np.maximum(60 - d0, 0) / 20
    cd = np.maximum(d0 - 65, 0) / 20
    bc = lambda a: np.broadcast_to(a, x.shape)
    f = [x, x ** 2, x ** 3, bc(mean), bc(mx), bc(mn), bc(mean ** 2), bc(mx ** 2), bc(mn ** 2), hd, cd,
         bc(np.maximum(60 - d0.mean(1, keepdims=True), 0) / 20), bc(np.maximum(d0.mean(1, keepdims=True) - 65, 0) / 20)]
    if cfg.get("lagT", 1):
        flat = (T - 60) / 20
        for l in (1, 2, 3):
            f.append(flat[:, 72 - l:96 - l])
        f += [bc(prev), bc(prev ** 2), bc(prev2)]
    if cfg.get("prevmax"):
        f += [bc(prevmax)]
    for k in cfg.get("knots", []):
        f.append(np.maximum(d0 - k, 0) / 20)
        f.append(bc(np.maximum(d0.mean(1, keepdims=True) - k, 0) / 20))
    for hl in cfg.get("ewma", []):
        f.append(ew_prev[hl])
    return np.stack(f, -1)


def build(dates, y, t, cfg):
    """Features for every day from index 14 on: X (days, 24, p), with the temperatures of the day itself."""
    D = y.shape[0]
    hol = set()
    for yr in range(dates[0].year, dates[-1].year + 1):
        hol |= us_holidays(yr)
    tflat = t.reshape(-1)
    ew = {hl: ewma(tflat, hl).reshape(D, 24) for hl in cfg.get("ewma", [])}
    rows = []
    for d in range(14, D):
        rows.append(day_feats(d, dates, y, t, t[d], hol, cfg, ew))
    if cfg.get("noisytrain"):
        # training rows with the target day's temperatures perturbed like a day-ahead forecast
        noisy = []
        for d in range(14, D):
            z = np.random.default_rng(d).standard_normal(24)
            e = np.empty(24)
            e[0] = 2.5 * z[0]
            for k in range(1, 24):
                e[k] = 0.8 * e[k - 1] + 1.5 * z[k]
            noisy.append(day_feats(d, dates, y, t, t[d] + cfg["noisytrain"] * e, hol, cfg, ew))
        cfg["Xnoisy"] = np.array(noisy)
    return np.array(rows), hol, ew


def day_feats(d, dates, y, t, tday, hol, cfg, ew):
    prof = y[d - 1][::-1]  # last hour first
    prof2 = y[d - 2][::-1] if cfg.get("prof2") else np.zeros(0)
    if cfg.get("prof7"):
        prof2 = np.concatenate([prof2, y[d - 7]])
    if cfg.get("tprof"):
        prof2 = np.concatenate([prof2, (tday - 60) / 20])
    if cfg.get("tprof2"):
        prof2 = np.concatenate([prof2, ((tday - 60) / 20) ** 2])
    if cfg.get("tprofprev"):
        prof2 = np.concatenate([prof2, (t[d - 1] - 60) / 20])
    T = np.concatenate([t[d - 3], t[d - 2], t[d - 1], tday])[None]
    ew_prev = {}
    for hl, e in ew.items():
        a = 1 - 0.5 ** (1 / hl)
        s = e[d - 1, 23]
        out = np.empty(24)
        for h in range(24):
            s = s + a * (tday[h] - s)
            out[h] = s
        ew_prev[hl] = ((out - 60) / 20)[None]
    tf = temp_feats(T, cfg, ew_prev)[0]
    dt = dates[d]
    ishol = dt in hol and not cfg.get("holratio")
    dtype = 6 if (ishol or dt.weekday() == 6) else dt.weekday()
    dow = np.array([1.0 if dtype == k else 0.0 for k in range(6)] + [1.0 if ishol else 0.0])
    ang = 2 * np.pi * dt.timetuple().tm_yday / 365.25
    season = np.array([np.cos(ang), np.sin(ang)])
    out = []
    for h in range(24):
        lags = np.array([y[d - 1, h], y[d - 2, h], y[d - 7, h], y[d - 14, h]])
        extra = [tf[h] * season[0], tf[h] * season[1]] if cfg.get("tseason", 1) else []
        extra = [e[:2] if cfg.get("tseason", 1) == 1 else e for e in extra]
        offc = [tf[h][9:11] * (dtype == 6)] if cfg.get("off", 1) else []
        out.append(np.concatenate([prof, prof2, lags, dow, season, tf[h]] + extra + offc))
    return np.array(out)


def ridge(X, Y, w, alpha):
    mu = (w[:, None] * X).sum(0) / w.sum()
    sd = np.sqrt((w[:, None] * (X - mu) ** 2).sum(0) / w.sum())
    sd[sd < 1e-12] = 1
    Z = (X - mu) / sd
    ym = (w * Y).sum() / w.sum()
    sw = np.sqrt(w / w.mean())
    Zw = Z * sw[:, None]
    A = Zw.T @ Zw + alpha * np.eye(X.shape[1])
    b = np.linalg.solve(A, Zw.T @ ((Y - ym) * sw))
    return lambda x: ym + ((x - mu) / sd) @ b


HOL = set()
DATES = []


def forecast(X, y, D, N, xtest, cfg, target="abs"):
    lo = D - N + 14 - 14  # X index = day - 14
    rows = slice(D - N + 14 - 14, D - 14)
    Xtr, Ytr = X[rows], y[D - N + 14:D]
    n = Xtr.shape[0]
    age = np.arange(n)[::-1]
    w = 0.5 ** (age / cfg["hl"]) if cfg.get("hl") else np.ones(n)
    ratio = np.ones(24)
    if cfg.get("holratio"):
        w = w * np.array([0.0 if DATES[k] in HOL else 1.0 for k in range(D - N + 14, D)])
        if DATES[D] in HOL:
            ms = [m for m in range(D - 372, D - 357) if DATES[m] in HOL and m >= D - N]
            if ms:
                m = ms[0]
                ref = [m + k for k in (-7, 7, -14, 14) if m + k >= D - N and DATES[m + k] not in HOL][:2]
                if ref:
                    ratio = y[m] / y[ref].mean(0)
    level = y[D - N + 13:D - 1].mean(1)  # level of the day before each target
    out = np.empty(24)
    pool = cfg.get("pool", 0)
    for h in range(24):
        hs = [hh for hh in range(h - pool, h + pool + 1) if 0 <= hh < 24]
        Xa = np.concatenate([Xtr[:, hh] for hh in hs])
        Ya = np.concatenate([Ytr[:, hh] for hh in hs])
        wa = np.concatenate([w * (cfg.get("poolw", 0.5) if hh != h else 1.0) for hh in hs])
        if pool:
            Xa = np.concatenate([Xa, np.concatenate([np.full((n, 1), hh - h) for hh in hs])], 1)
            xt = np.concatenate([xtest[h], [0.0]])
        else:
            xt = xtest[h]
        if target == "log":
            f = ridge(Xa, np.log(Ya), wa, cfg["alpha"])
            out[h] = np.exp(f(xt))
        else:
            lv = np.concatenate([level] * len(hs))
            f = ridge(Xa, Ya, wa / lv ** 2 if cfg.get("relw", 1) else wa, cfg["alpha"])
            out[h] = f(xt)
    return out * ratio


def main():
    cfg = {"zones": ZONES, "N": 365, "every": 7, "alpha": 1.0, "variants": ["actual", "noisy"], "targets": ["abs"]}
    cfg.update(json.loads(sys.argv[1]) if len(sys.argv) > 1 else {})
    errs = errors()
    res = []
    for zone in cfg["zones"]:
        dates, y, t = load(zone)
        X, hol, ew = build(dates, y, t, cfg)
        HOL.clear(); HOL.update(hol); DATES[:] = dates
        yr = 2014 if zone.startswith("GEF") else 2019
        idx0 = dates.index(date(yr, 1, 1))
        tests = [idx0 + k for k in range(0, 365, cfg["every"])]
        line = [zone]
        for variant in cfg["variants"]:
            ape = []
            for D in tests:
                tday = t[D] + (errs[dates[D]] if variant == "noisy" else 0)
                xt = day_feats(D, dates, y, t, tday, hol, cfg, ew)
                Xv = cfg["Xnoisy"] if variant == "noisy" and "Xnoisy" in cfg else X
                fs = [forecast(Xv, y, D, cfg["N"], xt, cfg, tg) for tg in cfg["targets"]]
                f = np.mean(fs, 0)
                ape.append(np.abs(y[D] - f) / y[D])
                if cfg.get("dump"):
                    with open(cfg["dump"], "a") as out:
                        out.write("%s %s %s %s\n" % (zone, variant, dates[D],
                                                     " ".join("%.5f" % e for e in (y[D] - f) / y[D])))
            m = 100 * np.mean(ape)
            r = REF[(cfg["N"], variant)][ZONES.index(zone)]
            line.append(f"{variant} {m:.3f} ({m / r:.3f})")
            res.append(m / r)
        print("  ".join(line), flush=True)
    print(json.dumps({k: v for k, v in cfg.items() if k not in ("zones", "Xnoisy")}), "mean ratio %.4f" % np.mean(res), flush=True)


if __name__ == "__main__":
    main()
