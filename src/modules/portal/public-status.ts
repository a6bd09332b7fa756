/**
 * What the public sees of a dossier's state: plain labels, no names, no internal steps. Every
 * stored status maps to one label; drafts never reach the public (they have no code).
 */
export const PUBLIC_STATUS: Record<string, { vi: string; en: string; ascii: string }> = {
  draft: { vi: 'Bản nháp', en: 'Draft', ascii: 'Ban nhap' },
  submitted: {
    vi: 'Đã nộp trực tuyến, chờ tiếp nhận',
    en: 'Submitted online, awaiting reception',
    ascii: 'Da nop truc tuyen, cho tiep nhan',
  },
  reception_supplement: {
    vi: 'Cần bổ sung hồ sơ',
    en: 'Supplement needed',
    ascii: 'Can bo sung ho so',
  },
  not_accepted: { vi: 'Không tiếp nhận', en: 'Not accepted', ascii: 'Khong tiep nhan' },
  received: { vi: 'Đã tiếp nhận', en: 'Received', ascii: 'Da tiep nhan' },
  in_appraisal: { vi: 'Đang giải quyết', en: 'Being processed', ascii: 'Dang giai quyet' },
  in_consultation: {
    vi: 'Đang lấy ý kiến cơ quan liên quan',
    en: 'Consulting other agencies',
    ascii: 'Dang lay y kien co quan lien quan',
  },
  awaiting_supplement: {
    vi: 'Chờ công dân bổ sung hồ sơ',
    en: 'Waiting for the applicant’s supplement',
    ascii: 'Cho bo sung ho so',
  },
  awaiting_approval: {
    vi: 'Chờ lãnh đạo phê duyệt',
    en: 'Awaiting approval',
    ascii: 'Cho lanh dao phe duyet',
  },
  result_ready: {
    vi: 'Đã có kết quả, chờ trả',
    en: 'Result ready',
    ascii: 'Da co ket qua, cho tra',
  },
  returned: { vi: 'Đã trả kết quả', en: 'Result returned', ascii: 'Da tra ket qua' },
  stopped: { vi: 'Dừng giải quyết', en: 'Processing stopped', ascii: 'Dung giai quyet' },
  withdrawn: { vi: 'Đã rút hồ sơ', en: 'Withdrawn', ascii: 'Da rut ho so' },
};

export function publicStatus(status: string): { vi: string; en: string; ascii: string } {
  return PUBLIC_STATUS[status] ?? { vi: status, en: status, ascii: status };
}

/**
 * Masks a person's or organisation's name for public pages: each word keeps its first letter
 * ("Nguyễn Văn An" → "N***** V** A*"), enough for the applicant to recognise, not to identify.
 */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((word) => {
      const letters = [...word];
      return letters[0] + '*'.repeat(Math.max(letters.length - 1, 1));
    })
    .join(' ');
}
