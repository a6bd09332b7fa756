import { IndicesError } from './errors.js';
import type { LocalizedText } from './format.js';

/**
 * The formulas the system knows how to count. A framework names one per indicator; the
 * database-backed index module implements each as a query that returns numerator and denominator.
 * A framework loaded from JSON may only use these, so a typo cannot silently score nothing.
 */
export const SERVICE_INDEX_FORMULA_IDS = [
  'procedures_announced_on_time',
  'procedures_published_on_time',
  'procedures_published_complete',
  'dossiers_synced_to_portal',
  'dossiers_on_time',
  'dossiers_full_online',
  'procedures_offering_online',
  'online_services_used',
  'channel_mix_online_share',
  'fee_procedures_offering_online_payment',
  'fee_procedures_paid_online',
  'dossiers_paid_online',
  'dossiers_electronic_result',
  'dossiers_digitised',
  'electronic_certified_copies',
  'dossiers_reusing_data',
  'dossiers_citizen_data_store',
  'procedures_population_database',
  'dossiers_population_data_or_vneid',
  'feedback_on_time',
  'feedback_satisfaction',
  'dossier_satisfaction',
] as const;

export type FormulaId = (typeof SERVICE_INDEX_FORMULA_IDS)[number];

/** One indicator of the real-time service index (Decision 766/QĐ-TTg). */
export interface ServiceIndicator {
  /** "2.1": group number, dot, indicator number. */
  id: string;
  name: LocalizedText;
  /** A few words for sentences and charts ("Hồ sơ đúng hạn"); falls back to `name`. */
  shortName?: LocalizedText;
  /** Points at stake; 0 for indicators shown beside the index without points. */
  maxPoints: number;
  /** Rate (percent) at which the full points are earned; 100 unless the decision says otherwise. */
  threshold: number;
  formulaId: FormulaId;
  /** False for 3.2, 3.3 and the channel mix: shown with 0 points, never in the total. */
  scored: boolean;
  numerator: LocalizedText;
  denominator: LocalizedText;
}

/** A group of indicators with its maximum (the six groups of Decision 766). */
export interface ServiceIndicatorGroup {
  /** "1".."6". */
  id: string;
  name: LocalizedText;
  maxPoints: number;
  indicators: ServiceIndicator[];
}

/**
 * A versioned framework stored as data, so a corrected transcription or a later decision can be
 * loaded without a code change. Scores computed under one version stay tied to it.
 */
export interface ServiceIndexFramework {
  id: string;
  version: number;
  name: LocalizedText;
  /** ISO date (YYYY-MM-DD) from which this version applies. */
  effectiveFrom: string;
  /** The total all groups add up to; 100 for Decision 766. */
  maxPoints: number;
  groups: ServiceIndicatorGroup[];
}

/** Default threshold when the decision states none (DOMAIN §6: "T = 100% unless stated"). */
export const DEFAULT_THRESHOLD = 100;

type IndicatorInput = Omit<ServiceIndicator, 'threshold' | 'scored'> & {
  threshold?: number;
  scored?: boolean;
};

function indicator(input: IndicatorInput): ServiceIndicator {
  return {
    ...input,
    threshold: input.threshold ?? DEFAULT_THRESHOLD,
    scored: input.scored ?? true,
  };
}

/**
 * The real-time index of service to citizens and businesses, Decision 766/QĐ-TTg (23 June 2022),
 * as transcribed in DOMAIN §6: six groups of 18, 20, 12, 10, 22 and 18 points. The channel mix
 * has no number in the published structure; "3.4" is this project's id for it.
 */
export const DEFAULT_SERVICE_INDEX_FRAMEWORK: ServiceIndexFramework = {
  id: 'qd766',
  version: 1,
  name: {
    vi: 'Bộ chỉ số phục vụ người dân, doanh nghiệp theo thời gian thực (Quyết định 766/QĐ-TTg)',
    en: 'Real-time index of service to citizens and businesses (Decision 766/QĐ-TTg)',
  },
  effectiveFrom: '2022-06-23',
  maxPoints: 100,
  groups: [
    {
      id: '1',
      name: { vi: 'Công khai, minh bạch', en: 'Transparency' },
      maxPoints: 18,
      indicators: [
        indicator({
          id: '1.1',
          name: {
            vi: 'Công bố thủ tục hành chính đúng hạn',
            en: 'Procedures announced on time',
          },
          shortName: { vi: 'Công bố đúng hạn', en: 'Announced on time' },
          maxPoints: 6,
          formulaId: 'procedures_announced_on_time',
          numerator: {
            vi: 'Số TTHC công bố đúng hạn (ít nhất 5 ngày làm việc trước ngày văn bản quy định có hiệu lực)',
            en: 'Procedures announced at least 5 working days before their legal basis takes effect',
          },
          denominator: {
            vi: 'Số TTHC công bố trong kỳ',
            en: 'Procedures announced in the period',
          },
        }),
        indicator({
          id: '1.2',
          name: {
            vi: 'Công khai thủ tục hành chính đúng hạn',
            en: 'Procedures published on time',
          },
          shortName: { vi: 'Công khai đúng hạn', en: 'Published on time' },
          maxPoints: 4,
          formulaId: 'procedures_published_on_time',
          numerator: {
            vi: 'Số TTHC công khai chậm nhất 5 ngày làm việc sau khi công bố',
            en: 'Procedures published at most 5 working days after announcement',
          },
          denominator: { vi: 'Số TTHC được công bố', en: 'Procedures announced' },
        }),
        indicator({
          id: '1.3',
          name: {
            vi: 'Công khai thủ tục hành chính đầy đủ các thành phần',
            en: 'Procedures published with all components',
          },
          shortName: { vi: 'Công khai đầy đủ', en: 'Published in full' },
          maxPoints: 2,
          formulaId: 'procedures_published_complete',
          numerator: {
            vi: 'Số TTHC công khai đủ: tên, trình tự, cách thức, thành phần hồ sơ, thời hạn, đối tượng, cơ quan, phí, kết quả',
            en: 'Procedures published with name, steps, channels, components, time limit, applicant, agency, fee and result',
          },
          denominator: { vi: 'Số TTHC đã công khai', en: 'Procedures published' },
        }),
        indicator({
          id: '1.4',
          name: {
            vi: 'Hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia',
            en: 'Dossiers synced to the National Public Service Portal',
          },
          shortName: { vi: 'Đồng bộ hồ sơ', en: 'Dossiers synced' },
          maxPoints: 6,
          formulaId: 'dossiers_synced_to_portal',
          numerator: {
            vi: 'Số hồ sơ đã đồng bộ lên Cổng DVCQG',
            en: 'Dossiers synced to the national portal',
          },
          denominator: { vi: 'Số hồ sơ tiếp nhận trong kỳ', en: 'Dossiers received in the period' },
        }),
      ],
    },
    {
      id: '2',
      name: { vi: 'Tiến độ giải quyết', en: 'Progress' },
      maxPoints: 20,
      indicators: [
        indicator({
          id: '2.1',
          name: {
            vi: 'Hồ sơ giải quyết trước hạn, đúng hạn hoặc đang giải quyết trong hạn',
            en: 'Dossiers finished early or on time, or in progress within time',
          },
          shortName: { vi: 'Hồ sơ đúng hạn', en: 'Dossiers on time' },
          maxPoints: 20,
          formulaId: 'dossiers_on_time',
          numerator: {
            vi: 'Số hồ sơ giải quyết trước hạn + đúng hạn + đang giải quyết trong hạn',
            en: 'Dossiers finished early + on time + in progress within time',
          },
          denominator: {
            vi: 'Số hồ sơ tiếp nhận hoặc giải quyết trong kỳ',
            en: 'Dossiers received or processed in the period',
          },
        }),
      ],
    },
    {
      id: '3',
      name: { vi: 'Dịch vụ trực tuyến', en: 'Online service' },
      maxPoints: 12,
      indicators: [
        indicator({
          id: '3.1',
          name: {
            vi: 'Hồ sơ trực tuyến toàn trình',
            en: 'Full-online dossiers',
          },
          shortName: { vi: 'Hồ sơ toàn trình', en: 'Full-online dossiers' },
          maxPoints: 12,
          threshold: 50,
          formulaId: 'dossiers_full_online',
          numerator: {
            vi: 'Số hồ sơ nộp trực tuyến (kênh 2) có kết quả điện tử khi thủ tục có kết quả giấy tờ',
            en: 'Dossiers received online (channel 2) with an electronic result where the procedure has a result document',
          },
          denominator: {
            vi: 'Số hồ sơ tiếp nhận của các TTHC cung cấp dịch vụ công trực tuyến toàn trình',
            en: 'Dossiers received for procedures offered fully online',
          },
        }),
        indicator({
          id: '3.2',
          name: {
            vi: 'Thủ tục hành chính cung cấp dịch vụ trực tuyến',
            en: 'Procedures offering online service',
          },
          shortName: { vi: 'TTHC trực tuyến', en: 'Procedures online' },
          maxPoints: 0,
          threshold: 80,
          scored: false,
          formulaId: 'procedures_offering_online',
          numerator: {
            vi: 'Số TTHC cung cấp dịch vụ công trực tuyến',
            en: 'Procedures offering online service',
          },
          denominator: { vi: 'Số TTHC có phát sinh hồ sơ', en: 'Procedures handled' },
        }),
        indicator({
          id: '3.3',
          name: {
            vi: 'Dịch vụ trực tuyến có phát sinh hồ sơ',
            en: 'Online services with at least one online dossier',
          },
          shortName: { vi: 'DVC có hồ sơ', en: 'Online services used' },
          maxPoints: 0,
          scored: false,
          formulaId: 'online_services_used',
          numerator: {
            vi: 'Số dịch vụ trực tuyến có ít nhất một hồ sơ trực tuyến',
            en: 'Online services with at least one online dossier',
          },
          denominator: { vi: 'Số dịch vụ trực tuyến', en: 'Online services' },
        }),
        indicator({
          id: '3.4',
          name: {
            vi: 'Tỷ lệ hồ sơ theo kênh tiếp nhận (trực tiếp, trực tuyến, bưu chính)',
            en: 'Channel mix (in person, online, post)',
          },
          shortName: { vi: 'Hồ sơ trực tuyến', en: 'Online share' },
          maxPoints: 0,
          scored: false,
          formulaId: 'channel_mix_online_share',
          numerator: {
            vi: 'Số hồ sơ nộp trực tuyến (kênh 2); tỷ lệ trực tiếp và bưu chính hiển thị kèm',
            en: 'Dossiers received online (channel 2); in-person and postal shares shown beside',
          },
          denominator: { vi: 'Số hồ sơ tiếp nhận trong kỳ', en: 'Dossiers received in the period' },
        }),
      ],
    },
    {
      id: '4',
      name: { vi: 'Thanh toán trực tuyến', en: 'Online payment' },
      maxPoints: 10,
      indicators: [
        indicator({
          id: '4.1',
          name: {
            vi: 'TTHC có phí, lệ phí cung cấp thanh toán trực tuyến',
            en: 'Procedures with fees that offer online payment',
          },
          shortName: { vi: 'TTHC có thanh toán trực tuyến', en: 'Online payment offered' },
          maxPoints: 2,
          threshold: 80,
          formulaId: 'fee_procedures_offering_online_payment',
          numerator: {
            vi: 'Số TTHC có phí, lệ phí cung cấp thanh toán trực tuyến',
            en: 'Procedures with fees that offer online payment',
          },
          denominator: { vi: 'Số TTHC có phí, lệ phí', en: 'Procedures with fees' },
        }),
        indicator({
          id: '4.2',
          name: {
            vi: 'TTHC có phí, lệ phí phát sinh thanh toán trực tuyến',
            en: 'Procedures with fees that had an online payment',
          },
          shortName: { vi: 'TTHC phát sinh thanh toán', en: 'Online payment used' },
          maxPoints: 2,
          threshold: 80,
          formulaId: 'fee_procedures_paid_online',
          numerator: {
            vi: 'Số TTHC có phí, lệ phí có ít nhất một giao dịch thanh toán trực tuyến thành công trong kỳ',
            en: 'Procedures with fees that had at least one successful online payment in the period',
          },
          denominator: { vi: 'Số TTHC có phí, lệ phí', en: 'Procedures with fees' },
        }),
        indicator({
          id: '4.3',
          name: {
            vi: 'Hồ sơ thanh toán trực tuyến',
            en: 'Dossiers paid online',
          },
          shortName: { vi: 'Hồ sơ thanh toán trực tuyến', en: 'Dossiers paid online' },
          maxPoints: 6,
          formulaId: 'dossiers_paid_online',
          numerator: {
            vi: 'Số hồ sơ thanh toán trực tuyến thành công',
            en: 'Dossiers with a successful online payment',
          },
          denominator: {
            vi: 'Số hồ sơ có phí, lệ phí khác 0',
            en: 'Dossiers with a non-zero fee',
          },
        }),
      ],
    },
    {
      id: '5',
      name: { vi: 'Mức độ số hóa hồ sơ', en: 'Digitisation' },
      maxPoints: 22,
      indicators: [
        indicator({
          id: '5.1',
          name: { vi: 'Hồ sơ cấp kết quả điện tử', en: 'Dossiers with an electronic result' },
          shortName: { vi: 'Kết quả điện tử', en: 'Electronic results' },
          maxPoints: 6,
          formulaId: 'dossiers_electronic_result',
          numerator: {
            vi: 'Số hồ sơ được cấp kết quả điện tử',
            en: 'Dossiers with an electronic result',
          },
          denominator: {
            vi: 'Số hồ sơ của TTHC có kết quả giấy tờ',
            en: 'Dossiers whose procedure has a result document',
          },
        }),
        indicator({
          id: '5.2',
          name: { vi: 'Hồ sơ được số hóa', en: 'Digitised dossiers' },
          shortName: { vi: 'Số hóa hồ sơ', en: 'Digitised dossiers' },
          maxPoints: 4,
          threshold: 80,
          formulaId: 'dossiers_digitised',
          numerator: {
            vi: 'Số hồ sơ được số hóa thành phần và có kết quả điện tử khi cần',
            en: 'Dossiers with digitised components and an electronic result where needed',
          },
          denominator: { vi: 'Số hồ sơ', en: 'Dossiers' },
        }),
        indicator({
          id: '5.3',
          name: { vi: 'Cấp bản sao điện tử chứng thực', en: 'Electronic certified copies' },
          shortName: { vi: 'Chứng thực điện tử', en: 'Electronic certification' },
          maxPoints: 2,
          formulaId: 'electronic_certified_copies',
          numerator: {
            vi: 'Số hồ sơ chứng thực cấp bản sao điện tử',
            en: 'Certification dossiers with an electronic certified copy',
          },
          denominator: { vi: 'Số hồ sơ chứng thực', en: 'Certification dossiers' },
        }),
        indicator({
          id: '5.4',
          name: { vi: 'Tái sử dụng dữ liệu số hóa', en: 'Reuse of digitised data' },
          shortName: { vi: 'Tái sử dụng dữ liệu', en: 'Data reuse' },
          maxPoints: 2,
          threshold: 80,
          formulaId: 'dossiers_reusing_data',
          numerator: {
            vi: 'Số hồ sơ có ít nhất một thành phần tái sử dụng dữ liệu',
            en: 'Dossiers with at least one reused component',
          },
          denominator: { vi: 'Số hồ sơ', en: 'Dossiers' },
        }),
        indicator({
          id: '5.5',
          name: {
            vi: 'Khai thác, trả kết quả vào kho dữ liệu của công dân',
            en: "Data taken from or results sent to the citizen's data store",
          },
          shortName: { vi: 'Kho dữ liệu công dân', en: 'Citizen data store' },
          maxPoints: 4,
          formulaId: 'dossiers_citizen_data_store',
          numerator: {
            vi: 'Số hồ sơ lấy dữ liệu từ hoặc trả kết quả vào kho dữ liệu của công dân',
            en: "Dossiers taking data from or sending results to the citizen's data store",
          },
          denominator: { vi: 'Số hồ sơ', en: 'Dossiers' },
        }),
        indicator({
          id: '5.6',
          name: {
            vi: 'TTHC kết nối Cơ sở dữ liệu quốc gia về dân cư',
            en: 'Procedures connected to the population database',
          },
          shortName: { vi: 'TTHC kết nối dân cư', en: 'Population database link' },
          maxPoints: 2,
          formulaId: 'procedures_population_database',
          numerator: {
            vi: 'Số TTHC kết nối, khai thác CSDL quốc gia về dân cư',
            en: 'Procedures connected to the population database',
          },
          denominator: {
            vi: 'Số TTHC có đối tượng là cá nhân',
            en: 'Procedures whose applicants are individuals',
          },
        }),
        indicator({
          id: '5.7',
          name: {
            vi: 'Hồ sơ sử dụng dữ liệu dân cư hoặc tài khoản VNeID',
            en: 'Dossiers using population data or a VNeID-verified account',
          },
          shortName: { vi: 'Dữ liệu dân cư, VNeID', en: 'Population data, VNeID' },
          maxPoints: 2,
          formulaId: 'dossiers_population_data_or_vneid',
          numerator: {
            vi: 'Số hồ sơ khai thác dữ liệu dân cư hoặc nộp bằng tài khoản định danh VNeID',
            en: 'Dossiers using population-database data or a VNeID-verified account',
          },
          denominator: { vi: 'Số hồ sơ', en: 'Dossiers' },
        }),
      ],
    },
    {
      id: '6',
      name: { vi: 'Mức độ hài lòng', en: 'Satisfaction' },
      maxPoints: 18,
      indicators: [
        indicator({
          id: '6.1',
          name: {
            vi: 'Phản ánh, kiến nghị được xử lý đúng hạn',
            en: 'Feedback handled on time',
          },
          shortName: { vi: 'PAKN đúng hạn', en: 'Feedback on time' },
          maxPoints: 6,
          formulaId: 'feedback_on_time',
          numerator: {
            vi: 'Số PAKN xử lý đúng hạn (từ chối 2, đề nghị bổ sung 5, trả lời 15, công khai 2 ngày làm việc)',
            en: 'Feedback handled on time (reject 2, ask for more 5, answer 15, publish 2 working days)',
          },
          denominator: { vi: 'Số PAKN phải xử lý trong kỳ', en: 'Feedback due in the period' },
        }),
        indicator({
          id: '6.2',
          name: {
            vi: 'Mức độ hài lòng về xử lý phản ánh, kiến nghị',
            en: 'Satisfaction with feedback handling',
          },
          shortName: { vi: 'Hài lòng xử lý PAKN', en: 'Feedback satisfaction' },
          maxPoints: 6,
          formulaId: 'feedback_satisfaction',
          numerator: {
            vi: 'Số PAKN tiếp nhận lần đầu trong kỳ trừ số PAKN không thích nhiều hơn thích, quá hạn hoặc bị phản ánh lại (mỗi PAKN tính một lần)',
            en: 'Feedback first received in the period minus those disliked more than liked, overdue or complained about again (each once)',
          },
          denominator: {
            vi: 'Số PAKN tiếp nhận lần đầu trong kỳ',
            en: 'Feedback first received in the period',
          },
        }),
        indicator({
          id: '6.3',
          name: {
            vi: 'Mức độ hài lòng trong tiếp nhận, giải quyết hồ sơ',
            en: 'Satisfaction with dossier handling',
          },
          shortName: { vi: 'Hài lòng giải quyết hồ sơ', en: 'Dossier satisfaction' },
          maxPoints: 6,
          threshold: 90,
          formulaId: 'dossier_satisfaction',
          numerator: {
            vi: 'Số hồ sơ trừ số hồ sơ trễ hạn trừ số hồ sơ bị phản ánh hoặc đánh giá không hài lòng (không nhỏ hơn 0): tỷ lệ = 100% − (tỷ lệ trễ hạn + tỷ lệ bị phản ánh, không hài lòng)',
            en: 'Dossiers minus late dossiers minus dossiers with a complaint or negative rating (at least 0): rate = 100% − (late rate + complaint or negative rate)',
          },
          denominator: { vi: 'Số hồ sơ trong kỳ', en: 'Dossiers in the period' },
        }),
      ],
    },
  ],
};

/** A problem found by {@link validateFramework}, with a JSON-path-like location. */
export interface FrameworkIssue {
  path: string;
  message: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isLocalized(value: unknown): value is LocalizedText {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['vi'] === 'string' && v['vi'] !== '' && typeof v['en'] === 'string' && v['en'] !== ''
  );
}

function isPoints(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Points are summed and compared exactly, so compare in hundredths to dodge 0.1 + 0.2. */
function sameHundredths(a: number, b: number): boolean {
  return Math.round(a * 100) === Math.round(b * 100);
}

/**
 * Checks a framework, typically one loaded from JSON: shape, unique group and indicator ids,
 * known formula ids, thresholds in (0, 100], unscored indicators worth 0 points, the maxima of
 * each group's scored indicators adding up to the group's maximum, and the groups adding up to the
 * framework's maximum (100 for Decision 766/QĐ-TTg, DOMAIN §6). Returns every issue; empty means
 * valid. Never throws.
 */
export function validateFramework(input: unknown): FrameworkIssue[] {
  const issues: FrameworkIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (typeof input !== 'object' || input === null) {
    add('$', 'framework must be an object');
    return issues;
  }
  const fw = input as Record<string, unknown>;
  if (typeof fw['id'] !== 'string' || fw['id'] === '') add('$.id', 'id must be a non-empty string');
  if (!Number.isInteger(fw['version']) || (fw['version'] as number) < 1) {
    add('$.version', 'version must be a positive integer');
  }
  if (!isLocalized(fw['name'])) add('$.name', 'name must have non-empty vi and en');
  if (typeof fw['effectiveFrom'] !== 'string' || !ISO_DATE.test(fw['effectiveFrom'])) {
    add('$.effectiveFrom', 'effectiveFrom must be a YYYY-MM-DD date');
  }
  if (!isPoints(fw['maxPoints']) || fw['maxPoints'] === 0) {
    add('$.maxPoints', 'maxPoints must be a positive number');
  }
  if (!Array.isArray(fw['groups']) || fw['groups'].length === 0) {
    add('$.groups', 'groups must be a non-empty array');
    return issues;
  }
  const groupIds = new Set<string>();
  const indicatorIds = new Set<string>();
  let groupSum = 0;
  fw['groups'].forEach((rawGroup: unknown, gi: number) => {
    const gPath = `$.groups[${gi}]`;
    if (typeof rawGroup !== 'object' || rawGroup === null) {
      add(gPath, 'group must be an object');
      return;
    }
    const group = rawGroup as Record<string, unknown>;
    const gid = group['id'];
    if (typeof gid !== 'string' || gid === '') add(`${gPath}.id`, 'id must be a non-empty string');
    else if (groupIds.has(gid)) add(`${gPath}.id`, `duplicate group id ${gid}`);
    else groupIds.add(gid);
    if (!isLocalized(group['name'])) add(`${gPath}.name`, 'name must have non-empty vi and en');
    const gMax = group['maxPoints'];
    if (!isPoints(gMax)) add(`${gPath}.maxPoints`, 'maxPoints must be a number ≥ 0');
    else groupSum += gMax;
    if (!Array.isArray(group['indicators']) || group['indicators'].length === 0) {
      add(`${gPath}.indicators`, 'indicators must be a non-empty array');
      return;
    }
    let indicatorSum = 0;
    group['indicators'].forEach((rawInd: unknown, ii: number) => {
      const iPath = `${gPath}.indicators[${ii}]`;
      if (typeof rawInd !== 'object' || rawInd === null) {
        add(iPath, 'indicator must be an object');
        return;
      }
      const ind = rawInd as Record<string, unknown>;
      const iid = ind['id'];
      if (typeof iid !== 'string' || iid === '')
        add(`${iPath}.id`, 'id must be a non-empty string');
      else if (indicatorIds.has(iid)) add(`${iPath}.id`, `duplicate indicator id ${iid}`);
      else indicatorIds.add(iid);
      for (const key of ['name', 'numerator', 'denominator'] as const) {
        if (!isLocalized(ind[key])) add(`${iPath}.${key}`, `${key} must have non-empty vi and en`);
      }
      if (ind['shortName'] !== undefined && !isLocalized(ind['shortName'])) {
        add(`${iPath}.shortName`, 'shortName must have non-empty vi and en');
      }
      const t = ind['threshold'];
      if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0 || t > 100) {
        add(`${iPath}.threshold`, 'threshold must be a percentage in (0, 100]');
      }
      if (!(SERVICE_INDEX_FORMULA_IDS as readonly unknown[]).includes(ind['formulaId'])) {
        add(`${iPath}.formulaId`, `unknown formulaId ${String(ind['formulaId'])}`);
      }
      if (typeof ind['scored'] !== 'boolean') add(`${iPath}.scored`, 'scored must be a boolean');
      const max = ind['maxPoints'];
      if (!isPoints(max)) {
        add(`${iPath}.maxPoints`, 'maxPoints must be a number ≥ 0');
      } else if (ind['scored'] === false && max !== 0) {
        add(`${iPath}.maxPoints`, 'an unscored indicator must have 0 points');
      } else if (ind['scored'] === true) {
        if (Math.abs(max * 100 - Math.round(max * 100)) > 1e-9) {
          add(`${iPath}.maxPoints`, 'maxPoints may have at most 2 decimals');
        }
        indicatorSum += max;
      }
    });
    if (isPoints(gMax) && !sameHundredths(indicatorSum, gMax)) {
      add(
        `${gPath}.maxPoints`,
        `scored indicators add up to ${indicatorSum}, group max is ${gMax}`,
      );
    }
  });
  if (isPoints(fw['maxPoints']) && !sameHundredths(groupSum, fw['maxPoints'])) {
    add('$.maxPoints', `groups add up to ${groupSum}, framework max is ${fw['maxPoints']}`);
  }
  return issues;
}

/**
 * Checks a framework loaded from JSON (see {@link validateFramework}) and returns it typed.
 * Throws `IndicesError('framework_invalid')` with the list of issues in `details`.
 */
export function parseFramework(input: unknown): ServiceIndexFramework {
  const issues = validateFramework(input);
  if (issues.length > 0) {
    throw new IndicesError(
      'framework_invalid',
      `invalid service-index framework: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
  }
  return input as ServiceIndexFramework;
}

/** Every indicator of a framework in order, each with its group id. */
export function listIndicators(
  framework: ServiceIndexFramework,
): Array<ServiceIndicator & { groupId: string }> {
  return framework.groups.flatMap((g) => g.indicators.map((i) => ({ ...i, groupId: g.id })));
}
