import type {
  AnnualFramework,
  AutomaticMetric,
  AutomaticScoring,
  Criterion,
  Field,
  SubCriterion,
} from './framework.js';
import { DEFAULT_ANNUAL_BANDS } from './framework.js';

/*
 * A default framework for departments and communes, modelled on the 8 fields of Decision
 * 876/QĐ-BNV (PAR INDEX 2022–2030). The per-field maxima were not found (DOMAIN §7): the points
 * below are this project's configurable default, to be replaced by the province's own decision.
 * 1.3.3 reads the governance registers (an initiative filed in the year); its point was taken
 * from the self-assessed 1.3.2 (1.5 → 0.5), so criterion 1.3 keeps 3 points. Inspection
 * follow-up stays self-assessed here: a unit nobody inspected has no recommendation to close,
 * and an automatic sub-criterion without data scores 0 — a province that wants it adds
 * `inspection_recommendations_closed_on_time` to its own framework.
 * The same data ships as docs/annual-framework-default.json (a test keeps the two equal).
 */

const self = (id: string, vi: string, en: string, maxPoints: number): SubCriterion => ({
  id,
  name: { vi, en },
  maxPoints,
  method: 'self_assessed',
});
const survey = (id: string, vi: string, en: string, maxPoints: number): SubCriterion => ({
  id,
  name: { vi, en },
  maxPoints,
  method: 'survey',
});
const auto = (
  id: string,
  vi: string,
  en: string,
  maxPoints: number,
  metric: AutomaticMetric,
  scoring: AutomaticScoring,
): SubCriterion => ({ id, name: { vi, en }, maxPoints, method: 'automatic', metric, scoring });
const criterion = (id: string, vi: string, en: string, subcriteria: SubCriterion[]): Criterion => ({
  id,
  name: { vi, en },
  maxPoints: subcriteria.reduce((s, x) => s + x.maxPoints, 0),
  subcriteria,
});
const field = (id: string, vi: string, en: string, criteria: Criterion[]): Field => ({
  id,
  name: { vi, en },
  maxPoints: criteria.reduce((s, x) => s + x.maxPoints, 0),
  criteria,
});

export const DEFAULT_ANNUAL_FRAMEWORK: AnnualFramework = {
  name: {
    vi: 'Bộ chỉ số CCHC sở, ngành và cấp xã (mặc định, theo cấu trúc Quyết định 876/QĐ-BNV)',
    en: 'PAR index for departments and communes (default, structured after Decision 876/QĐ-BNV)',
  },
  unitKinds: ['department', 'commune', 'ward', 'special_zone'],
  bands: DEFAULT_ANNUAL_BANDS,
  fields: [
    field('1', 'Công tác chỉ đạo, điều hành CCHC', 'Direction and management of reform', [
      criterion('1.1', 'Kế hoạch CCHC năm', 'Annual reform plan', [
        self('1.1.1', 'Ban hành kế hoạch CCHC năm đúng thời hạn', 'Annual plan issued on time', 2),
        self('1.1.2', 'Mức độ hoàn thành kế hoạch CCHC', 'Share of the plan completed', 2),
      ]),
      criterion('1.2', 'Báo cáo và kiểm tra CCHC', 'Reporting and inspection', [
        self('1.2.1', 'Báo cáo CCHC đầy đủ, đúng hạn', 'Reports complete and on time', 1.5),
        self('1.2.2', 'Kiểm tra CCHC và xử lý sau kiểm tra', 'Inspections and follow-up', 1.5),
      ]),
      criterion('1.3', 'Tuyên truyền và sáng kiến CCHC', 'Communication and initiatives', [
        self('1.3.1', 'Tuyên truyền CCHC', 'Reform communication', 1.5),
        self('1.3.2', 'Sáng kiến, giải pháp mới trong CCHC', 'Reform initiatives', 0.5),
        auto(
          '1.3.3',
          'Có sáng kiến CCHC đăng ký trong năm',
          'A reform initiative filed in the year',
          1,
          'initiatives_filed',
          { kind: 'stepped', steps: [{ atLeast: 100, points: 1 }] },
        ),
      ]),
    ]),
    field('2', 'Xây dựng và tổ chức thực hiện văn bản QPPL', 'Legal documents (institutions)', [
      criterion('2.1', 'Xây dựng văn bản QPPL', 'Drafting legal documents', [
        self('2.1.1', 'Thực hiện kế hoạch xây dựng văn bản', 'Drafting plan carried out', 2),
        self('2.1.2', 'Chất lượng văn bản ban hành', 'Quality of documents issued', 2),
      ]),
      criterion('2.2', 'Rà soát, kiểm tra văn bản', 'Review of legal documents', [
        self('2.2.1', 'Rà soát, hệ thống hóa văn bản', 'Review and consolidation', 2),
        self('2.2.2', 'Kiểm tra việc thực hiện văn bản', 'Monitoring implementation', 2),
      ]),
    ]),
    field('3', 'Cải cách thủ tục hành chính', 'Administrative procedures', [
      criterion('3.1', 'Công khai thủ tục hành chính', 'Publication of procedures', [
        self('3.1.1', 'Công khai đầy đủ, đúng quy định TTHC', 'Procedures published in full', 4),
      ]),
      criterion('3.2', 'Kết quả giải quyết TTHC', 'Handling of dossiers', [
        auto(
          '3.2.1',
          'Tỷ lệ hồ sơ giải quyết đúng hạn',
          'Dossiers handled on time',
          6,
          'dossiers_on_time',
          {
            kind: 'linear',
            from: 70,
            to: 100,
          },
        ),
        self('3.2.2', 'Xin lỗi người dân khi trễ hạn', 'Apologies for late dossiers', 2),
        self('3.2.3', 'Rà soát, đơn giản hóa TTHC', 'Simplifying procedures', 2),
      ]),
      criterion('3.3', 'Tiếp nhận, xử lý phản ánh kiến nghị', 'Feedback handling', [
        auto(
          '3.3.1',
          'Tỷ lệ phản ánh kiến nghị xử lý đúng hạn',
          'Feedback handled on time',
          3,
          'feedback_on_time',
          {
            kind: 'linear',
            from: 50,
            to: 100,
          },
        ),
        self(
          '3.3.2',
          'Công khai kết quả xử lý phản ánh kiến nghị',
          'Answers to feedback published',
          3,
        ),
      ]),
    ]),
    field('4', 'Cải cách tổ chức bộ máy', 'Organisation of the apparatus', [
      criterion('4.1', 'Chức năng, nhiệm vụ, cơ cấu tổ chức', 'Functions and structure', [
        self(
          '4.1.1',
          'Quy định chức năng, nhiệm vụ đúng quy định',
          'Functions defined as required',
          2,
        ),
        self('4.1.2', 'Sắp xếp, tinh gọn tổ chức', 'Streamlining the organisation', 2),
      ]),
      criterion('4.2', 'Biên chế và phân cấp', 'Staffing and decentralisation', [
        self('4.2.1', 'Sử dụng biên chế được giao', 'Use of assigned staff quota', 2),
        self('4.2.2', 'Thực hiện phân cấp, ủy quyền', 'Delegation carried out', 2),
      ]),
    ]),
    field('5', 'Cải cách chế độ công vụ', 'Civil service', [
      criterion('5.1', 'Vị trí việc làm', 'Job positions', [
        self('5.1.1', 'Bố trí công chức theo vị trí việc làm', 'Staff placed by job position', 4),
      ]),
      criterion('5.2', 'Tuyển dụng, đánh giá', 'Recruitment and appraisal', [
        self(
          '5.2.1',
          'Tuyển dụng, đánh giá công chức đúng quy định',
          'Recruitment and appraisal as required',
          3,
        ),
      ]),
      criterion('5.3', 'Kỷ luật, kỷ cương hành chính', 'Discipline', [
        self('5.3.1', 'Chấp hành kỷ luật, kỷ cương hành chính', 'Administrative discipline', 3),
      ]),
    ]),
    field('6', 'Cải cách tài chính công', 'Public finance', [
      criterion('6.1', 'Cơ chế tự chủ tài chính', 'Financial autonomy', [
        self('6.1.1', 'Thực hiện cơ chế tự chủ', 'Autonomy mechanism applied', 4),
      ]),
      criterion('6.2', 'Quản lý, sử dụng ngân sách', 'Budget management', [
        self('6.2.1', 'Thực hành tiết kiệm, chống lãng phí', 'Thrift and waste prevention', 2),
        self('6.2.2', 'Giải ngân vốn đầu tư công', 'Public investment disbursed', 2),
      ]),
    ]),
    field(
      '7',
      'Xây dựng chính quyền điện tử, chính quyền số',
      'E-government and digital government',
      [
        criterion('7.1', 'Cung cấp dịch vụ công trực tuyến', 'Online public services', [
          auto(
            '7.1.1',
            'Tỷ lệ hồ sơ tiếp nhận trực tuyến',
            'Share of dossiers received online',
            6,
            'channel_mix_online_share',
            {
              kind: 'stepped',
              steps: [
                { atLeast: 20, points: 1.5 },
                { atLeast: 40, points: 3 },
                { atLeast: 60, points: 4.5 },
                { atLeast: 80, points: 6 },
              ],
            },
          ),
          auto(
            '7.1.2',
            'Tỷ lệ hồ sơ thanh toán trực tuyến',
            'Dossiers paid online',
            4,
            'dossiers_paid_online',
            {
              kind: 'linear',
              from: 0,
              to: 50,
            },
          ),
        ]),
        criterion('7.2', 'Số hóa và văn bản điện tử', 'Digitisation and e-documents', [
          self('7.2.1', 'Văn bản điện tử, chữ ký số', 'Electronic documents and signatures', 3),
          auto(
            '7.2.2',
            'Tỷ lệ kết quả giải quyết điện tử',
            'Electronic results',
            3,
            'dossiers_electronic_result',
            {
              kind: 'linear',
              from: 50,
              to: 100,
            },
          ),
        ]),
      ],
    ),
    field('8', 'Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH', 'Impact of reform', [
      criterion('8.1', 'Sự hài lòng', 'Satisfaction', [
        survey(
          '8.1.1',
          'Khảo sát sự hài lòng của người dân, tổ chức',
          'Citizen and business survey',
          8,
        ),
        survey('8.1.2', 'Khảo sát ý kiến cán bộ, công chức', 'Civil servant survey', 4),
      ]),
      criterion('8.2', 'Phát triển kinh tế - xã hội', 'Socio-economic development', [
        self(
          '8.2.1',
          'Hoàn thành chỉ tiêu phát triển KT-XH được giao',
          'Development targets met',
          4,
        ),
        survey(
          '8.2.2',
          'Khảo sát doanh nghiệp về môi trường kinh doanh',
          'Business environment survey',
          4,
        ),
      ]),
    ]),
  ],
};
