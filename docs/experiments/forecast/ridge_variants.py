"""Per-hour ridge variants on the day-ahead protocol of docs/forecast.md at N = 365 (prototype of the Java ProfileRidge):
python3 ridge_variants.py '{"hol": "sunsep", "doy": 1}' prints MAPE % for DAYTON and DUQ."""
import numpy as np, datetime as dt, sys, os
sys.path.insert(0,os.path.dirname(os.path.abspath(__file__))); from data import *
OUT=os.environ.get('OUT','/tmp')
ALPHAS=[]
def kridge(X,y,w,alpha,c,s):
    w=w/w.mean()
    mu=(w[:,None]*X).sum(0)/w.sum(); sd=np.sqrt((w[:,None]*(X-mu)**2).sum(0)/w.sum()); sd[sd<1e-12]=1
    Z=(X-mu)/sd; ym=(w*y).sum()/w.sum(); p=X.shape[1]
    def k(A,B):
        d=(A**2).sum(1)[:,None]+(B**2).sum(1)[None,:]-2*A@B.T
        return A@B.T+c*p*np.exp(-d/(2*s*s*p))
    K=k(Z,Z); a=np.linalg.solve(K+alpha*np.diag(1/w),y-ym)
    return lambda x: ym+k(((x-mu)/sd)[None,:],Z)[0]@a
def ridge(X,y,w,alpha,cfg={}):
    if cfg.get('krr'): return kridge(X,y,w,alpha,*cfg['krr'])
    if cfg.get('huber'):
        w0=w.copy(); m=ridge0(X,y,w,alpha)
        for it in range(cfg.get('iters',3)):
            r=(y-np.array([m(x) for x in X]))*np.sqrt(w0)
            s=1.4826*np.median(np.abs(r-np.median(r))); c=cfg['huber']*s
            a=np.abs(r); hw=np.where(a<=c,1.0,c/np.maximum(a,1e-12))
            m=ridge0(X,y,w0*hw,alpha)
        return m
    return ridge0(X,y,w,alpha)
def ridge0(X,y,w,alpha):
    w=w/w.mean()
    mu=(w[:,None]*X).sum(0)/w.sum(); sd=np.sqrt((w[:,None]*(X-mu)**2).sum(0)/w.sum()); sd[sd<1e-12]=1
    Z=(X-mu)/sd; ym=(w*y).sum()/w.sum()
    sw=np.sqrt(w); Zw=Z*sw[:,None]
    yc=(y-ym)*sw
    if isinstance(alpha,list):
        U,S,Vt=np.linalg.svd(Zw,full_matrices=False); Uy=U.T@yc
        best=None
        for a in alpha:
            d=S**2/(S**2+a); H=(U**2)@d
            fit=U@(d*Uy); loo=np.mean(((yc-fit)/(1-H))**2/w)
            if best is None or loo<best[0]: best=(loo,a)
        a=best[1]; ALPHAS.append(a)
    else: a=alpha
    A=Zw.T@Zw+a*np.eye(X.shape[1]); b=Zw.T@yc
    beta=np.linalg.solve(A,b)
    return lambda x: ym+((x-mu)/sd)@beta
def run(zone,N,cfg):
    V,start=load(zone); D=len(V)
    dates=[start+dt.timedelta(i) for i in range(D)]
    H=us_holidays(range(dates[0].year,dates[-1].year+1))
    if cfg.get('hol')=='major':
        H=us_holidays(range(dates[0].year,dates[-1].year+1),major_only=True)
    if cfg.get('hol')=='none': H=set()
    hsep=cfg.get('hol') in ('sep','sunsep')
    if hsep:
        isH=np.array([1.0 if d in H else 0.0 for d in dates])
    if cfg.get('hol')=='data':
        # a holiday is a day off if its previous occurrence (about a year before) looked like one
        Hs=sorted(H); off=set()
        idx={d:i for i,d in enumerate(dates)}
        def ratio(d):
            i=idx.get(d)
            if i is None or i<7 or i+7>=len(dates): return None
            return V[i].mean()/((V[i-7].mean()+V[i+7].mean())/2)
        for d in Hs:
            prev=[p for p in Hs if 350<=(d-p).days<=380]
            r=ratio(prev[0]) if prev else None
            if r is None or r<cfg.get('thr',0.95): off.add(d)
        H=off
    dtype=np.array([6 if ((d in H and cfg.get('hol')!='sep') or d.weekday()==6) else d.weekday() for d in dates])
    first=D-365
    apes=[]; P=[]; A=[]
    lags=cfg.get('lags',[7,14]); pdays=cfg.get('pdays',2); alpha=cfg.get('alpha',1.0)
    hl=cfg.get('halflife'); seas=cfg.get('seasbw')
    def lagday(t,d):
        # same-type adjust
        if d<7: return t-d
        for dd in range(d,d+7):
            if dtype[t-dd]==dtype[t]: return t-dd
        return t-d
    def feats(t,h):
        f=[]
        for k in range(1,pdays+1): f.extend(V[t-k])
        for d in lags: f.append(V[lagday(t,d),h])
        f.extend([1.0 if dtype[t]==k else 0.0 for k in range(6)])
        if hsep: f.append(isH[t])
        if cfg.get('p7'): f.extend(V[lagday(t,7)])
        if cfg.get('lev2'):
            l=V[t-1].mean(); f.extend([l*l/1000, V[t-1].max(), V[t-1].min()])
        if cfg.get('levday'):
            l=V[t-1].mean(); f.extend([l*(1.0 if dtype[t]==k else 0.0) for k in range(6)])
        if cfg.get('doy'):
            a=2*np.pi*dates[t].timetuple().tm_yday/365.25
            f.extend([np.cos(a),np.sin(a)])
        return f
    reach=max(pdays,max(lags)+6)
    # precompute feature tensor
    F=np.array([[feats(t,h) for h in range(24)] if t>=reach else [[0]*len(feats(reach,0))]*24 for t in range(D)])
    if cfg.get('log'):
        F=np.log(np.maximum(F,1e-9))*(np.abs(F)>10)+F*(np.abs(F)<=10); V=np.log(V)
    lev=V.mean(1) if not cfg.get('log') else np.exp(V).mean(1)
    for T in range(first,D):
        lo=T-N+reach; tr=np.arange(lo,T)
        levprev=lev[tr-1]
        w=1/levprev**cfg.get('wpow',2) if not cfg.get('log') else np.ones(len(tr))
        if hl: w=w*0.5**((T-tr)/hl)
        if seas:
            dd=np.abs(((np.array([dates[t].timetuple().tm_yday for t in tr])-dates[T].timetuple().tm_yday+182)%365)-182)
            w=w*np.exp(-0.5*(dd/seas)**2)+cfg.get('seasfloor',0)*w
        pred=np.empty(24)
        for h in range(24):
            m=ridge(F[tr,h],V[tr,h],w,alpha,cfg)
            pred[h]=m(F[T,h])
        if cfg.get('log'): pred=np.exp(pred); act=np.exp(V[T])
        else: act=V[T]
        apes.append(np.abs(pred-act)/act); P.append(pred); A.append(act)
    np.save(os.path.join(OUT,f"pred_{zone}_{cfg.get('tag','x')}.npy"),np.array([P,A]))
    return 100*np.mean(apes)
if __name__=='__main__':
    import json
    cfg=json.loads(sys.argv[1]) if len(sys.argv)>1 else {}
    for z in ['DAYTON','DUQ']:
        print(z, cfg, round(run(z,cfg.get('N',365),cfg),3), np.unique(ALPHAS,return_counts=True) if ALPHAS else '', flush=True); ALPHAS.clear()
