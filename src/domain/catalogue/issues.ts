/**
 * Field-level validation issues for a procedure. Each names the field by a path such as
 * `components[2].copies` (the form highlights that input; the import report turns it into a
 * column), a stable code, and parameters; `describeIssue` words it in Vietnamese or English.
 */

export const ISSUE_CODES = [
  'required',
  'too_long',
  'invalid_format',
  'invalid_choice',
  'not_integer',
  'out_of_range',
  'promised_exceeds_legal',
  'same_day_limit',
  'duplicate',
  'allotments_mismatch',
  'template_empty',
  'unknown_unit',
  'date_order',
  'online_full_needs_remote_result',
  'fee_total_mismatch',
  'too_many',
  'unknown_column',
  'missing_column',
  'effective_before_latest',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

export interface Issue {
  /** The field, e.g. `promisedLimit`, `components[1].name`, `steps`. */
  path: string;
  code: IssueCode;
  params?: Record<string, string | number>;
}

type Words = {
  vi: (p: Record<string, string | number>) => string;
  en: (p: Record<string, string | number>) => string;
};

const WORDS: Record<IssueCode, Words> = {
  required: { vi: () => 'Bắt buộc nhập', en: () => 'Required' },
  too_long: { vi: (p) => `Dài quá ${p.max} ký tự`, en: (p) => `Longer than ${p.max} characters` },
  invalid_format: {
    vi: (p) => `Sai định dạng${p.expected ? ` (cần ${p.expected})` : ''}`,
    en: (p) => `Invalid format${p.expected ? ` (expected ${p.expected})` : ''}`,
  },
  invalid_choice: {
    vi: (p) => `Giá trị không hợp lệ; chọn một trong: ${p.choices}`,
    en: (p) => `Not an accepted value; choose one of: ${p.choices}`,
  },
  not_integer: { vi: () => 'Phải là số nguyên', en: () => 'Must be a whole number' },
  out_of_range: {
    vi: (p) => `Phải trong khoảng ${p.min} đến ${p.max}`,
    en: (p) => `Must be between ${p.min} and ${p.max}`,
  },
  promised_exceeds_legal: {
    vi: (p) =>
      `Thời hạn cam kết (${p.promised}) không được dài hơn thời hạn luật định (${p.legal})`,
    en: (p) => `The promised limit (${p.promised}) may not exceed the legal limit (${p.legal})`,
  },
  same_day_limit: {
    vi: () => 'Thủ tục giải quyết trong ngày có thời hạn bằng 0',
    en: () => 'A same-day procedure has limits of 0',
  },
  duplicate: {
    vi: (p) => `Mã "${p.value}" bị trùng`,
    en: (p) => `Code "${p.value}" is used twice`,
  },
  allotments_mismatch: {
    vi: (p) => `Tổng thời gian các bước (${p.total}) phải bằng thời hạn cam kết (${p.expected})`,
    en: (p) =>
      `The steps' allotments add up to ${p.total}; they must add up to the promised limit ${p.expected}`,
  },
  template_empty: {
    vi: () => 'Quy trình xử lý cần ít nhất một bước',
    en: () => 'The processing template needs at least one step',
  },
  unknown_unit: {
    vi: (p) => `Không có đơn vị mã "${p.value}"`,
    en: (p) => `No unit has code "${p.value}"`,
  },
  date_order: {
    vi: (p) => `Ngày này không được trước ngày ${p.after}`,
    en: (p) => `This date may not be before ${p.after}`,
  },
  online_full_needs_remote_result: {
    vi: () => 'Dịch vụ công trực tuyến toàn trình phải trả kết quả điện tử hoặc qua bưu chính',
    en: () => 'A fully online procedure must return its result electronically or by post',
  },
  fee_total_mismatch: {
    vi: (p) => `Tổng phí, lệ phí (${p.given}) khác tổng các khoản (${p.sum})`,
    en: (p) => `The fee total (${p.given}) differs from the sum of the fees (${p.sum})`,
  },
  too_many: { vi: (p) => `Nhiều hơn ${p.max} mục`, en: (p) => `More than ${p.max} items` },
  unknown_column: {
    vi: (p) => `Cột không xác định: "${p.value}"`,
    en: (p) => `Unknown column "${p.value}"`,
  },
  missing_column: {
    vi: (p) => `Thiếu cột bắt buộc "${p.value}"`,
    en: (p) => `Required column "${p.value}" is missing`,
  },
  effective_before_latest: {
    vi: (p) => `Phiên bản mới không thể có hiệu lực trước phiên bản hiện có (${p.after})`,
    en: (p) => `A new version cannot take effect before the latest version (${p.after})`,
  },
};

/** The issue in words, in the reader's language. */
export function describeIssue(issue: Issue, lang: 'vi' | 'en'): string {
  return WORDS[issue.code][lang](issue.params ?? {});
}
