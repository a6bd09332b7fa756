import type { ColumnType, Generated } from 'kysely';
import type { FeedbackChannel, FeedbackKind, FeedbackState } from '../../domain/feedback/index.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type OptionalTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

declare module '../../platform/db/schema.js' {
  interface DB {
    feedback: {
      id: Generated<number>;
      tenant_id: number;
      code: string;
      kind: FeedbackKind;
      channel: FeedbackChannel;
      unit_id: number;
      received_unit_id: number;
      state: FeedbackState;
      subject: string;
      content: string;
      related_dossier_code: string | null;
      related_procedure_code: string | null;
      follow_up_of: number | null;
      anonymous: Generated<boolean>;
      submitter_user_id: number | null;
      submitter_name_enc: string | null;
      submitter_phone_enc: string | null;
      submitter_phone_hash: string | null;
      submitter_id_enc: string | null;
      submitter_id_hash: string | null;
      submitter_email_enc: string | null;
      submitter_address_enc: string | null;
      reply: string | null;
      received_at: Timestamp;
      reject_due_at: Timestamp;
      info_due_at: Timestamp;
      answer_due_at: Timestamp;
      publish_due_at: OptionalTimestamp;
      info_requested_at: OptionalTimestamp;
      info_supplied_at: OptionalTimestamp;
      transferred_at: OptionalTimestamp;
      rejected_at: OptionalTimestamp;
      answered_at: OptionalTimestamp;
      published_at: OptionalTimestamp;
      finished_at: OptionalTimestamp;
      complained_again_at: OptionalTimestamp;
      version: Generated<number>;
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
    feedback_events: {
      id: Generated<number>;
      tenant_id: number;
      feedback_id: number;
      action: string;
      from_state: string | null;
      to_state: string;
      unit_id: number;
      to_unit_id: number | null;
      actor_id: number | null;
      note: string | null;
      at: Timestamp;
    };
    feedback_ratings: {
      id: Generated<number>;
      tenant_id: number;
      feedback_id: number;
      rater: string;
      value: 'like' | 'dislike';
      created_at: Generated<Date>;
      updated_at: Generated<Date>;
    };
  }
}
