"""Is the daily level predictable beyond the per-hour ridges? A ridge on daily features for the day's
mean load, blended with the per-hour forecasts' mean (needs ridge_variants.py runs tagged ss and ssdoy)."""
import numpy as np, datetime as dt, sys, json, os
sys.path.insert(0,os.path.dirname(os.path.abspath(__file__))); from data import *
from ridge_variants import ridge0, OUT
cfg=json.loads(sys.argv[1]) if len(sys.argv)>1 else {}
for z in ['DAYTON','DUQ']:
    V,start=load(z); D=len(V); dates=[start+dt.timedelta(i) for i in range(D)]
    H=us_holidays(range(dates[0].year,dates[-1].year+1))
    dtype,isH=calendar(dates,H)
    M=V.mean(1)
    def feats(t):
        f=list(M[t-np.arange(1,cfg.get('nd',8))])+[M[t-14]]
        f+=list(V[t-1,-cfg.get('ev',6):])
        f+=[V[t-1].max(),V[t-1].min()]
        f+=[1.0 if dtype[t]==k else 0.0 for k in range(6)]+[isH[t]]
        a=2*np.pi*dates[t].timetuple().tm_yday/365.25; f+=[np.cos(a),np.sin(a)]
        if cfg.get('lagtype'):
            f+=[1.0 if dtype[t-1]==k else 0.0 for k in range(7)]
        return f
    F=np.array([feats(t) if t>=15 else feats(15) for t in range(D)])
    P=np.load(os.path.join(OUT,f'pred_{z}_ssdoy.npy'))[0]; A=np.load(os.path.join(OUT,f'pred_{z}_ss.npy'))[1]
    first=D-365; L=[]
    for T in range(first,D):
        tr=np.arange(T-365+15,T); w=1/M[tr-1]**2
        m=ridge0(F[tr],M[tr],w,cfg.get('alpha',1.0)); L.append(m(F[T]))
    L=np.array(L)
    print(z,'daily model level APE',(100*np.abs(L-A.mean(1))/A.mean(1)).mean().round(3),'perhour level APE',(100*np.abs(P.mean(1)-A.mean(1))/A.mean(1)).mean().round(3))
    known=P/P.mean(1,keepdims=True)*A.mean(1,keepdims=True)
    print(' MAPE if the day\'s mean load were known:',(100*np.abs(known-A)/A).mean().round(3))
    r=A.mean(1)/P.mean(1)-1; print(' correlation of consecutive days\' level errors:',np.corrcoef(r[1:],r[:-1])[0,1].round(3))
    for b in [0,0.3,0.5,0.7,1.0]:
        lv=b*L+(1-b)*P.mean(1)
        Q=P/P.mean(1,keepdims=True)*lv[:,None]
        print(' blend',b,(100*np.abs(Q-A)/A).mean().round(3))
