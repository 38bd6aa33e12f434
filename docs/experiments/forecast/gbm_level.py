"""A nonlinear learner for the day's level: gradient-boosted depth-2 trees (60 rounds, shrinkage 0.1) on
daily features relative to yesterday's level, refit daily on the 350 days before. Slow in numpy: the
argument scores every k-th test day (python3 gbm_level.py 5)."""
import numpy as np, datetime as dt, sys, os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__))); from data import *
def tree_fit(X,r,depth,minleaf=10):
    # greedy regression tree on residuals r; returns predict fn
    def build(idx,d):
        val=r[idx].mean()
        if d==0 or len(idx)<2*minleaf: return ('leaf',val)
        best=None
        for j in range(X.shape[1]):
            xs=X[idx,j]; o=np.argsort(xs); rs=r[idx][o]; cs=np.cumsum(rs); n=len(idx); tot=cs[-1]
            for k in range(minleaf,n-minleaf,3):
                if xs[o][k]==xs[o][k-1]: continue
                l=cs[k-1]; gain=l*l/k+(tot-l)**2/(n-k)
                if best is None or gain>best[0]: best=(gain,j,(xs[o][k]+xs[o][k-1])/2)
        if best is None: return ('leaf',val)
        _,j,t=best; L=idx[X[idx,j]<=t]; R=idx[X[idx,j]>t]
        return ('split',j,t,build(L,d-1),build(R,d-1))
    root=build(np.arange(len(r)),depth)
    def pred(x,node=root):
        while node[0]=='split': node=node[3] if x[node[1]]<=node[2] else node[4]
        return node[1]
    return pred
for z in ['DAYTON','DUQ']:
    V,start=load(z); D=len(V); dates=[start+dt.timedelta(i) for i in range(D)]
    H=us_holidays(range(dates[0].year,dates[-1].year+1))
    dtype,isH=calendar(dates,H)
    M=V.mean(1)
    def feats(t):
        l=M[t-1]
        f=list(M[t-np.arange(1,8)]/l)+[M[t-14]/l]+list(V[t-1,-6:]/l)+[V[t-1].max()/l,V[t-1].min()/l]
        f+=[dtype[t],dtype[t-1],isH[t]]
        a=2*np.pi*dates[t].timetuple().tm_yday/365.25; f+=[np.cos(a),np.sin(a),l]
        return f
    F=np.array([feats(t) if t>=15 else feats(15) for t in range(D)])
    Y=M/np.r_[M[0],M[:-1]]  # today's level relative to yesterday's
    first=D-365; err=[]
    for T in range(first,D,1 if len(sys.argv)<2 else int(sys.argv[1])):
        tr=np.arange(T-365+15,T); X=F[tr]; y=Y[tr]
        pred=np.full(len(tr),np.median(y)); base=np.median(y); trees=[]
        for m in range(60):
            r=y-pred; tf=tree_fit(X,r,2); trees.append(tf)
            pred=pred+0.1*np.array([tf(x) for x in X])
        yT=base+0.1*sum(tf(F[T]) for tf in trees)
        err.append(abs(yT*M[T-1]-M[T])/M[T])
    print(z,'GBM daily level APE %',round(100*np.mean(err),3),'days',len(err),flush=True)
