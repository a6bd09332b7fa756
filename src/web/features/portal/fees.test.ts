import { describe, expect, it } from 'vitest';
import { feeState } from './fees.js';

describe('feeState', () => {
  it('asks for an unpaid fee while the dossier is being handled', () => {
    expect(feeState({ status: 'submitted', feeAmount: 50_000, paid: false })).toBe('unpaid');
    expect(feeState({ status: 'processing', feeAmount: 50_000, paid: false })).toBe('unpaid');
  });

  it('owes nothing once the dossier ended without a result', () => {
    for (const status of ['withdrawn', 'not_accepted', 'stopped', 'draft']) {
      expect(feeState({ status, feeAmount: 50_000, paid: false })).toBe('not_due');
    }
  });

  it('keeps paid, refunded and fee-free dossiers as they are', () => {
    expect(feeState({ status: 'withdrawn', feeAmount: 50_000, paid: true })).toBe('paid');
    expect(feeState({ status: 'withdrawn', feeAmount: 50_000, paid: false, refunded: true })).toBe(
      'refunded',
    );
    expect(feeState({ status: 'submitted', feeAmount: 0, paid: false })).toBe('none');
  });
});
