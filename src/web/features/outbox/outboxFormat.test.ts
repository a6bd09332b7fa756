import { describe, expect, it } from 'vitest';
import {
  canRetry,
  filtersFrom,
  isHiddenPayload,
  paramsFrom,
  presentPayload,
  shorten,
  statusTone,
  summarize,
  topicKey,
} from './outboxFormat.js';

const otpEmail = {
  kind: 'otp',
  sensitive: true,
  to: 'an@example.vn',
  subject: 'Mã xác thực đăng nhập Một Cửa / Your sign-in code',
  text: 'Mã xác thực của bạn là 123456.\n\nYour sign-in code is 123456.',
};

describe('presentPayload', () => {
  it('reads an e-mail as recipient, subject and body, and marks a one-time code', () => {
    expect(presentPayload('email', otpEmail)).toEqual({
      kind: 'email',
      to: 'an@example.vn',
      subject: otpEmail.subject,
      text: otpEmail.text,
      html: null,
      sensitive: true,
    });
    expect(
      presentPayload('email', { to: 'a@b.vn', subject: 'S', text: 'T', html: '<p>T</p>' }),
    ).toMatchObject({ kind: 'email', html: '<p>T</p>', sensitive: false });
  });

  it('reads an SMS as recipient and text', () => {
    expect(presentPayload('sms', { to: '0912345678', text: 'Hồ sơ đã có kết quả' })).toEqual({
      kind: 'sms',
      to: '0912345678',
      text: 'Hồ sơ đã có kết quả',
      sensitive: false,
    });
  });

  it('says plainly when the server withheld a sensitive payload', () => {
    expect(presentPayload('sms', { hidden: true })).toEqual({ kind: 'hidden' });
    expect(isHiddenPayload({ hidden: true })).toBe(true);
    // A payload that merely has a `hidden` field among others is shown, not withheld.
    expect(isHiddenPayload({ hidden: true, dossierId: 4 })).toBe(false);
    expect(isHiddenPayload({ hidden: 'yes' })).toBe(false);
  });

  it('shows other topics, and an e-mail its deliverer would refuse, as formatted JSON', () => {
    expect(presentPayload('portal_sync', { dossier: 1 })).toEqual({
      kind: 'json',
      json: '{\n  "dossier": 1\n}',
    });
    expect(presentPayload('email', { to: 'a@b.vn', text: 'no subject' })).toMatchObject({
      kind: 'json',
    });
    expect(presentPayload('sms', { to: '', text: 'x' })).toMatchObject({ kind: 'json' });
    expect(presentPayload('email', null)).toEqual({ kind: 'json', json: 'null' });
    expect(presentPayload('email', [1, 2])).toMatchObject({ kind: 'json' });
  });
});

describe('summarize', () => {
  it('gives the recipient and subject of an e-mail, the start of an SMS', () => {
    expect(summarize('email', otpEmail)).toEqual({
      to: 'an@example.vn',
      line: otpEmail.subject,
      hidden: false,
    });
    const long = `Hồ sơ ${'rất '.repeat(60)}dài`;
    const sms = summarize('sms', { to: '0912345678', text: long });
    expect(sms.to).toBe('0912345678');
    expect(sms.line.length).toBe(100);
    expect(sms.line.endsWith('…')).toBe(true);
  });

  it('picks the telling fields of a dossier event, and says when content is hidden', () => {
    expect(
      summarize('dossier.status', {
        tenantId: 1,
        dossierId: 7,
        code: '000.00.12.H40-250303-0001',
        action: 'receive',
        from: null,
        to: 'received',
      }).line,
    ).toBe('code: 000.00.12.H40-250303-0001 · action: receive · to: received · dossierId: 7');
    expect(summarize('portal_sync', { dossier: 1 }).line).toBe('{"dossier":1}');
    expect(summarize('sms', { hidden: true })).toEqual({ to: null, line: '', hidden: true });
  });
});

describe('shorten', () => {
  it('folds whitespace and keeps short text whole', () => {
    expect(shorten('  a\n\n b  ')).toBe('a b');
    expect(shorten('abcdef', 4)).toBe('abc…');
  });
});

describe('status and topic', () => {
  it('gives each status its tone and offers retry only for a dead message', () => {
    expect(statusTone('pending')).toBe('info');
    expect(statusTone('sent')).toBe('success');
    expect(statusTone('dry_run')).toBe('neutral');
    expect(statusTone('dead')).toBe('danger');
    expect(canRetry('dead')).toBe(true);
    for (const status of ['pending', 'sent', 'dry_run']) expect(canRetry(status)).toBe(false);
  });

  it('names known topics by a key without dots, unknown ones not at all', () => {
    expect(topicKey('email')).toBe('topic.email');
    expect(topicKey('dossier.status')).toBe('topic.dossier_status');
    expect(topicKey('notify.applicant')).toBe('topic.notify_applicant');
    expect(topicKey('fax')).toBeNull();
  });
});

describe('filters in the address', () => {
  it('reads valid filters and drops bad ones', () => {
    expect(filtersFrom(new URLSearchParams('status=dead&topic=email&page=3&pageSize=50'))).toEqual({
      status: 'dead',
      topic: 'email',
      page: 3,
      pageSize: 50,
    });
    expect(filtersFrom(new URLSearchParams('status=lost&page=-2&pageSize=7'))).toEqual({
      status: '',
      topic: '',
      page: 1,
      pageSize: 20,
    });
  });

  it('writes only what differs from the defaults, and reads back what it wrote', () => {
    expect(paramsFrom({ status: '', topic: ' ', page: 1, pageSize: 20 }).toString()).toBe('');
    const filters = { status: 'dry_run' as const, topic: 'sms', page: 2, pageSize: 100 };
    const params = paramsFrom(filters);
    expect(params.toString()).toBe('status=dry_run&topic=sms&pageSize=100&page=2');
    expect(filtersFrom(params)).toEqual(filters);
  });
});
