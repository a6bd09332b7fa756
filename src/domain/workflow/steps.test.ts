import { describe, expect, it } from 'vitest';
import { createDefaultCalendar } from '../calendar/index.js';
import { transferDeadline } from './steps.js';

const cal = createDefaultCalendar();
const paper = { paper: true, cutoff: '15:00' };

// Friday 2025-03-07 and Monday 2025-03-10 are working days in Asia/Ho_Chi_Minh (UTC+7), with
// the default hours 07:30–11:30 and 13:30–17:00.
describe('transferDeadline (DOMAIN §4 step 3)', () => {
  it('gives paper received before the cut-off until the end of the same working day', () => {
    expect(transferDeadline(cal, '2025-03-07T14:59:00+07:00', paper)).toBe(
      '2025-03-07T10:00:00.000Z',
    );
  });

  it('gives paper received at or after the cut-off until the first period of the next working day', () => {
    expect(transferDeadline(cal, '2025-03-07T15:00:00+07:00', paper)).toBe(
      '2025-03-10T04:30:00.000Z',
    );
    expect(transferDeadline(cal, '2025-03-07T16:45:00+07:00', paper)).toBe(
      '2025-03-10T04:30:00.000Z',
    );
  });

  it('gives electronic dossiers the same working day whatever the hour', () => {
    expect(
      transferDeadline(cal, '2025-03-07T16:45:00+07:00', { paper: false, cutoff: '15:00' }),
    ).toBe('2025-03-07T10:00:00.000Z');
  });
});
