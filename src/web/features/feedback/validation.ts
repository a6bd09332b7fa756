import type { ItemInput, Kind } from './api.js';

/** The fields of the intake form, as typed (strings), shared by the citizen and staff forms. */
export interface ItemDraft {
  kind: Kind;
  subject: string;
  content: string;
  relatedDossierCode: string;
  anonymous: boolean;
  name: string;
  phone: string;
  email: string;
  idNumber: string;
  address: string;
}

export const EMPTY_DRAFT: ItemDraft = {
  kind: 'feedback',
  subject: '',
  content: '',
  relatedDossierCode: '',
  anonymous: false,
  name: '',
  phone: '',
  email: '',
  idNumber: '',
  address: '',
};

/** A form field a problem belongs to (its input's `name`) and the message key under `form.errors`. */
export interface DraftIssue {
  field: 'subject' | 'content' | 'name' | 'phone' | 'email' | 'idNumber';
  key: 'subject' | 'content' | 'name' | 'contact' | 'phone' | 'email' | 'idNumber';
}

const PHONE = /^(0|\+84)\d{9,10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const ID = /^\d{9}$|^\d{12}$/;

/**
 * The checks the server makes (feedback.service checkInput and the schema's patterns), run first
 * in the browser so every problem shows at once: subject and content; a named submitter gives a
 * name and a phone or an e-mail; an anonymous one gives nothing (the contact fields are hidden).
 */
export function draftIssues(d: ItemDraft): DraftIssue[] {
  const issues: DraftIssue[] = [];
  if (!d.subject.trim()) issues.push({ field: 'subject', key: 'subject' });
  if (!d.content.trim()) issues.push({ field: 'content', key: 'content' });
  if (d.anonymous) return issues;
  const phone = d.phone.replace(/[\s.-]/g, '');
  if (!d.name.trim()) issues.push({ field: 'name', key: 'name' });
  if (!phone && !d.email.trim()) issues.push({ field: 'phone', key: 'contact' });
  if (phone && !PHONE.test(phone)) issues.push({ field: 'phone', key: 'phone' });
  if (d.email.trim() && !EMAIL.test(d.email.trim())) issues.push({ field: 'email', key: 'email' });
  if (d.idNumber.trim() && !ID.test(d.idNumber.trim()))
    issues.push({ field: 'idNumber', key: 'idNumber' });
  return issues;
}

/** The request body for a draft: trimmed, empty fields left out, no contact when anonymous. */
export function draftToInput(d: ItemDraft): ItemInput {
  const opt = (v: string) => v.trim() || null;
  return {
    kind: d.kind,
    subject: d.subject.trim(),
    content: d.content.trim(),
    relatedDossierCode: opt(d.relatedDossierCode),
    anonymous: d.anonymous,
    submitter: d.anonymous
      ? null
      : {
          name: opt(d.name),
          phone: opt(d.phone.replace(/[\s.-]/g, '')),
          email: opt(d.email),
          idNumber: opt(d.idNumber),
          address: opt(d.address),
        },
  };
}

/**
 * Maps the server's `validation_failed` issues (`/submitter/phone`, `/subject`, …) onto the form's
 * fields, for the rare case the server refuses what the browser accepted.
 */
export function serverIssues(details: unknown): DraftIssue[] {
  const list = (details as { issues?: unknown } | null | undefined)?.issues;
  if (!Array.isArray(list)) return [];
  const out: DraftIssue[] = [];
  for (const item of list) {
    const path = (item as { path?: unknown } | null)?.path;
    if (typeof path !== 'string') continue;
    const last = path.split('/').pop() ?? '';
    if (last === 'subject' || last === 'content' || last === 'name' || last === 'phone')
      out.push({ field: last, key: last });
    else if (last === 'email' || last === 'idNumber') out.push({ field: last, key: last });
    else if (path === '/submitter') out.push({ field: 'phone', key: 'contact' });
  }
  return out;
}
