import { describe, expect, it } from 'vitest';
import { portalSyncState } from './dossier.queries.js';

describe('portalSyncState', () => {
  it('shows the last sync message when there is one', () => {
    expect(portalSyncState('dead', true)).toBe('dead');
    expect(portalSyncState('pending', false)).toBe('pending');
  });
  it('shows an imported dossier the source system had synced as sent, not as never synced', () => {
    expect(portalSyncState(null, true)).toBe('sent');
    expect(portalSyncState(null, false)).toBe('none');
  });
});
