import type { Instant } from './format.js';

/**
 * Inputs of the seven forms of Circular 03/2025/TT-VPCP. Plain data (no database rows), so the
 * dossier module, the CLI and tests build them the same way. Times are Dates or ISO strings;
 * they are printed in Vietnam time.
 */

/** The heading of every form: the issuing body on the left, the place and date on the right. */
export interface FormHeader {
  /** The governing body, printed above the agency (e.g. "UBND TỈNH LAI CHÂU"); optional. */
  governingBody?: string;
  /** The issuing agency or one-stop desk (e.g. "Trung tâm Phục vụ hành chính công tỉnh"). */
  agencyName: string;
  /** The document number line, e.g. "125/PTN" (printed as "Số: 125/PTN"); optional. */
  documentNumber?: string;
  /** The place in the date line: the province or commune, e.g. "Lai Châu". */
  place: string;
  /** The date of the form. */
  issuedAt: Instant;
  /** The tenant (province) name, for the PDF metadata. */
  tenantName?: string;
}

export interface Applicant {
  /** A person's full name or an organisation's name. */
  name: string;
  kind?: 'individual' | 'organisation';
  /** Citizen ID (12 digits) or tax code. */
  idNumber?: string;
  address?: string;
  phone?: string;
  email?: string;
}

export interface Person {
  name: string;
  title?: string;
  unit?: string;
}

export interface ProcedureRef {
  /** National procedure code, e.g. "1.001234". */
  code?: string;
  name: string;
}

/** A document component received at the counter. */
export interface ReceivedComponent {
  name: string;
  /** "Bản chính", "Bản sao", "Bản sao có chứng thực", "Bản chụp", "Bản điện tử"… */
  form: string;
  copies: number;
}

export interface Fee {
  label: string;
  amount: number;
}

export type ResultDelivery =
  | { channel: 'counter'; place?: string }
  | { channel: 'post'; address: string }
  | { channel: 'electronic'; address?: string };

/** Form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface Form01ReceiptData {
  header: FormHeader;
  dossierCode: string;
  applicant: Applicant;
  procedure: ProcedureRef;
  /** 1 in person, 2 online, 3 public postal service. */
  channel: 1 | 2 | 3;
  components: ReceivedComponent[];
  /** How many sets (bộ) of the dossier; default 1. */
  sets?: number;
  /** The legal limit as a phrase, e.g. "05 ngày làm việc". */
  timeLimit: string;
  receivedAt: Instant;
  dueAt: Instant;
  fees: Fee[];
  /** Whether the fees were paid at reception (or online). */
  feesPaid?: boolean;
  resultDelivery: ResultDelivery;
  /** The public look-up page, e.g. "https://dichvucong.laichau.gov.vn/tra-cuu". */
  lookupUrl: string;
  /** The SMS look-up line, e.g. "Soạn TRACUU <mã hồ sơ> gửi 8xxx"; optional. */
  smsLookup?: string;
  /** Entry in the dossier register (Form 07). */
  register?: { book: string; seq: number };
  officer: Person;
}

/** One thing missing or to be corrected, stated once with what is needed. */
export interface MissingItem {
  item: string;
  detail?: string;
}

/** Form 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface Form02SupplementData {
  header: FormHeader;
  dossierCode?: string;
  applicant: Applicant;
  procedure: ProcedureRef;
  /** When the dossier (or request) was received. */
  receivedAt?: Instant;
  /** Everything missing, listed once (Decree 118/2025: a single written request). */
  missing: MissingItem[];
  /** Why the dossier cannot proceed as it is; optional. */
  reason?: string;
  /** Who to contact while completing the dossier. */
  contact: { name: string; phone?: string };
  /** During processing the legal clock pauses until the supplement arrives. */
  duringProcessing?: boolean;
  officer: Person;
}

/** Form 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface Form03RefusalData {
  header: FormHeader;
  applicant: Applicant;
  procedure: ProcedureRef;
  receivedAt?: Instant;
  reasons: string[];
  /** The legal basis of the refusal; optional. */
  legalBasis?: string;
  officer: Person;
}

/** Form 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả. */
export interface Form04ApologyData {
  header: FormHeader;
  dossierCode: string;
  applicant: Applicant;
  procedure: ProcedureRef;
  receivedAt: Instant;
  /** The promised date that will be missed. */
  dueAt: Instant;
  reason: string;
  /** The new date (set only once). */
  newDueAt: Instant;
  signer: Person;
  /** "Nơi nhận" lines; default: the applicant and the file. */
  recipients?: string[];
}

/** Form 05: Thông báo dừng / không giải quyết hồ sơ. */
export interface Form05StopData {
  header: FormHeader;
  dossierCode: string;
  applicant: Applicant;
  procedure: ProcedureRef;
  receivedAt: Instant;
  /** `stop`: processing is stopped; `refuse`: the request is not granted. */
  kind: 'stop' | 'refuse';
  reasons: string[];
  legalBasis?: string;
  /** What happens to fees and submitted papers, e.g. "Hoàn trả lệ phí 50.000 đồng". */
  settlement?: string;
  signer: Person;
  recipients?: string[];
}

/** One hand-over of the dossier between people or units (Form 06). */
export interface Handover {
  /** The step, e.g. "Chuyển hồ sơ đến cơ quan giải quyết", "Thẩm định". */
  step: string;
  from: Person;
  to: Person;
  at: Instant;
  /** When the step had to be done by (its time allotment); optional. */
  dueAt?: Instant;
  /** Computed from `at` and `dueAt` when absent. */
  outcome?: 'early' | 'on_time' | 'late';
  note?: string;
}

/** Form 06: Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface Form06ProcessControlData {
  header: FormHeader;
  dossierCode: string;
  applicant: Applicant;
  procedure: ProcedureRef;
  receivedAt: Instant;
  dueAt: Instant;
  /** The agency in charge and those consulted (liên thông). */
  leadAgency: string;
  coordinatingAgencies?: string[];
  handovers: Handover[];
}

/** One line of the dossier register (Form 07, and its .xlsx). */
export interface RegisterRow {
  code: string;
  procedure: string;
  sets?: number;
  applicant: string;
  /** Address and/or phone. */
  contact?: string;
  agency: string;
  receivedAt: Instant;
  dueAt: Instant;
  transferredAt?: Instant | null;
  /** When the result (or a supplement request) was ready. */
  resultAt?: Instant | null;
  returnedAt?: Instant | null;
  /** early | on_time | late | in_progress | in_progress_overdue */
  status?: 'early' | 'on_time' | 'late' | 'in_progress' | 'in_progress_overdue';
  note?: string;
}

/** Form 07: Sổ theo dõi hồ sơ. */
export interface Form07RegisterMeta {
  header: FormHeader;
  /** The unit whose register this is. */
  unitName: string;
  from: Instant;
  to: Instant;
  /** "Quyển số"; optional. */
  book?: string;
}
