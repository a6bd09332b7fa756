import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, foldVietnamese, searchTerms } from './index.js';

describe('foldVietnamese', () => {
  it('folds a procedure name so an unaccented query finds it', () => {
    expect(foldVietnamese('Giấy phép xây dựng')).toBe('giay phep xay dung');
  });

  it('turns đ and Đ into d', () => {
    expect(foldVietnamese('Đăng ký hộ kinh doanh, đất đai')).toBe('dang ky ho kinh doanh, dat dai');
  });

  it('removes every tone and vowel mark of the alphabet', () => {
    const accented = 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ';
    expect(foldVietnamese(accented)).toBe(
      'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyy',
    );
    expect(foldVietnamese(accented.toUpperCase())).toBe(foldVietnamese(accented));
  });

  it('treats decomposed (NFD) input like precomposed input', () => {
    const nfc = 'Chứng thực bản sao';
    expect(foldVietnamese(nfc.normalize('NFD'))).toBe(foldVietnamese(nfc));
  });

  it('collapses runs of spaces, tabs, line breaks and non-breaking spaces', () => {
    expect(foldVietnamese('  Cấp\u00a0 phiếu\tlý lịch\n\ntư pháp  ')).toBe(
      'cap phieu ly lich tu phap',
    );
  });

  it('is idempotent and never leaves combining marks or upper case', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const once = foldVietnamese(s);
        expect(foldVietnamese(once)).toBe(once);
        expect(/[\u0300-\u036f]/.test(once.normalize('NFD'))).toBe(false);
        expect(once).toBe(once.toLowerCase());
        expect(once).toBe(once.trim());
      }),
    );
  });
});

describe('searchTerms', () => {
  it('splits a query into folded words', () => {
    expect(searchTerms('  Giấy  PHÉP ')).toEqual(['giay', 'phep']);
  });

  it('gives no words for a blank query', () => {
    expect(searchTerms(' \t ')).toEqual([]);
  });
});

describe('cleanText', () => {
  it('keeps diacritics but stores them precomposed and trims spaces', () => {
    const cleaned = cleanText('  Đăng ký   khai sinh '.normalize('NFD'));
    expect(cleaned).toBe('Đăng ký khai sinh');
    expect(cleaned).toBe(cleaned.normalize('NFC'));
  });
});
