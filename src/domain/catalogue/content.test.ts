import { describe, expect, it } from 'vitest';
import { contentFingerprint, feeTotal, normalizeProcedure, sameContent } from './index.js';
import { buildProcedure } from './test-support.js';

describe('procedure content', () => {
  it('adds up the fees', () => {
    expect(
      feeTotal(
        buildProcedure({
          fees: [
            { name: 'Lệ phí', amount: 75_000 },
            { name: 'Phí thẩm định', amount: 25_000 },
          ],
        }),
      ),
    ).toBe(100_000);
  });

  it('treats spacing, Unicode form and empty optional text as no change', () => {
    const a = buildProcedure();
    const b = buildProcedure({
      name: '  Đăng ký   khai sinh '.normalize('NFD'),
      nameEn: 'Birth registration ',
      fieldCode: 'HT',
    });
    expect(sameContent(a, b)).toBe(true);
    expect(normalizeProcedure({ ...a, resultName: '  ' }).resultName).toBeNull();
  });

  it('sees a changed fee, component flag or step as a change', () => {
    const a = buildProcedure();
    expect(sameContent(a, buildProcedure({ fees: [{ name: 'Lệ phí', amount: 8000 }] }))).toBe(
      false,
    );
    const flipped = buildProcedure();
    flipped.components[0]!.mustDigitise = false;
    expect(contentFingerprint(flipped)).not.toBe(contentFingerprint(a));
  });

  it('ignores the order applicant kinds are listed in', () => {
    expect(
      sameContent(
        buildProcedure({ applicantKinds: ['individual', 'organisation'] }),
        buildProcedure({ applicantKinds: ['organisation', 'individual'] }),
      ),
    ).toBe(true);
  });
});
