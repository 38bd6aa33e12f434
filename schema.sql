-- gridopt schema. Idempotent: applied at every start-up, runs unchanged on Supabase (PostgreSQL 15+
-- with the vector extension). gen_random_uuid() is built in since PostgreSQL 13.
create extension if not exists vector;

create table if not exists optimization_runs (
  id                  uuid primary key default gen_random_uuid(),
  request_type        text not null check (request_type in ('forecast', 'storage', 'grid_switch', 'network_dispatch', 'simulation')),
  region              text not null,
  forecast_date       date not null,
  input_payload       jsonb not null,
  result_payload      jsonb,
  status              text not null default 'completed' check (status in ('completed', 'failed')),
  error               text,
  qnn_model_id        text,
  qnn_mode            text,
  qnn_execution_time  double precision,          -- milliseconds
  qnn_raw_response    jsonb,                     -- remote QNN: the upstream status and body as received
  created_at          timestamptz not null default now()
);
-- A database created before network_dispatch existed has the old list in its request_type check: replace it
-- once (only when the stored definition lacks the new type, so that a start-up normally locks nothing).
do $$
begin
  if not exists (select 1 from pg_constraint
                 where conrelid = 'optimization_runs'::regclass and conname = 'optimization_runs_request_type_check'
                   and pg_get_constraintdef(oid) like '%network_dispatch%') then
    alter table optimization_runs drop constraint if exists optimization_runs_request_type_check;
    alter table optimization_runs add constraint optimization_runs_request_type_check
      check (request_type in ('forecast', 'storage', 'grid_switch', 'network_dispatch', 'simulation'));
  end if;
end $$;
create index if not exists optimization_runs_created_idx on optimization_runs (created_at desc, id desc);
create index if not exists optimization_runs_type_region_idx on optimization_runs (request_type, region, created_at desc);

create table if not exists optimization_embeddings (
  id                  uuid primary key default gen_random_uuid(),
  optimization_run_id uuid not null references optimization_runs (id) on delete cascade,
  embedding           vector(1536) not null,
  model               text not null,
  content             text not null,            -- the text that was embedded
  created_at          timestamptz not null default now()
);
create index if not exists optimization_embeddings_run_idx on optimization_embeddings (optimization_run_id);
create index if not exists optimization_embeddings_model_idx on optimization_embeddings (model);

-- What search ranks: each distinct summary vector ONCE per model, type and region, whatever number of
-- runs share it (a load test repeating one request makes thousands of identical summaries, which wreck
-- an HNSW graph's navigation). Runs refer to it through optimization_embeddings.vector_id, set by the
-- trigger below whoever inserts the embedding. The HNSW indexes are partial, one per model
-- (embedding_vectors_hnsw_<md5 of the model name>), created by the service when a model appears
-- (RunRepository / ModelIndexes): a query filtered on one model walks a graph of that model only.
create table if not exists embedding_vectors (
  id                  bigint generated always as identity primary key,
  model               text not null,
  request_type        text not null,
  region              text not null,
  content_sha256      bytea not null,
  content             text not null,
  embedding           vector(1536) not null,
  created_at          timestamptz not null default now(),
  unique (model, request_type, region, content_sha256)
);
-- Only when missing: both statements lock embedding_vectors, and a lock wait behind a model's index
-- build (CREATE INDEX CONCURRENTLY waits for this very transaction) would be a deadlock.
do $$ begin
  -- the vector in the row rather than in TOAST: an exact scan reads one page per vector, not four
  if (select attstorage from pg_attribute where attrelid = 'embedding_vectors'::regclass
      and attname = 'embedding') <> 'p' then
    alter table embedding_vectors alter column embedding set storage plain;
  end if;
  if to_regclass('embedding_vectors_filter_idx') is null then
    create index embedding_vectors_filter_idx on embedding_vectors (model, request_type, region);
  end if;
end $$;

alter table optimization_embeddings add column if not exists vector_id bigint references embedding_vectors (id);
create index if not exists optimization_embeddings_vector_idx on optimization_embeddings (vector_id);

create or replace function gridopt_link_embedding_vector() returns trigger language plpgsql as $$
declare
  run_type   text;
  run_region text;
  digest     bytea := sha256(convert_to(new.content, 'UTF8'));
  linked     bigint;
begin
  select request_type, region into run_type, run_region from optimization_runs where id = new.optimization_run_id;
  insert into embedding_vectors (model, request_type, region, content_sha256, content, embedding)
  values (new.model, run_type, run_region, digest, new.content, new.embedding)
  on conflict (model, request_type, region, content_sha256) do nothing
  returning id into linked;
  if linked is null then
    -- another run with this summary was stored first (its transaction committed, or we waited for it)
    select id into linked from embedding_vectors
    where model = new.model and request_type = run_type and region = run_region and content_sha256 = digest;
  end if;
  new.vector_id := linked;
  return new;
end $$;

create or replace trigger optimization_embeddings_link_vector
  before insert or update of model, content, embedding on optimization_embeddings
  for each row execute function gridopt_link_embedding_vector();

-- Migration of databases from before embedding_vectors: link every embedding (no-op once done), then
-- drop the former index over all runs' vectors, duplicates and models mixed.
insert into embedding_vectors (model, request_type, region, content_sha256, content, embedding)
select distinct on (e.model, r.request_type, r.region, sha256(convert_to(e.content, 'UTF8')))
       e.model, r.request_type, r.region, sha256(convert_to(e.content, 'UTF8')), e.content, e.embedding
from optimization_embeddings e join optimization_runs r on r.id = e.optimization_run_id
where e.vector_id is null
order by e.model, r.request_type, r.region, sha256(convert_to(e.content, 'UTF8')), e.created_at
on conflict do nothing;
update optimization_embeddings e set vector_id = v.id
from optimization_runs r, embedding_vectors v
where e.vector_id is null and r.id = e.optimization_run_id and v.model = e.model
  and v.request_type = r.request_type and v.region = r.region
  and v.content_sha256 = sha256(convert_to(e.content, 'UTF8'));
alter table optimization_embeddings alter column vector_id set not null;
drop index if exists optimization_embeddings_hnsw_idx;

create table if not exists qnn_execution_metrics (
  id                  uuid primary key default gen_random_uuid(),
  optimization_run_id uuid not null references optimization_runs (id) on delete cascade,
  device_used         text,
  circuit_depth       integer,
  n_qubits            integer,
  execution_time_ms   double precision,
  quantum_cost_usd    numeric(12, 6),
  solver              text,
  iterations          bigint,
  node_id             text,
  created_at          timestamptz not null default now()
);
create index if not exists qnn_execution_metrics_run_idx on qnn_execution_metrics (optimization_run_id);

create table if not exists anomalies (
  id                  uuid primary key default gen_random_uuid(),
  optimization_run_id uuid references optimization_runs (id) on delete set null,
  type                text not null,
  severity            text not null check (severity in ('low', 'medium', 'high', 'critical')),
  description         text not null,
  suggested_actions   text[] not null default '{}',
  resolved            boolean not null default false,
  detected_at         timestamptz not null default now(),
  resolved_at         timestamptz
);

-- Where and what of each finding, beside its text (docs/anomalies.md): the span of a finding in a
-- series, the buses and branches of one in a network, the figures its severity rule used.
alter table anomalies add column if not exists start_at timestamptz;
alter table anomalies add column if not exists end_at   timestamptz;
alter table anomalies add column if not exists buses    text[] not null default '{}';
alter table anomalies add column if not exists branches text[] not null default '{}';
alter table anomalies add column if not exists figures  jsonb not null default '{}';
create index if not exists anomalies_detected_idx on anomalies (detected_at desc, id desc);
create index if not exists anomalies_run_idx on anomalies (optimization_run_id);
create index if not exists anomalies_open_idx on anomalies (severity, detected_at desc) where not resolved;
