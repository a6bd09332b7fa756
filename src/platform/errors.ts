/**
 * The one error catalogue (STYLE §2). Every error that crosses a boundary (HTTP, CLI, import
 * report) carries one of these stable snake_case codes; the wire message is chosen by the
 * caller's language. A test fails when a code is missing from docs/errors.md.
 */
export const ERRORS = {
  /** The request body, query or parameters do not match the schema. */
  validation_failed: { status: 400, vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' },
  /** A date, time or period could not be read. */
  invalid_date: { status: 400, vi: 'Ngày giờ không hợp lệ', en: 'Invalid date or time' },
  /** A period such as 2025-Q1 could not be read. */
  period_invalid: { status: 400, vi: 'Kỳ báo cáo không hợp lệ', en: 'Invalid period' },
  /** A service-index framework (JSON) breaks a structural rule; details list each problem. */
  framework_invalid: { status: 400, vi: 'Bộ chỉ số không hợp lệ', en: 'Invalid index framework' },
  /** A calendar table (JSON) is malformed. */
  calendar_invalid: { status: 400, vi: 'Lịch làm việc không hợp lệ', en: 'Invalid calendar' },
  /** An imported file has invalid rows; details list row and column. */
  import_invalid: {
    status: 422,
    vi: 'Tệp nhập có dòng không hợp lệ',
    en: 'The file has invalid rows',
  },
  /** The uploaded file is too large. */
  upload_too_large: { status: 413, vi: 'Tệp quá lớn', en: 'File too large' },
  /** The uploaded file's content is not an accepted type. */
  upload_type_rejected: {
    status: 415,
    vi: 'Loại tệp không được chấp nhận',
    en: 'File type not accepted',
  },
  /** The uploaded file has no content (0 bytes). */
  upload_empty: {
    status: 400,
    vi: 'Tệp tải lên không có nội dung',
    en: 'The uploaded file is empty',
  },
  /** The file store (local directory or S3) refused or could not be reached. */
  storage_unavailable: {
    status: 503,
    vi: 'Kho lưu trữ tệp tạm thời không truy cập được',
    en: 'File storage is unavailable',
  },
  /** No valid session or token was presented. */
  unauthenticated: { status: 401, vi: 'Vui lòng đăng nhập', en: 'Please sign in' },
  /** Wrong user name or password (never says which). */
  invalid_credentials: {
    status: 401,
    vi: 'Sai tên đăng nhập hoặc mật khẩu',
    en: 'Wrong user name or password',
  },
  /** Too many failed sign-ins: the account is locked for a while. */
  account_locked: {
    status: 423,
    vi: 'Tài khoản tạm khóa do đăng nhập sai nhiều lần',
    en: 'Account temporarily locked after repeated failures',
  },
  /** The one-time code is wrong, used or expired. */
  otp_invalid: {
    status: 401,
    vi: 'Mã xác thực không đúng hoặc đã hết hạn',
    en: 'The one-time code is wrong or expired',
  },
  /** A state-changing request came without the session's CSRF token. */
  csrf_invalid: {
    status: 403,
    vi: 'Phiên làm việc không hợp lệ, vui lòng tải lại trang',
    en: 'Invalid CSRF token, reload the page',
  },
  /** An index indicator has no data in this system yet (none of the default framework); details give the reason. */
  indicator_no_data: {
    status: 422,
    vi: 'Chỉ tiêu này chưa có dữ liệu trong hệ thống',
    en: 'This indicator has no data in the system yet',
  },
  /** The actor may not do this to this object. */
  forbidden: {
    status: 403,
    vi: 'Bạn không có quyền thực hiện thao tác này',
    en: 'You may not do this',
  },
  /** Nothing found (also answered for objects the caller may not see). */
  not_found: { status: 404, vi: 'Không tìm thấy', en: 'Not found' },
  /** The object changed since the caller read it (stale version). */
  version_conflict: {
    status: 409,
    vi: 'Dữ liệu đã thay đổi, vui lòng tải lại',
    en: 'The record changed; reload and try again',
  },
  /** A unique value (code, user name) is already taken. */
  already_exists: { status: 409, vi: 'Đã tồn tại', en: 'Already exists' },
  /** The transition is not allowed from the object's current state. */
  transition_not_allowed: {
    status: 409,
    vi: 'Không thể thực hiện bước này ở trạng thái hiện tại',
    en: 'This step is not allowed in the current state',
  },
  /** A rule of the procedure or the law refuses the operation (details say which). */
  rule_violation: {
    status: 422,
    vi: 'Thao tác vi phạm quy định',
    en: 'The operation breaks a rule',
  },
  /** A payment gateway's answer failed its signature or merchant check. */
  payment_signature_invalid: {
    status: 400,
    vi: 'Chữ ký của cổng thanh toán không hợp lệ',
    en: 'Invalid payment gateway signature',
  },
  /** The amount the gateway reports differs from the amount of the order. */
  payment_amount_mismatch: {
    status: 422,
    vi: 'Số tiền thanh toán không khớp với lệ phí',
    en: 'The paid amount does not match the fee',
  },
  // Governance registers (src/modules/registers): initiatives, inspections, remediation plans.
  /** A register item (initiative, inspection, recommendation, plan, task) is unknown or outside the caller's units. */
  register_item_not_found: {
    status: 404,
    vi: 'Không tìm thấy mục trong sổ theo dõi',
    en: 'Register item not found',
  },
  /** The step is not allowed in the register item's current state (details give state and step). */
  register_state_invalid: {
    status: 409,
    vi: 'Không thể thực hiện bước này ở trạng thái hiện tại của mục',
    en: 'This step is not allowed in the item’s current state',
  },
  /** An inspection cannot be concluded without a complete conclusion, notice or minutes (details list what is missing). */
  inspection_conclusion_required: {
    status: 422,
    vi: 'Cuộc thanh tra, kiểm tra phải kết thúc bằng kết luận, thông báo hoặc biên bản đầy đủ',
    en: 'An inspection must end in a complete conclusion, notice or minutes',
  },
  /** A unit named in a register item is unknown in the tenant or outside the caller's units. */
  register_unit_invalid: {
    status: 422,
    vi: 'Đơn vị không hợp lệ hoặc ngoài phạm vi của bạn',
    en: 'Unknown unit, or a unit outside your scope',
  },
  /** Withdrawing a register record entered by mistake needs a written reason (registers). */
  register_withdraw_reason_required: {
    status: 422,
    vi: 'Cần ghi rõ lý do rút mục khỏi sổ theo dõi',
    en: 'A written reason is required to withdraw the record',
  },
  // Governance registers (src/modules/registers): restoring a withdrawn record.
  /** Restoring a register record that is not withdrawn (it is in the register already). */
  register_not_withdrawn: {
    status: 409,
    vi: 'Mục này không bị rút khỏi sổ nên không cần khôi phục',
    en: 'The record is not withdrawn, so there is nothing to restore',
  },
  /** Restoring a withdrawn register record needs a written reason. */
  register_restore_reason_required: {
    status: 422,
    vi: 'Cần ghi rõ lý do khôi phục mục vào sổ theo dõi',
    en: 'A written reason is required to restore the record',
  },
  /** Too many requests from this client. */
  rate_limited: {
    status: 429,
    vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau',
    en: 'Too many requests, try again later',
  },
  /** A backup file is not a Một Cửa backup of this engine, or is truncated or corrupt. */
  backup_invalid: {
    status: 422,
    vi: 'Tệp sao lưu không hợp lệ, bị cắt cụt hoặc hỏng',
    en: 'The backup file is invalid, truncated or corrupt',
  },
  /** pg_dump or pg_restore was not found (in PG_BIN, PATH or Debian's /usr/lib/postgresql). */
  backup_tool_missing: {
    status: 503,
    vi: 'Không tìm thấy công cụ sao lưu của PostgreSQL',
    en: 'The PostgreSQL backup tool was not found',
  },
  /** The backup or restore tool failed for another reason; details carry its message. */
  backup_failed: {
    status: 500,
    vi: 'Sao lưu hoặc khôi phục không thành công',
    en: 'The backup or restore failed',
  },
  /** The restore target already holds data and --force was not given. */
  restore_target_not_empty: {
    status: 409,
    vi: 'Nơi khôi phục đã có dữ liệu',
    en: 'The restore target already holds data',
  },
  /** The target PostgreSQL database has other sessions (a running server): stop them first. */
  restore_target_busy: {
    status: 409,
    vi: 'Cơ sở dữ liệu đích đang được sử dụng',
    en: 'The target database is in use',
  },
  /** The embedded data directory is used by another process. */
  data_dir_locked: {
    status: 503,
    vi: 'Thư mục dữ liệu đang được tiến trình khác sử dụng',
    en: 'The data directory is in use by another process',
  },
  /** A setting (option or environment variable) has a value the server cannot run with. */
  config_invalid: {
    status: 500,
    vi: 'Cấu hình không hợp lệ',
    en: 'Invalid configuration',
  },
  // Public information (src/modules/publicinfo): hotlines and citizen-reception schedules.
  /** No hotline with this id in the tenant. */
  hotline_not_found: { status: 404, vi: 'Không tìm thấy đường dây nóng', en: 'Hotline not found' },
  /** No citizen-reception session with this id in the tenant. */
  reception_session_not_found: {
    status: 404,
    vi: 'Không tìm thấy buổi tiếp công dân',
    en: 'Citizen-reception session not found',
  },
  /** The session's state does not allow this (only a scheduled session changes, is edited or deleted; an outcome is recorded from the session's day; a session that replaces a moved one is not deleted). */
  reception_state_invalid: {
    status: 409,
    vi: 'Trạng thái buổi tiếp công dân không cho phép thao tác này',
    en: 'The session’s state does not allow this',
  },
  /** A recurrence rule could not be read; details name the problem (docs/public-information.md). */
  reception_rule_invalid: {
    status: 400,
    vi: 'Quy tắc lặp lịch tiếp công dân không hợp lệ',
    en: 'Invalid reception recurrence rule',
  },
  /** Cancelling a session needs a reason, which the public schedule shows. */
  reception_cancel_reason_required: {
    status: 400,
    vi: 'Cần nêu lý do hủy buổi tiếp công dân',
    en: 'A reason is required to cancel the session',
  },
  /** The unit is outside the units the caller manages public information for. */
  publicinfo_unit_out_of_scope: {
    status: 403,
    vi: 'Đơn vị nằm ngoài phạm vi bạn được quản lý',
    en: 'The unit is outside the units you manage',
  },
  // Public information (src/modules/publicinfo): quarterly statistics, restoring deleted items.
  /** A statistics period is not valid: year 2000–2100, quarter 1–4 (details.problems name each bad part). */
  reception_stats_period_invalid: {
    status: 400,
    vi: 'Kỳ thống kê không hợp lệ: năm từ 2000 đến 2100, quý từ 1 đến 4',
    en: 'Invalid statistics period: a year 2000–2100 and a quarter 1–4',
  },
  /** Restoring a hotline or reception session that is not deleted (someone restored it already). */
  publicinfo_not_deleted: {
    status: 409,
    vi: 'Mục này không ở trong danh sách đã xóa',
    en: 'This item is not deleted',
  },
  // Annual CCHC index (src/modules/annual, docs/annual-index.md).
  /** An annual index framework (JSON) breaks a rule; details list each problem with its path. */
  annual_framework_invalid: {
    status: 400,
    vi: 'Bộ chỉ số CCHC năm không hợp lệ',
    en: 'Invalid annual index framework',
  },
  /** The annual cycle is not in the state this step needs (details: state, expected). */
  annual_wrong_state: {
    status: 409,
    vi: 'Kỳ đánh giá chỉ số CCHC không ở bước cho phép thao tác này',
    en: 'The annual index cycle is not at the step this needs',
  },
  /** The deadline of the step (self-assessment or contest) has passed, or a new one is in the past. */
  annual_deadline_passed: {
    status: 409,
    vi: 'Đã quá hạn của bước này',
    en: 'The deadline of this step has passed',
  },
  /** Points outside 0..the sub-criterion's maximum (or with more than 2 decimals). */
  annual_score_out_of_range: {
    status: 422,
    vi: 'Điểm vượt quá khung điểm của tiêu chí',
    en: 'Points outside the range of the sub-criterion',
  },
  /** Changing a self score or answering a contest needs a written reason. */
  annual_reason_required: {
    status: 422,
    vi: 'Cần ghi rõ lý do',
    en: 'A written reason is required',
  },
  /** The unit's self-assessment was submitted and can no longer be changed. */
  annual_already_submitted: {
    status: 409,
    vi: 'Đơn vị đã nộp bản tự đánh giá',
    en: 'The self-assessment was already submitted',
  },
  /** Final results wait until every contest is answered (details: open). */
  annual_contests_pending: {
    status: 409,
    vi: 'Còn kiến nghị về kết quả chưa được trả lời',
    en: 'Some contests are still unanswered',
  },
  /** The database is not reachable or not migrated. */
  not_ready: { status: 503, vi: 'Hệ thống chưa sẵn sàng', en: 'Not ready' },
  /** An unexpected failure; the log has the details under the request id. */
  internal: { status: 500, vi: 'Lỗi hệ thống', en: 'Internal error' },
} as const satisfies Record<string, { status: number; vi: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
export type Lang = 'vi' | 'en';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(
    code: ErrorCode,
    options: { message?: string; details?: unknown; cause?: unknown } = {},
  ) {
    super(options.message ?? ERRORS[code].en, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** The wire shape of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string };
}

/**
 * Builds the response body for an error in the caller's language. A message given at the throw
 * site (English, for operators) is sent only as `details.reason` when it differs from the
 * catalogue text, so users always read the translated sentence.
 */
export function toErrorBody(error: AppError, lang: Lang, requestId?: string): ErrorBody {
  const entry = ERRORS[error.code];
  const reason = error.message !== entry.en ? error.message : undefined;
  const details =
    reason === undefined
      ? error.details
      : {
          reason,
          ...(typeof error.details === 'object' && error.details !== null ? error.details : {}),
        };
  return {
    error: {
      code: error.code,
      message: entry[lang],
      ...(details === undefined ? {} : { details }),
      ...(requestId ? { requestId } : {}),
    },
  };
}
