-- Online fee payments through a payment gateway (DOMAIN §6, indicators 4.x). A payment is an
-- order sent to the gateway; the gateway's signed result (server-to-server IPN, and the
-- browser's return) moves it to paid or failed exactly once. A paid dossier that is refused is
-- refunded.
create table payments (
  id bigint generated always as identity primary key,
  tenant_id bigint not null references tenants(id),
  dossier_id bigint not null references dossiers(id),
  amount numeric not null check (amount > 0),
  currency text not null default 'VND',
  gateway text not null,
  -- Our order reference sent to the gateway; the gateway's result names it.
  order_ref text not null unique,
  status text not null default 'pending' check (status in ('pending', 'paid', 'failed', 'cancelled', 'refunded')),
  transaction_ref text,
  receipt_no text unique,
  created_by bigint references users(id),
  created_at timestamptz not null default now(),
  paid_at timestamptz,
  failed_at timestamptz,
  refunded_at timestamptz,
  refund_reason text,
  result jsonb
);
create index payments_dossier on payments (dossier_id);
-- At most one successful payment per dossier, whatever the gateway sends twice.
create unique index payments_one_success on payments (dossier_id) where status in ('paid', 'refunded');
