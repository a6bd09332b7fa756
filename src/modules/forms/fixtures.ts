import type {
  Form01ReceiptData,
  Form02SupplementData,
  Form03RefusalData,
  Form04ApologyData,
  Form05StopData,
  Form06ProcessControlData,
  Form07RegisterMeta,
  FormHeader,
  RegisterRow,
} from './forms.types.js';

/**
 * Realistic inputs for the seven forms (a land-use dossier at Lai Châu's provincial service
 * centre), used by the tests and by the sample renderer (`forms.samples.ts`).
 */
export const sampleHeader: FormHeader = {
  governingBody: 'UBND tỉnh Lai Châu',
  agencyName: 'Trung tâm Phục vụ hành chính công tỉnh Lai Châu',
  documentNumber: '125/TNHS',
  place: 'Lai Châu',
  issuedAt: '2025-01-24T10:15:00+07:00',
  tenantName: 'Tỉnh Lai Châu',
};

const applicant = {
  name: 'Nguyễn Thị Hương',
  kind: 'individual' as const,
  idNumber: '012345678901',
  address: 'Tổ dân phố số 3, phường Tân Phong, tỉnh Lai Châu',
  phone: '0912 345 678',
  email: 'huong.nguyen@example.vn',
};
const procedure = {
  code: '1.004227',
  name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do chuyển nhượng',
};
const code = '000.00.12.H40-250124-0001';

export const sampleForm01: Form01ReceiptData = {
  header: sampleHeader,
  dossierCode: code,
  applicant,
  procedure,
  channel: 1,
  components: [
    {
      name: 'Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 11/ĐK)',
      form: 'Bản chính',
      copies: 1,
    },
    {
      name: 'Hợp đồng chuyển nhượng quyền sử dụng đất đã được công chứng',
      form: 'Bản chính',
      copies: 1,
    },
    {
      name: 'Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất',
      form: 'Bản gốc',
      copies: 1,
    },
    { name: 'Tờ khai lệ phí trước bạ nhà, đất', form: 'Bản chính', copies: 2 },
    {
      name: 'Tờ khai thuế thu nhập cá nhân đối với chuyển nhượng bất động sản',
      form: 'Bản chính',
      copies: 2,
    },
  ],
  sets: 1,
  timeLimit: '08 ngày làm việc (đã cắt giảm từ 10 ngày làm việc)',
  receivedAt: '2025-01-24T10:15:00+07:00',
  dueAt: '2025-02-13T17:00:00+07:00',
  fees: [
    { label: 'Lệ phí cấp Giấy chứng nhận', amount: 50_000 },
    { label: 'Phí thẩm định hồ sơ', amount: 600_000 },
  ],
  feesPaid: true,
  resultDelivery: { channel: 'post', address: 'Tổ dân phố số 3, phường Tân Phong, tỉnh Lai Châu' },
  lookupUrl: 'https://dichvucong.laichau.gov.vn/tra-cuu-ho-so',
  smsLookup: 'Hoặc soạn tin nhắn: TRACUU 000.00.12.H40-250124-0001 gửi tổng đài tra cứu của tỉnh.',
  register: { book: '01/2025', seq: 1 },
  officer: { name: 'Lò Văn Thành', title: 'Công chức Bộ phận Một cửa' },
};

export const sampleForm02: Form02SupplementData = {
  header: { ...sampleHeader, documentNumber: '37/PYCBS' },
  dossierCode: code,
  applicant,
  procedure,
  receivedAt: '2025-01-24T10:15:00+07:00',
  missing: [
    {
      item: 'Hợp đồng chuyển nhượng quyền sử dụng đất',
      detail:
        'thiếu chữ ký của bên nhận chuyển nhượng ở trang 3; đề nghị ký bổ sung và công chứng lại.',
    },
    {
      item: 'Tờ khai thuế thu nhập cá nhân',
      detail: 'ghi sai diện tích thửa đất (ghi 125,5 m², Giấy chứng nhận là 152,5 m²).',
    },
    {
      item: 'Văn bản ủy quyền',
      detail: 'người nộp hồ sơ không phải người sử dụng đất; cần văn bản ủy quyền có chứng thực.',
    },
  ],
  reason: 'Hồ sơ chưa đủ thành phần theo quy định tại Điều 37 Nghị định số 101/2024/NĐ-CP.',
  contact: { name: 'ông Lò Văn Thành, Bộ phận Một cửa', phone: '0213 3876 543' },
  officer: { name: 'Lò Văn Thành' },
};

export const sampleForm03: Form03RefusalData = {
  header: { ...sampleHeader, documentNumber: '12/PTC' },
  applicant: {
    ...applicant,
    name: 'Công ty TNHH Thương mại Tam Đường',
    kind: 'organisation',
    idNumber: '6200123456',
  },
  procedure: { code: '2.000889', name: 'Cấp giấy phép kinh doanh karaoke' },
  receivedAt: '2025-01-24T14:40:00+07:00',
  reasons: [
    'Thủ tục không thuộc thẩm quyền giải quyết của cấp tỉnh kể từ ngày 01/7/2025; đề nghị nộp tại Trung tâm Phục vụ hành chính công cấp xã nơi đặt cơ sở kinh doanh.',
    'Địa điểm kinh doanh cách trường học dưới 200 mét, không đáp ứng điều kiện theo quy định.',
  ],
  legalBasis: 'Nghị định số 54/2019/NĐ-CP ngày 19/6/2019 của Chính phủ.',
  officer: { name: 'Lò Văn Thành' },
};

export const sampleForm04: Form04ApologyData = {
  header: {
    ...sampleHeader,
    agencyName: 'Sở Nông nghiệp và Môi trường tỉnh Lai Châu',
    documentNumber: '08/PXL-SNNMT',
    issuedAt: '2025-02-12T09:00:00+07:00',
  },
  dossierCode: code,
  applicant,
  procedure,
  receivedAt: '2025-01-24T10:15:00+07:00',
  dueAt: '2025-02-13T17:00:00+07:00',
  reason:
    'Hồ sơ phải lấy ý kiến của Ủy ban nhân dân xã Bình Lư về nguồn gốc sử dụng đất; đến nay chưa nhận được văn bản trả lời.',
  newDueAt: '2025-02-20T17:00:00+07:00',
  signer: { name: 'Hoàng Văn Dũng', title: 'KT. Giám đốc\nPhó Giám đốc' },
  recipients: ['Bà Nguyễn Thị Hương', 'Trung tâm Phục vụ HCC tỉnh', 'Lưu: VT, VPĐKĐĐ'],
};

export const sampleForm05: Form05StopData = {
  header: {
    ...sampleHeader,
    agencyName: 'Sở Nông nghiệp và Môi trường tỉnh Lai Châu',
    documentNumber: '03/TB-SNNMT',
    issuedAt: '2025-02-05T15:30:00+07:00',
  },
  dossierCode: code,
  applicant,
  procedure,
  receivedAt: '2025-01-24T10:15:00+07:00',
  kind: 'stop',
  reasons: [
    'Thửa đất đang có tranh chấp, đã được Tòa án nhân dân tỉnh Lai Châu thụ lý theo Thông báo số 45/TB-TLVA ngày 30/01/2025.',
    'Quyền sử dụng đất đang bị kê biên để bảo đảm thi hành án.',
  ],
  legalBasis: 'Điều 45 Luật Đất đai năm 2024.',
  settlement:
    'Hoàn trả phí thẩm định hồ sơ 600.000 đồng; trả lại bản gốc Giấy chứng nhận tại Bộ phận Một cửa.',
  signer: { name: 'Hoàng Văn Dũng', title: 'KT. Giám đốc\nPhó Giám đốc' },
};

export const sampleForm06: Form06ProcessControlData = {
  header: { ...sampleHeader, documentNumber: undefined, issuedAt: '2025-02-13T16:00:00+07:00' },
  dossierCode: code,
  applicant,
  procedure,
  receivedAt: '2025-01-24T10:15:00+07:00',
  dueAt: '2025-02-13T17:00:00+07:00',
  leadAgency: 'Văn phòng Đăng ký đất đai tỉnh Lai Châu',
  coordinatingAgencies: ['Thuế tỉnh Lai Châu', 'UBND xã Bình Lư'],
  handovers: [
    {
      step: 'Chuyển hồ sơ đến cơ quan giải quyết',
      from: { name: 'Lò Văn Thành', unit: 'Bộ phận Một cửa' },
      to: { name: 'Phạm Thu Trang', unit: 'Văn phòng ĐKĐĐ' },
      at: '2025-01-24T14:00:00+07:00',
      dueAt: '2025-01-24T17:00:00+07:00',
    },
    {
      step: 'Thẩm định hồ sơ',
      from: { name: 'Phạm Thu Trang', title: 'Chuyên viên' },
      to: { name: 'Thuế tỉnh Lai Châu', unit: 'Phòng Quản lý thuế' },
      at: '2025-02-03T09:30:00+07:00',
      dueAt: '2025-02-04T17:00:00+07:00',
    },
    {
      step: 'Xác định nghĩa vụ tài chính',
      from: { name: 'Thuế tỉnh Lai Châu' },
      to: { name: 'Phạm Thu Trang', unit: 'Văn phòng ĐKĐĐ' },
      at: '2025-02-07T16:45:00+07:00',
      dueAt: '2025-02-07T17:00:00+07:00',
    },
    {
      step: 'Trình ký',
      from: { name: 'Phạm Thu Trang' },
      to: { name: 'Hoàng Văn Dũng', title: 'Phó Giám đốc' },
      at: '2025-02-12T10:00:00+07:00',
      dueAt: '2025-02-11T17:00:00+07:00',
      note: 'Chờ bổ sung hợp đồng',
    },
    {
      step: 'Trả kết quả cho Bộ phận Một cửa',
      from: { name: 'Hoàng Văn Dũng' },
      to: { name: 'Lò Văn Thành', unit: 'Bộ phận Một cửa' },
      at: '2025-02-13T15:20:00+07:00',
      dueAt: '2025-02-13T17:00:00+07:00',
    },
  ],
};

export const sampleRegisterMeta: Form07RegisterMeta = {
  header: { ...sampleHeader, documentNumber: undefined, issuedAt: '2025-04-01T08:00:00+07:00' },
  unitName: 'Trung tâm Phục vụ hành chính công tỉnh Lai Châu',
  from: '2025-01-01',
  to: '2025-03-31',
  book: '01/2025',
};

const PROCEDURES = [
  'Đăng ký khai sinh',
  'Cấp Giấy chứng nhận đăng ký hộ kinh doanh',
  'Đăng ký biến động quyền sử dụng đất do chuyển nhượng',
  'Cấp phiếu lý lịch tư pháp cho công dân Việt Nam',
  'Cấp giấy phép xây dựng nhà ở riêng lẻ',
  'Chứng thực bản sao từ bản chính giấy tờ, văn bản',
];
const NAMES = [
  'Nguyễn Văn Bình',
  'Trần Thị Lụa',
  'Lò Thị Mai',
  'Giàng A Páo',
  'Vàng Thị Dế',
  'Đặng Quốc Huy',
  'Tẩn Láo Lở',
  'Phạm Ngọc Ánh',
];
const STATUSES: RegisterRow['status'][] = [
  'early',
  'on_time',
  'on_time',
  'late',
  'in_progress',
  'in_progress_overdue',
];

/** `count` register rows, deterministic, spread over the first quarter of 2025. */
export function sampleRegisterRows(count: number): RegisterRow[] {
  return Array.from({ length: count }, (_, i) => {
    const day = 2 + (i % 80);
    const received = new Date(Date.UTC(2025, 0, day, 1 + (i % 8), (i * 7) % 60));
    const due = new Date(received.getTime() + (3 + (i % 10)) * 86_400_000);
    const status = STATUSES[i % STATUSES.length]!;
    const finished =
      status === 'in_progress' || status === 'in_progress_overdue'
        ? null
        : new Date(due.getTime() + (status === 'late' ? 2 : -1) * 86_400_000);
    return {
      code: `000.00.12.H40-${received.toISOString().slice(2, 10).replace(/-/g, '')}-${String(i + 1).padStart(4, '0')}`,
      procedure: PROCEDURES[i % PROCEDURES.length]!,
      sets: 1,
      applicant: NAMES[i % NAMES.length]!,
      contact: `Bản ${['Nà Khương', 'Sì Thâu Chải', 'Hồ Thầu', 'Nậm Loỏng'][i % 4]}, 09${String(10000000 + i * 7919).slice(0, 8)}`,
      agency:
        i % 3 === 0 ? 'Văn phòng ĐKĐĐ tỉnh' : i % 3 === 1 ? 'Sở Tư pháp' : 'UBND phường Tân Phong',
      receivedAt: received,
      dueAt: due,
      transferredAt: new Date(received.getTime() + 3 * 3600_000),
      resultAt: finished,
      returnedAt: finished ? new Date(finished.getTime() + 3600_000) : null,
      status,
      note: i % 11 === 0 ? 'Bổ sung 01 lần' : undefined,
    };
  });
}
