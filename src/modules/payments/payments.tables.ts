import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

declare module '../../platform/db/schema.js' {
  interface DB {
    payments: {
      id: Generated<number>;
      tenant_id: number;
      dossier_id: number;
      amount: number;
      currency: Generated<string>;
      gateway: string;
      order_ref: string;
      status: Generated<PaymentStatus>;
      transaction_ref: string | null;
      receipt_no: string | null;
      created_by: number | null;
      created_at: Generated<Date>;
      paid_at: Timestamp | null;
      failed_at: Timestamp | null;
      refunded_at: Timestamp | null;
      refund_reason: string | null;
      result: ColumnType<unknown, string | undefined, string> | null;
    };
  }
}

export type PaymentStatus = 'pending' | 'paid' | 'failed' | 'cancelled' | 'refunded';
