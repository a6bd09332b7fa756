import { describe, expect, it } from 'vitest';
import { bandFor, DEFAULT_BANDS, type GradeBand } from './bands.js';

describe('bandFor', () => {
  it('bands PAR-style scores A ≥ 90, B 80–<90, C 70–<80, else D', () => {
    expect(bandFor(90, DEFAULT_BANDS)?.id).toBe('A');
    expect(bandFor(89.99, DEFAULT_BANDS)?.id).toBe('B');
    expect(bandFor(80, DEFAULT_BANDS)?.id).toBe('B');
    expect(bandFor(79.99, DEFAULT_BANDS)?.id).toBe('C');
    expect(bandFor(70, DEFAULT_BANDS)?.id).toBe('C');
    expect(bandFor(0, DEFAULT_BANDS)?.id).toBe('D');
  });

  it('has no band for a missing score or without bands', () => {
    expect(bandFor(null, DEFAULT_BANDS)).toBeNull();
    expect(bandFor(95, [])).toBeNull();
  });

  it('takes a province’s own bands in any order', () => {
    const bands: GradeBand[] = [
      { id: 'good', label: { vi: 'Tốt', en: 'Good' }, min: 80 },
      { id: 'excellent', label: { vi: 'Xuất sắc', en: 'Excellent' }, min: 95 },
      { id: 'fair', label: { vi: 'Khá', en: 'Fair' }, min: 65 },
    ];
    expect(bandFor(96, bands)?.id).toBe('excellent');
    expect(bandFor(81, bands)?.label.vi).toBe('Tốt');
    expect(bandFor(50, bands)).toBeNull();
  });
});
