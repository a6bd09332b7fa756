-- Feedback (phản ánh, kiến nghị — PAKN), complaints and denunciations (DOMAIN §9): one intake,
-- kept apart by `kind`. Deadlines are derived from the working calendar at each step and stored
-- with the step's instant, so indicators 6.1/6.2 judge recorded facts; overdue is never stored.
-- Personal data of the submitter is encrypted at rest (src/platform/crypto, as dossiers'
-- applicants); a denunciation's reporter is readable only with the `feedback.reporter.read`
-- permission (permission_grants below).

create table feedback (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  -- Tracking code given to the submitter: unguessable (public look-up by code).
  code text not null,
  kind text not null check (kind in ('feedback', 'complaint', 'denunciation')),
  channel text not null check (channel in ('hotline', 'email', 'portal', 'social', 'in_person')),
  -- The unit handling it now, and the unit that first received it.
  unit_id bigint not null references units(id),
  received_unit_id bigint not null references units(id),
  state text not null check (state in ('received', 'processing', 'info_requested', 'rejected',
    'answered', 'awaiting_publication', 'published')),
  subject text not null check (length(subject) between 1 and 300),
  content text not null check (length(content) between 1 and 10000),
  related_dossier_code text,
  related_procedure_code text,
  -- Follow-up of an earlier item the applicant complained again about.
  follow_up_of bigint references feedback(id),
  anonymous boolean not null default false,
  submitter_user_id bigint references users(id),
  submitter_name_enc text,
  submitter_phone_enc text,
  submitter_phone_hash text,
  submitter_id_enc text,
  submitter_id_hash text,
  submitter_email_enc text,
  submitter_address_enc text,
  -- The reply: the answer, or the reason of a rejection.
  reply text,
  received_at timestamptz not null,
  reject_due_at timestamptz not null,
  info_due_at timestamptz not null,
  -- Pushed by the working time spent waiting once requested information is supplied; while
  -- the latest request is unanswered (info_supplied_at null or earlier) the clock is paused.
  answer_due_at timestamptz not null,
  publish_due_at timestamptz,
  info_requested_at timestamptz,
  info_supplied_at timestamptz,
  transferred_at timestamptz,
  rejected_at timestamptz,
  answered_at timestamptz,
  published_at timestamptz,
  finished_at timestamptz,
  complained_again_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, code)
);
create index feedback_unit on feedback (tenant_id, unit_id, state);
create index feedback_received on feedback (tenant_id, received_at);
create index feedback_finished on feedback (tenant_id, finished_at);
create index feedback_published on feedback (tenant_id, published_at) where published_at is not null;
create index feedback_submitter on feedback (submitter_user_id) where submitter_user_id is not null;

-- History: one row per transition, with the unit that held the item.
create table feedback_events (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  feedback_id bigint not null references feedback(id),
  action text not null,
  from_state text,
  to_state text not null,
  unit_id bigint not null references units(id),
  to_unit_id bigint references units(id),
  actor_id bigint references users(id),
  note text check (length(note) <= 5000),
  at timestamptz not null
);
create index feedback_events_item on feedback_events (feedback_id, id);

-- Likes and dislikes of a reply (indicator 6.2: disliked more than liked). One per rater; the
-- rater is the applicant (by tracking code) or a signed-in user.
create table feedback_ratings (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  feedback_id bigint not null references feedback(id),
  rater text not null,
  value text not null check (value in ('like', 'dislike')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (feedback_id, rater)
);

-- Permissions granted apart from roles, over a unit subtree (null = the whole tenant). No role
-- carries them by default: an administrator grants them to named people.
create table permission_grants (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  user_id bigint not null references users(id),
  permission text not null check (permission in ('feedback.reporter.read')),
  unit_id bigint references units(id),
  granted_by bigint references users(id),
  created_at timestamptz not null default now(),
  unique nulls not distinct (user_id, permission, unit_id)
);
create index permission_grants_user on permission_grants (user_id);
