-- gridopt schema. Idempotent: applied at every start-up, runs unchanged on Supabase (PostgreSQL 15+
-- with the vector extension). gen_random_uuid() is built in since PostgreSQL 13.
create extension if not exists vector;

create table if not exists optimization_runs (
  id                  uuid primary key default gen_random_uuid(),
  request_type        text not null check (request_type in ('forecast', 'storage', 'grid_switch', 'simulation')),
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
create index if not exists optimization_embeddings_hnsw_idx
  on optimization_embeddings using hnsw (embedding vector_cosine_ops);

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
