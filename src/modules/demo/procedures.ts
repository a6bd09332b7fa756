import {
  type DocumentComponent,
  defaultTemplate,
  type Fee,
  type LimitUnit,
  type OnlineLevel,
  type ProcedureContent,
  type ProcessingStep,
  type ResultType,
  validateContent,
} from '../../domain/catalogue/index.js';
import { foldVietnamese } from '../../domain/text/index.js';
import { type Rng, WeightedPicker } from './rng.js';
import { COMMUNE_MERGER_DAY, DEPARTMENT_MERGER_DAY, type OrgPlan, type UnitIds } from './units.js';
import type { DemoWriter } from './writer.js';

/**
 * The procedure catalogue of a demo province: about 1,900 procedures in the fields a province
 * handles, about 1,037 of them online (toàn trình or một phần), legal limits cut by the province
 * by 32.6% on average and 66.7% at most (the Lai Châu figures of 2020), fees, components and a
 * processing template for each. Procedures of the five departments merged on 1 March 2025 get a
 * second version naming the successor; district procedures a second version at commune level
 * from 1 July 2025 (DOMAIN §1). A dossier keeps the version in force at its reception.
 */

export type Level = 'province' | 'district' | 'commune';

interface FieldSpec {
  code: string;
  name: string;
  /** Department key (province level) that processes it. */
  dept: string;
  /** The department before 1 March 2025, when it was another one. */
  formerDept?: string;
  level: Level;
  /** How many procedures of this field, per 1,900. */
  count: number;
  /** Relative dossier volume of the field. */
  demand: number;
  objects: string[];
  verbs: string[];
  limits: number[];
  fee: [number, number];
  applicants: ('individual' | 'organisation')[];
  certification?: boolean;
  populationDb?: boolean;
  basis: string;
  unit?: LimitUnit;
}

const V_PERMIT = ['Cấp', 'Cấp lại', 'Điều chỉnh', 'Gia hạn', 'Thu hồi'];
const V_REGISTER = ['Đăng ký', 'Đăng ký lại', 'Đăng ký thay đổi', 'Xác nhận', 'Cấp bản sao'];

const FIELDS: FieldSpec[] = [
  {
    code: 'HT',
    name: 'Hộ tịch',
    dept: 'tp',
    level: 'commune',
    count: 40,
    demand: 22,
    objects: [
      'khai sinh',
      'khai tử',
      'kết hôn',
      'nhận cha, mẹ, con',
      'giám hộ',
      'thay đổi, cải chính hộ tịch',
      'khai sinh kết hợp nhận cha, mẹ, con',
      'xác nhận tình trạng hôn nhân',
      'trích lục hộ tịch',
    ],
    verbs: V_REGISTER,
    limits: [1, 3, 5],
    fee: [0, 8000],
    applicants: ['individual'],
    populationDb: true,
    basis: 'Luật Hộ tịch 2014; Nghị định số 123/2015/NĐ-CP',
  },
  {
    code: 'CTH',
    name: 'Chứng thực',
    dept: 'tp',
    level: 'commune',
    count: 20,
    demand: 30,
    objects: [
      'bản sao từ bản chính',
      'chữ ký',
      'hợp đồng, giao dịch',
      'văn bản thỏa thuận phân chia di sản',
      'di chúc',
      'văn bản từ chối nhận di sản',
    ],
    verbs: ['Chứng thực', 'Sửa lỗi sai sót trong', 'Cấp bản sao có chứng thực'],
    limits: [0],
    fee: [2000, 50000],
    applicants: ['individual', 'organisation'],
    certification: true,
    basis: 'Nghị định số 23/2015/NĐ-CP',
    unit: 'same_day',
  },
  {
    code: 'BTXH',
    name: 'Bảo trợ xã hội',
    dept: 'yt',
    formerDept: 'ldtbxh',
    level: 'commune',
    count: 30,
    demand: 5,
    objects: [
      'trợ cấp xã hội hằng tháng',
      'hỗ trợ kinh phí chăm sóc',
      'trợ giúp xã hội khẩn cấp',
      'hỗ trợ chi phí mai táng',
      'xác định mức độ khuyết tật',
    ],
    verbs: ['Thực hiện', 'Điều chỉnh', 'Thôi hưởng', 'Xác nhận'],
    limits: [7, 10, 15, 20],
    fee: [0, 0],
    applicants: ['individual'],
    populationDb: true,
    basis: 'Nghị định số 20/2021/NĐ-CP',
  },
  {
    code: 'DDX',
    name: 'Đất đai (cấp xã)',
    dept: 'nnmt',
    formerDept: 'tnmt',
    level: 'district',
    count: 70,
    demand: 14,
    objects: [
      'quyền sử dụng đất lần đầu',
      'biến động đất đai',
      'chuyển mục đích sử dụng đất',
      'tách thửa, hợp thửa',
      'giấy chứng nhận quyền sử dụng đất',
      'thế chấp quyền sử dụng đất',
      'chuyển nhượng quyền sử dụng đất',
      'hòa giải tranh chấp đất đai',
    ],
    verbs: ['Đăng ký', 'Cấp', 'Cấp đổi', 'Đính chính', 'Xóa đăng ký', 'Giải quyết'],
    limits: [10, 15, 20, 30],
    fee: [50000, 500000],
    applicants: ['individual', 'organisation'],
    populationDb: true,
    basis: 'Luật Đất đai 2024; Nghị định số 101/2024/NĐ-CP',
  },
  {
    code: 'XDX',
    name: 'Xây dựng (cấp xã)',
    dept: 'xd',
    level: 'district',
    count: 35,
    demand: 4,
    objects: [
      'giấy phép xây dựng nhà ở riêng lẻ',
      'giấy phép xây dựng có thời hạn',
      'giấy phép sửa chữa, cải tạo',
      'giấy phép di dời công trình',
    ],
    verbs: V_PERMIT,
    limits: [15, 20, 30],
    fee: [75000, 150000],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Xây dựng 2014 (sửa đổi 2020); Nghị định số 175/2024/NĐ-CP',
  },
  {
    code: 'HKD',
    name: 'Hộ kinh doanh, hợp tác xã',
    dept: 'tc',
    formerDept: 'khdt',
    level: 'district',
    count: 40,
    demand: 4,
    objects: ['hộ kinh doanh', 'hợp tác xã', 'liên hiệp hợp tác xã', 'tổ hợp tác'],
    verbs: [
      'Đăng ký thành lập',
      'Đăng ký thay đổi nội dung',
      'Tạm ngừng kinh doanh',
      'Chấm dứt hoạt động',
      'Cấp lại giấy chứng nhận đăng ký',
    ],
    limits: [3, 5],
    fee: [100000, 200000],
    applicants: ['individual', 'organisation'],
    basis: 'Nghị định số 01/2021/NĐ-CP; Luật Hợp tác xã 2023',
  },
  {
    code: 'GDX',
    name: 'Giáo dục (cấp xã)',
    dept: 'gd',
    level: 'district',
    count: 35,
    demand: 2,
    objects: [
      'trường mầm non',
      'trường tiểu học',
      'trường trung học cơ sở',
      'nhóm trẻ độc lập',
      'chuyển trường học sinh',
      'bằng tốt nghiệp trung học cơ sở',
    ],
    verbs: ['Thành lập', 'Cho phép hoạt động', 'Sáp nhập, chia tách', 'Giải thể', 'Cấp bản sao'],
    limits: [5, 10, 15, 20],
    fee: [0, 0],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Giáo dục 2019',
  },
  {
    code: 'NCC',
    name: 'Người có công',
    dept: 'nv',
    formerDept: 'ldtbxh',
    level: 'district',
    count: 40,
    demand: 2,
    objects: [
      'trợ cấp ưu đãi người có công',
      'thân nhân liệt sĩ',
      'thương binh',
      'người hoạt động kháng chiến',
      'di chuyển hồ sơ người có công',
      'trợ cấp mai táng',
    ],
    verbs: ['Giải quyết', 'Xác nhận', 'Công nhận', 'Cấp lại'],
    limits: [10, 15, 20, 30],
    fee: [0, 0],
    applicants: ['individual'],
    basis: 'Pháp lệnh Ưu đãi người có công với cách mạng 2020; Nghị định số 131/2021/NĐ-CP',
  },
  {
    code: 'NNX',
    name: 'Nông nghiệp (cấp xã)',
    dept: 'nnmt',
    level: 'commune',
    count: 25,
    demand: 2,
    objects: [
      'hỗ trợ khôi phục sản xuất',
      'khai thác gỗ rừng trồng',
      'hỗ trợ giống cây trồng',
      'kinh tế trang trại',
      'phê duyệt kế hoạch khuyến nông',
    ],
    verbs: ['Hỗ trợ', 'Xác nhận', 'Thẩm định', 'Phê duyệt'],
    limits: [5, 10, 15],
    fee: [0, 0],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Lâm nghiệp 2017; Luật Trồng trọt 2018',
  },
  {
    code: 'TPX',
    name: 'Tư pháp (cấp xã)',
    dept: 'tp',
    level: 'commune',
    count: 15,
    demand: 1,
    objects: [
      'hòa giải viên',
      'tổ trưởng tổ hòa giải',
      'thù lao hòa giải viên',
      'công nhận tuyên truyền viên pháp luật',
    ],
    verbs: ['Công nhận', 'Thôi làm', 'Thanh toán'],
    limits: [3, 5, 10],
    fee: [0, 0],
    applicants: ['individual'],
    basis: 'Luật Hòa giải ở cơ sở 2013',
  },

  {
    code: 'LLTP',
    name: 'Lý lịch tư pháp',
    dept: 'tp',
    level: 'province',
    count: 12,
    demand: 3,
    objects: [
      'Phiếu lý lịch tư pháp số 1',
      'Phiếu lý lịch tư pháp số 2',
      'Phiếu lý lịch tư pháp cho cơ quan, tổ chức',
    ],
    verbs: ['Cấp', 'Cấp lại', 'Đính chính'],
    limits: [10, 15],
    fee: [100000, 200000],
    applicants: ['individual', 'organisation'],
    populationDb: true,
    basis: 'Luật Lý lịch tư pháp 2009',
  },
  {
    code: 'TPT',
    name: 'Bổ trợ tư pháp',
    dept: 'tp',
    level: 'province',
    count: 90,
    demand: 1,
    objects: [
      'văn phòng công chứng',
      'công chứng viên',
      'luật sư',
      'tổ chức hành nghề luật sư',
      'giám định viên tư pháp',
      'trung tâm trọng tài',
      'đấu giá viên',
      'thừa phát lại',
      'quản tài viên',
      'trợ giúp viên pháp lý',
    ],
    verbs: [
      'Đăng ký hoạt động',
      'Thay đổi nội dung đăng ký',
      'Cấp thẻ',
      'Bổ nhiệm',
      'Miễn nhiệm',
      'Thu hồi',
    ],
    limits: [5, 10, 15, 20],
    fee: [100000, 1000000],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Công chứng 2024; Luật Luật sư 2006 (sửa đổi 2012)',
  },
  {
    code: 'DKDN',
    name: 'Thành lập và hoạt động doanh nghiệp',
    dept: 'tc',
    formerDept: 'khdt',
    level: 'province',
    count: 110,
    demand: 4,
    objects: [
      'doanh nghiệp tư nhân',
      'công ty trách nhiệm hữu hạn một thành viên',
      'công ty trách nhiệm hữu hạn hai thành viên trở lên',
      'công ty cổ phần',
      'công ty hợp danh',
      'chi nhánh, văn phòng đại diện',
      'địa điểm kinh doanh',
      'người đại diện theo pháp luật',
      'vốn điều lệ',
      'ngành, nghề kinh doanh',
      'chủ sở hữu',
    ],
    verbs: [
      'Đăng ký thành lập',
      'Đăng ký thay đổi',
      'Thông báo thay đổi',
      'Tạm ngừng kinh doanh',
      'Giải thể',
      'Cấp lại',
    ],
    limits: [3, 5],
    fee: [50000, 100000],
    applicants: ['organisation'],
    basis: 'Luật Doanh nghiệp 2020; Nghị định số 168/2025/NĐ-CP',
  },
  {
    code: 'DT',
    name: 'Đầu tư',
    dept: 'tc',
    formerDept: 'khdt',
    level: 'province',
    count: 60,
    demand: 0.5,
    objects: [
      'dự án đầu tư',
      'chủ trương đầu tư',
      'giấy chứng nhận đăng ký đầu tư',
      'dự án đầu tư theo phương thức đối tác công tư',
      'ưu đãi đầu tư',
    ],
    verbs: ['Chấp thuận', 'Điều chỉnh', 'Cấp', 'Chấm dứt', 'Giãn tiến độ'],
    limits: [15, 25, 35, 45],
    fee: [0, 0],
    applicants: ['organisation'],
    basis: 'Luật Đầu tư 2020',
  },
  {
    code: 'DD',
    name: 'Đất đai (cấp tỉnh)',
    dept: 'nnmt',
    formerDept: 'tnmt',
    level: 'province',
    count: 70,
    demand: 2,
    objects: [
      'giao đất, cho thuê đất',
      'chuyển mục đích sử dụng đất',
      'gia hạn sử dụng đất',
      'đăng ký biến động cho tổ chức',
      'giấy chứng nhận cho tổ chức',
      'thu hồi đất',
      'khung giá đất cụ thể',
    ],
    verbs: ['Giải quyết', 'Thẩm định', 'Đăng ký', 'Cấp', 'Điều chỉnh'],
    limits: [15, 20, 30],
    fee: [200000, 2000000],
    applicants: ['organisation'],
    basis: 'Luật Đất đai 2024',
  },
  {
    code: 'MT',
    name: 'Môi trường',
    dept: 'nnmt',
    formerDept: 'tnmt',
    level: 'province',
    count: 60,
    demand: 0.5,
    objects: [
      'báo cáo đánh giá tác động môi trường',
      'giấy phép môi trường',
      'phương án cải tạo, phục hồi môi trường',
      'giấy phép khai thác khoáng sản',
      'giấy phép tài nguyên nước',
      'giấy phép xả nước thải',
    ],
    verbs: ['Thẩm định', 'Cấp', 'Cấp đổi', 'Điều chỉnh', 'Gia hạn', 'Trả lại'],
    limits: [20, 30, 45],
    fee: [500000, 5000000],
    applicants: ['organisation'],
    basis: 'Luật Bảo vệ môi trường 2020; Luật Khoáng sản 2010',
  },
  {
    code: 'NN',
    name: 'Nông nghiệp, lâm nghiệp, thủy lợi',
    dept: 'nnmt',
    level: 'province',
    count: 150,
    demand: 1,
    objects: [
      'giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản',
      'chứng chỉ hành nghề thú y',
      'giấy phép vận chuyển động vật',
      'giống cây trồng',
      'phân bón',
      'thuốc bảo vệ thực vật',
      'khai thác lâm sản',
      'chuyển loại rừng',
      'công trình thủy lợi',
      'giấy chứng nhận kiểm dịch',
    ],
    verbs: ['Cấp', 'Cấp lại', 'Công nhận', 'Phê duyệt', 'Gia hạn'],
    limits: [5, 10, 15, 20],
    fee: [50000, 1000000],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Trồng trọt 2018; Luật Thú y 2015; Luật Lâm nghiệp 2017',
  },
  {
    code: 'XD',
    name: 'Hoạt động xây dựng',
    dept: 'xd',
    level: 'province',
    count: 80,
    demand: 0.8,
    objects: [
      'giấy phép xây dựng công trình',
      'chứng chỉ hành nghề hoạt động xây dựng',
      'chứng chỉ năng lực hoạt động xây dựng',
      'báo cáo nghiên cứu khả thi',
      'thiết kế xây dựng triển khai sau thiết kế cơ sở',
      'quy hoạch chi tiết',
      'nhà ở xã hội',
    ],
    verbs: V_PERMIT,
    limits: [15, 20, 30],
    fee: [150000, 2000000],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Xây dựng 2014 (sửa đổi 2020); Nghị định số 175/2024/NĐ-CP',
  },
  {
    code: 'GT',
    name: 'Giao thông đường bộ',
    dept: 'xd',
    formerDept: 'gtvt',
    level: 'province',
    count: 110,
    demand: 3,
    objects: [
      'giấy phép lái xe',
      'giấy phép kinh doanh vận tải bằng xe ô tô',
      'phù hiệu xe',
      'giấy phép lưu hành xe quá tải',
      'biển hiệu xe du lịch',
      'tuyến vận tải hành khách cố định',
      'đấu nối vào quốc lộ',
      'giấy phép thi công công trình đường bộ',
    ],
    verbs: ['Cấp', 'Cấp lại', 'Đổi', 'Gia hạn', 'Thu hồi', 'Chấp thuận'],
    limits: [3, 5, 7, 10],
    fee: [50000, 200000],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Trật tự, an toàn giao thông đường bộ 2024; Luật Đường bộ 2024',
  },
  {
    code: 'LD',
    name: 'Lao động, việc làm',
    dept: 'nv',
    formerDept: 'ldtbxh',
    level: 'province',
    count: 90,
    demand: 1.5,
    objects: [
      'giấy phép lao động cho người nước ngoài',
      'trợ cấp thất nghiệp',
      'nội quy lao động',
      'thỏa ước lao động tập thể',
      'giấy phép hoạt động dịch vụ việc làm',
      'giấy phép cho thuê lại lao động',
      'giáo dục nghề nghiệp',
    ],
    verbs: ['Cấp', 'Cấp lại', 'Gia hạn', 'Đăng ký', 'Giải quyết', 'Thu hồi'],
    limits: [5, 10, 15, 20],
    fee: [0, 600000],
    applicants: ['individual', 'organisation'],
    basis: 'Bộ luật Lao động 2019; Luật Việc làm 2013',
  },
  {
    code: 'NV',
    name: 'Tổ chức bộ máy, thi đua khen thưởng, tôn giáo',
    dept: 'nv',
    level: 'province',
    count: 70,
    demand: 0.4,
    objects: [
      'hội, quỹ xã hội',
      'điều lệ hội',
      'bằng khen',
      'danh hiệu thi đua',
      'tuyển dụng công chức',
      'nâng ngạch công chức',
      'lưu trữ',
    ],
    verbs: ['Công nhận', 'Phê duyệt', 'Cho phép', 'Xét', 'Cấp bản sao'],
    limits: [10, 15, 20, 30],
    fee: [0, 0],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Thi đua, khen thưởng 2022; Nghị định số 126/2024/NĐ-CP',
  },
  {
    code: 'YT',
    name: 'Y tế, dược',
    dept: 'yt',
    level: 'province',
    count: 180,
    demand: 1.5,
    objects: [
      'giấy phép hành nghề khám bệnh, chữa bệnh',
      'giấy phép hoạt động khám bệnh, chữa bệnh',
      'chứng chỉ hành nghề dược',
      'giấy chứng nhận đủ điều kiện kinh doanh dược',
      'an toàn thực phẩm',
      'quảng cáo mỹ phẩm',
      'trang thiết bị y tế',
      'phòng khám đa khoa',
      'nhà thuốc',
    ],
    verbs: ['Cấp', 'Cấp lại', 'Điều chỉnh', 'Gia hạn', 'Thu hồi'],
    limits: [10, 15, 20, 30],
    fee: [200000, 3000000],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Khám bệnh, chữa bệnh 2023; Luật Dược 2016',
  },
  {
    code: 'GD',
    name: 'Giáo dục và đào tạo',
    dept: 'gd',
    level: 'province',
    count: 120,
    demand: 1.5,
    objects: [
      'bằng tốt nghiệp trung học phổ thông',
      'văn bằng, chứng chỉ',
      'trường trung học phổ thông',
      'trung tâm ngoại ngữ, tin học',
      'hoạt động dạy thêm, học thêm',
      'tuyển sinh',
      'học bổng chính sách',
    ],
    verbs: [
      'Cấp bản sao',
      'Chỉnh sửa nội dung',
      'Cho phép thành lập',
      'Cho phép hoạt động',
      'Công nhận',
    ],
    limits: [5, 10, 15, 20],
    fee: [0, 0],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Giáo dục 2019',
  },
  {
    code: 'VH',
    name: 'Văn hóa, thể thao, du lịch',
    dept: 'vh',
    level: 'province',
    count: 140,
    demand: 0.5,
    objects: [
      'giấy phép kinh doanh dịch vụ lữ hành',
      'thẻ hướng dẫn viên du lịch',
      'cơ sở lưu trú du lịch',
      'biểu diễn nghệ thuật',
      'karaoke, vũ trường',
      'di tích',
      'câu lạc bộ thể thao',
      'quảng cáo',
    ],
    verbs: ['Cấp', 'Cấp đổi', 'Cấp lại', 'Công nhận', 'Thu hồi', 'Thông báo'],
    limits: [5, 10, 15],
    fee: [100000, 3000000],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Du lịch 2017; Luật Di sản văn hóa 2024',
  },
  {
    code: 'CT',
    name: 'Công Thương',
    dept: 'ct',
    level: 'province',
    count: 160,
    demand: 1,
    objects: [
      'giấy phép bán lẻ rượu',
      'giấy phép bán lẻ sản phẩm thuốc lá',
      'cửa hàng bán lẻ xăng dầu',
      'giấy phép hoạt động điện lực',
      'an toàn thực phẩm cơ sở sản xuất',
      'khuyến mại',
      'hội chợ, triển lãm thương mại',
      'vật liệu nổ công nghiệp',
      'chợ',
    ],
    verbs: ['Cấp', 'Cấp sửa đổi, bổ sung', 'Cấp lại', 'Đăng ký', 'Thông báo'],
    limits: [5, 7, 10, 15],
    fee: [200000, 1200000],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Thương mại 2005; Luật Điện lực 2024',
  },
  {
    code: 'KHCN',
    name: 'Khoa học, công nghệ, thông tin',
    dept: 'kh',
    formerDept: 'tttt',
    level: 'province',
    count: 100,
    demand: 0.3,
    objects: [
      'giấy phép bưu chính',
      'giấy phép xuất bản bản tin',
      'trang thông tin điện tử tổng hợp',
      'nhiệm vụ khoa học và công nghệ',
      'chuyển giao công nghệ',
      'đo lường, chất lượng',
      'an toàn bức xạ',
    ],
    verbs: ['Cấp', 'Cấp lại', 'Sửa đổi, bổ sung', 'Đăng ký', 'Xác nhận'],
    limits: [7, 10, 15, 20],
    fee: [0, 500000],
    applicants: ['organisation'],
    basis: 'Luật Khoa học và Công nghệ 2013; Luật Bưu chính 2010',
  },
  {
    code: 'DTTG',
    name: 'Dân tộc, tôn giáo',
    dept: 'dt',
    formerDept: 'bdt',
    level: 'province',
    count: 50,
    demand: 0.2,
    objects: [
      'sinh hoạt tôn giáo tập trung',
      'người có uy tín trong đồng bào dân tộc thiểu số',
      'tổ chức tôn giáo cơ sở',
      'hoạt động tôn giáo ngoài cơ sở',
    ],
    verbs: ['Đăng ký', 'Chấp thuận', 'Công nhận', 'Thông báo'],
    limits: [15, 20, 30],
    fee: [0, 0],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Tín ngưỡng, tôn giáo 2016',
  },
  {
    code: 'TC',
    name: 'Tài chính, ngân sách, giá',
    dept: 'tc',
    level: 'province',
    count: 60,
    demand: 0.4,
    objects: [
      'mã số đơn vị có quan hệ với ngân sách',
      'quyết toán dự án hoàn thành',
      'phương án giá',
      'tài sản công',
    ],
    verbs: ['Cấp', 'Thẩm tra', 'Phê duyệt', 'Điều chỉnh'],
    limits: [5, 10, 20, 30],
    fee: [0, 0],
    applicants: ['organisation'],
    basis: 'Luật Ngân sách nhà nước 2015; Luật Giá 2023',
  },
  {
    code: 'TTR',
    name: 'Tiếp công dân, khiếu nại, tố cáo',
    dept: 'tt',
    level: 'province',
    count: 16,
    demand: 0.2,
    objects: ['khiếu nại lần đầu', 'khiếu nại lần hai', 'tố cáo', 'tiếp công dân'],
    verbs: ['Giải quyết', 'Thụ lý', 'Xử lý'],
    limits: [30, 45],
    fee: [0, 0],
    applicants: ['individual', 'organisation'],
    basis: 'Luật Khiếu nại 2011; Luật Tố cáo 2018',
    unit: 'calendar_days',
  },
  {
    code: 'KKT',
    name: 'Khu kinh tế cửa khẩu',
    dept: 'bql',
    level: 'province',
    count: 40,
    demand: 0.2,
    objects: [
      'dự án đầu tư trong khu kinh tế',
      'giấy phép xây dựng trong khu kinh tế',
      'giấy phép lao động trong khu kinh tế',
      'giấy chứng nhận xuất xứ',
    ],
    verbs: ['Cấp', 'Điều chỉnh', 'Gia hạn', 'Chấp thuận'],
    limits: [10, 15, 20],
    fee: [0, 500000],
    applicants: ['organisation'],
    basis: 'Nghị định số 35/2022/NĐ-CP',
  },
  {
    code: 'VP',
    name: 'Văn phòng UBND tỉnh',
    dept: 'vp',
    level: 'province',
    count: 28,
    demand: 0.1,
    objects: [
      'thẻ ABTC',
      'tổ chức hội nghị, hội thảo quốc tế',
      'đoàn ra, đoàn vào',
      'tiếp nhận viện trợ phi chính phủ',
    ],
    verbs: ['Cho phép', 'Cấp', 'Phê duyệt'],
    limits: [5, 10, 15],
    fee: [0, 0],
    applicants: ['individual', 'organisation'],
    basis: 'Quyết định số 45/2006/QĐ-TTg; Nghị định số 80/2020/NĐ-CP',
  },
];

const FIELD_TOTAL = FIELDS.reduce((sum, f) => sum + f.count, 0);

const COMPONENTS: Record<string, string[]> = {
  individual: [
    'Tờ khai theo mẫu',
    'Bản sao Căn cước công dân',
    'Giấy tờ chứng minh nơi cư trú',
    'Giấy ủy quyền (nếu có)',
    'Ảnh 4x6',
    'Giấy khám sức khỏe',
    'Bản sao giấy khai sinh',
  ],
  organisation: [
    'Đơn đề nghị theo mẫu',
    'Giấy chứng nhận đăng ký doanh nghiệp',
    'Văn bản ủy quyền',
    'Báo cáo thuyết minh',
    'Bản vẽ thiết kế',
    'Hợp đồng liên quan',
    'Danh sách thành viên',
  ],
};

/** Cuts of the promised limit against the legal one, with weights: mean ≈ 32.6%, max 66.7%. */
const CUTS = new WeightedPicker([0, 0.2, 0.3, 0.34, 0.4, 0.5, 0.667], [12, 10, 18, 26, 14, 12, 8]);

export interface ProcedureVersionPlan {
  effectiveFrom: string;
  level: Level;
  agencyKey: string | null;
  content: ProcedureContent;
}

export interface ProcedurePlan {
  index: number;
  code: string;
  fieldCode: string;
  /** Relative dossier demand. */
  demand: number;
  versions: ProcedureVersionPlan[];
}

/** The catalogue plan (pure): `count` procedures (1,900 for a province). */
export function planProcedures(options: {
  rng: Rng;
  count: number;
  org: OrgPlan;
  catalogueStart: string;
}): ProcedurePlan[] {
  const { rng, count, org } = options;
  const unitKeys = new Set(org.units.map((u) => u.key));
  const provinceAgencies = org.units.some((u) => u.kind === 'department');
  const codes = new Set<string>();
  const plans: ProcedurePlan[] = [];
  const fields = provinceAgencies ? FIELDS : FIELDS.filter((f) => f.level !== 'province');
  const fieldTotal = provinceAgencies ? FIELD_TOTAL : fields.reduce((s, f) => s + f.count, 0);
  // Online share: 1,037 of 1,900, full about 60% of those.
  const onlineShare = 1037 / 1900;
  for (const field of fields) {
    const n = Math.max(1, Math.round((field.count * count) / fieldTotal));
    const names = new Set<string>();
    for (let i = 0; i < n; i++) {
      let name = `${rng.pick(field.verbs)} ${rng.pick(field.objects)}`;
      for (let tries = 0; names.has(name) && tries < 20; tries++)
        name = `${rng.pick(field.verbs)} ${rng.pick(field.objects)}`;
      if (names.has(name)) name = `${name} (trường hợp ${i + 1})`;
      names.add(name);
      let code: string;
      do code = `${field.level === 'province' ? 1 : 2}.${rng.digits(6)}`;
      while (codes.has(code));
      codes.add(code);
      const unit: LimitUnit = field.unit ?? (rng.chance(0.03) ? 'working_hours' : 'working_days');
      let legal =
        unit === 'same_day'
          ? 0
          : unit === 'working_hours'
            ? rng.pick([4, 8, 16])
            : rng.pick(field.limits);
      if (unit === 'working_days' && legal < 1) legal = 1;
      const cut = unit === 'same_day' || unit === 'calendar_days' ? 0 : CUTS.pick(rng);
      // Never cut more than two thirds (the seed's largest cut, 66.7%).
      const promised =
        unit === 'same_day' ? 0 : Math.max(1, Math.ceil(legal / 3), Math.round(legal * (1 - cut)));
      const online: OnlineLevel = rng.chance(onlineShare)
        ? rng.chance(0.6)
          ? 'full'
          : 'partial'
        : 'none';
      const feeAmount =
        field.fee[1] === 0
          ? 0
          : roundFee(field.fee[0] + rng.next() * (field.fee[1] - field.fee[0]));
      const fees: Fee[] =
        feeAmount > 0
          ? [{ name: field.certification ? 'Phí chứng thực' : 'Lệ phí', amount: feeAmount }]
          : [];
      const applicantKinds = field.applicants;
      const pool = COMPONENTS[
        applicantKinds.includes('organisation') && !applicantKinds.includes('individual')
          ? 'organisation'
          : 'individual'
      ] as string[];
      const components: DocumentComponent[] = rng
        .shuffle(pool)
        .slice(0, rng.int(1, 4))
        .map((componentName, c) => ({
          code: `TP${String(c + 1).padStart(2, '0')}`,
          name: componentName,
          copies: 1,
          required: c === 0 || rng.chance(0.7),
          mustDigitise: rng.chance(0.85),
        }));
      const resultType: ResultType =
        online === 'full' ? 'both' : rng.pick(['paper', 'both', 'electronic'] as ResultType[]);
      const steps = template(rng, promised, unit, field, org);
      const effective = options.catalogueStart;
      const announced = shiftDate(effective, -rng.int(20, 200));
      const content: ProcedureContent = {
        name,
        nameEn: null,
        fieldCode: field.code,
        fieldName: field.name,
        level: field.level,
        agencyCode: null,
        legalLimit: legal,
        promisedLimit: promised,
        limitUnit: unit,
        fees,
        components,
        resultType,
        resultName: null,
        onlineLevel: online,
        postalIn: rng.chance(0.8),
        postalOut: online === 'full' ? true : rng.chance(0.8),
        boundaryFree: field.level !== 'province' && rng.chance(0.2),
        applicantKinds,
        certification: field.certification ?? false,
        populationDb: field.populationDb ?? false,
        legalBasis: field.basis,
        legalEffectiveOn: shiftDate(announced, rng.int(5, 30)),
        announcedOn: announced,
        publishedOn: shiftDate(announced, rng.int(1, 7)),
        steps,
      };
      const versions: ProcedureVersionPlan[] = [];
      const provinceAgency = (dept: string) =>
        unitKeys.has(`dept:${dept}`) ? `dept:${dept}` : null;
      if (
        field.level === 'province' &&
        field.formerDept &&
        unitKeys.has(`dept:${field.formerDept}`)
      ) {
        versions.push({
          effectiveFrom: effective,
          level: 'province',
          agencyKey: provinceAgency(field.formerDept),
          content,
        });
        versions.push({
          effectiveFrom: DEPARTMENT_MERGER_DAY,
          level: 'province',
          agencyKey: provinceAgency(field.dept),
          content: {
            ...content,
            legalBasis: `${field.basis}; Quyết định công bố thủ tục hành chính sau sắp xếp (01/3/2025)`,
          },
        });
      } else if (field.level === 'district') {
        versions.push({ effectiveFrom: effective, level: 'district', agencyKey: null, content });
        versions.push({
          effectiveFrom: COMMUNE_MERGER_DAY,
          level: 'commune',
          agencyKey: null,
          content: {
            ...content,
            level: 'commune',
            legalBasis: `${field.basis}; Nghị định số 151/2025/NĐ-CP (phân cấp cho cấp xã)`,
          },
        });
      } else {
        versions.push({
          effectiveFrom: effective,
          level: field.level,
          agencyKey: field.level === 'province' ? provinceAgency(field.dept) : null,
          content,
        });
      }
      for (const version of versions) {
        const issues = validateContent(version.content);
        if (issues.length > 0)
          throw new Error(`demo procedure ${code} is invalid: ${JSON.stringify(issues)}`);
      }
      // Popularity: a few procedures of each field take most of its dossiers (Zipf-like).
      plans.push({
        index: plans.length,
        code,
        fieldCode: field.code,
        demand: field.demand / (i + 1) ** 1.1,
        versions,
      });
    }
  }
  return plans;
}

function roundFee(amount: number): number {
  return Math.round(amount / 1000) * 1000;
}

function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The default template, with an inter-agency consultation (tax office) for land and investment. */
function template(
  rng: Rng,
  promised: number,
  unit: LimitUnit,
  field: FieldSpec,
  org: OrgPlan,
): ProcessingStep[] {
  const steps = defaultTemplate(promised, unit);
  const consultsTax =
    (field.code === 'DDX' || field.code === 'DD' || field.code === 'DT') && rng.chance(0.5);
  const finance = org.units.find((u) => u.key === 'dept:tc');
  const appraisal = steps[1];
  if (!consultsTax || !finance || !appraisal || appraisal.allotment < 2) return steps;
  const half = Math.floor(appraisal.allotment / 2);
  return [
    steps[0] as ProcessingStep,
    { ...appraisal, allotment: appraisal.allotment - half },
    {
      code: 'B2a',
      name: 'Lấy ý kiến cơ quan thuế (liên thông)',
      role: 'specialist',
      unit: finance.code,
      allotment: half,
      interAgency: true,
    },
    ...steps.slice(2),
  ];
}

/** Cut statistics of a catalogue: the Lai Châu seed's average 32.6% and largest 66.7%. */
export function cutStatistics(plans: readonly ProcedurePlan[]): {
  average: number;
  largest: number;
  online: number;
} {
  let sum = 0;
  let n = 0;
  let largest = 0;
  let online = 0;
  for (const plan of plans) {
    const c = plan.versions[0]?.content;
    if (!c) continue;
    if (c.onlineLevel !== 'none') online++;
    if (c.legalLimit <= 0 || c.limitUnit === 'same_day') continue;
    const cut = (c.legalLimit - c.promisedLimit) / c.legalLimit;
    sum += cut;
    n++;
    largest = Math.max(largest, cut);
  }
  return {
    average: n ? Math.round((sum / n) * 1000) / 10 : 0,
    largest: Math.round(largest * 1000) / 10,
    online,
  };
}

const PROCEDURE_COLUMNS = ['id', 'tenant_id', 'code', 'status', 'created_at'] as const;
const VERSION_COLUMNS = [
  'id',
  'tenant_id',
  'procedure_id',
  'version',
  'effective_from',
  'name',
  'name_en',
  'search_text',
  'field_code',
  'field_name',
  'level',
  'agency_unit_id',
  'legal_limit',
  'promised_limit',
  'limit_unit',
  'fee_amount',
  'fees',
  'components',
  'result_type',
  'online_level',
  'postal_in',
  'postal_out',
  'boundary_free',
  'applicant_kinds',
  'certification',
  'population_db',
  'legal_basis',
  'legal_effective_on',
  'announced_on',
  'published_on',
  'steps',
  'created_at',
] as const;

/** A written version with what dossier generation needs. */
export interface WrittenVersion {
  id: number;
  procedureId: number;
  effectiveFrom: number;
  level: Level;
  agencyUnitId: number | null;
  content: ProcedureContent;
  feeAmount: number;
}

export interface WrittenProcedure {
  plan: ProcedurePlan;
  id: number;
  versions: WrittenVersion[];
}

/** Writes procedures and their versions; step units `agency`/`centre` stay symbolic. */
export async function writeProcedures(
  writer: DemoWriter,
  tenantId: number,
  plans: readonly ProcedurePlan[],
  units: UnitIds,
  createdAt: string,
): Promise<WrittenProcedure[]> {
  const firstProcedure = await writer.reserveIds('procedures', plans.length);
  const versionCount = plans.reduce((s, p) => s + p.versions.length, 0);
  let nextVersion = await writer.reserveIds('procedure_versions', versionCount);
  const written: WrittenProcedure[] = [];
  for (const [i, plan] of plans.entries()) {
    const id = firstProcedure + i;
    await writer.push('procedures', PROCEDURE_COLUMNS, [
      id,
      tenantId,
      plan.code,
      'active',
      createdAt,
    ]);
    const versions: WrittenVersion[] = [];
    for (const [v, version] of plan.versions.entries()) {
      const c = version.content;
      const agencyUnitId = version.agencyKey ? (units.get(version.agencyKey) ?? null) : null;
      const feeAmount = c.fees.reduce((s, f) => s + f.amount, 0);
      const effectiveFrom = `${version.effectiveFrom}T00:00:00+07:00`;
      const versionId = nextVersion++;
      await writer.push('procedure_versions', VERSION_COLUMNS, [
        versionId,
        tenantId,
        id,
        v + 1,
        effectiveFrom,
        c.name,
        c.nameEn,
        foldVietnamese(c.name),
        c.fieldCode,
        c.fieldName,
        c.level,
        agencyUnitId,
        c.legalLimit,
        c.promisedLimit,
        c.limitUnit,
        feeAmount,
        c.fees,
        c.components,
        c.resultType,
        c.onlineLevel,
        c.postalIn,
        c.postalOut,
        c.boundaryFree,
        c.applicantKinds,
        c.certification,
        c.populationDb,
        c.legalBasis,
        c.legalEffectiveOn,
        c.announcedOn,
        c.publishedOn,
        c.steps,
        createdAt,
      ]);
      versions.push({
        id: versionId,
        procedureId: id,
        effectiveFrom: Date.parse(effectiveFrom),
        level: version.level,
        agencyUnitId,
        content: c,
        feeAmount,
      });
    }
    written.push({ plan, id, versions });
  }
  return written;
}
