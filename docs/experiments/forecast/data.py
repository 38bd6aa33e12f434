"""PJM hourly loads cleaned as the day-ahead protocol of docs/forecast.md says, and a US federal holiday calendar like Jollyday's."""
import numpy as np, datetime as dt, os
def load(zone):
    rows={}
    for line in open(os.path.join(os.environ.get('GRIDOPT_DATA','../shared/data'),'load',f'{zone}_hourly.csv')).read().split('\n')[1:]:
        if not line: continue
        ts,v=line.split(',')
        rows.setdefault(ts,[]).append(float(v))
    keys=sorted(rows)
    t0=dt.datetime.fromisoformat(keys[0]); t1=dt.datetime.fromisoformat(keys[-1])
    n=int((t1-t0).total_seconds()//3600)+1
    v=np.full(n,np.nan)
    for k in keys:
        i=int((dt.datetime.fromisoformat(k)-t0).total_seconds()//3600); v[i]=np.mean(rows[k])
    idx=np.arange(n); ok=~np.isnan(v); v=np.interp(idx,idx[ok],v[ok])
    # align to first midnight
    first=(24-t0.hour)%24
    v=v[first:]; start=t0+dt.timedelta(hours=first)
    days=len(v)//24; v=v[:days*24]
    return v.reshape(days,24), start.date()
def us_holidays(years, major_only=False):
    """The federal holidays of Jollyday's US calendar (observed dates); major_only: just the six that
    close most businesses (New Year, Memorial Day, July 4, Labor Day, Thanksgiving, Christmas)."""
    H=set()
    for y in years:
        def nth(month,wd,k):
            d=dt.date(y,month,1); c=0
            while True:
                if d.weekday()==wd:
                    c+=1
                    if c==k: return d
                d+=dt.timedelta(1)
        def last(month,wd):
            d=dt.date(y,month+1,1)-dt.timedelta(1)
            while d.weekday()!=wd: d-=dt.timedelta(1)
            return d
        def obs(d):
            return d-dt.timedelta(1) if d.weekday()==5 else d+dt.timedelta(1) if d.weekday()==6 else d
        major=[obs(dt.date(y,1,1)),last(5,0),obs(dt.date(y,7,4)),nth(9,0,1),nth(11,3,4),obs(dt.date(y,12,25))]
        minor=[nth(1,0,3),nth(2,0,3),obs(dt.date(y,11,11))]
        for d in major+([] if major_only else minor): H.add(d)
    return H
def calendar(dates, H):
    """Day type per date (Mon..Sat = 0..5; Sundays and holidays 6) and a holiday indicator."""
    dtype=np.array([6 if (d in H or d.weekday()==6) else d.weekday() for d in dates])
    return dtype, np.array([d in H for d in dates],float)
