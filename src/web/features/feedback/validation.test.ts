import { describe, expect, it } from 'vitest';
import {
  draftIssues,
  draftToInput,
  EMPTY_DRAFT,
  type ItemDraft,
  serverIssues,
} from './validation.js';

const draft = (over: Partial<ItemDraft>): ItemDraft => ({
  ...EMPTY_DRAFT,
  subject: 'Thủ tục chậm',
  content: 'Hồ sơ quá hạn',
  name: 'Nguyễn Văn A',
  phone: '0912 345 678',
  ...over,
});

describe('feedback form checks', () => {
  it('accepts a named submission with a phone written with spaces', () => {
    expect(draftIssues(draft({}))).toEqual([]);
    expect(draftToInput(draft({})).submitter?.phone).toBe('0912345678');
  });

  it('asks a named submitter for a name and a phone or an e-mail', () => {
    expect(draftIssues(draft({ name: ' ', phone: '', email: '' })).map((i) => i.key)).toEqual([
      'name',
      'contact',
    ]);
    expect(draftIssues(draft({ phone: '', email: 'a@b.vn' }))).toEqual([]);
  });

  it('refuses a malformed phone, e-mail and ID number', () => {
    expect(
      draftIssues(draft({ phone: '12345', email: 'x', idNumber: '1234' })).map((i) => i.key),
    ).toEqual(['phone', 'email', 'idNumber']);
  });

  it('sends no contact for an anonymous submission, whatever was typed before', () => {
    const d = draft({ anonymous: true, name: '', phone: 'bad' });
    expect(draftIssues(d)).toEqual([]);
    expect(draftToInput(d)).toMatchObject({ anonymous: true, submitter: null });
  });

  it('always needs a subject and content', () => {
    expect(draftIssues(draft({ subject: '', content: '  ' })).map((i) => i.field)).toEqual([
      'subject',
      'content',
    ]);
  });

  it("maps the server's issue paths onto the fields", () => {
    expect(
      serverIssues({
        issues: [
          { path: '/submitter/phone', message: 'x' },
          { path: '/submitter', message: 'y' },
          { path: '/subject', message: 'z' },
        ],
      }),
    ).toEqual([
      { field: 'phone', key: 'phone' },
      { field: 'phone', key: 'contact' },
      { field: 'subject', key: 'subject' },
    ]);
    expect(serverIssues(undefined)).toEqual([]);
  });
});
