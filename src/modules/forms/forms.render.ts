import { AppError } from '../../platform/errors.js';
import {
  count2,
  type Instant,
  longDate,
  longDateTime,
  shortDateTime,
  toDate,
  vnDay,
  vnd,
} from './format.js';
import type {
  Applicant,
  Form01ReceiptData,
  Form02SupplementData,
  Form03RefusalData,
  Form04ApologyData,
  Form05StopData,
  Form06ProcessControlData,
  FormHeader,
  Handover,
  ProcedureRef,
  ResultDelivery,
} from './forms.types.js';
import { FormPdf, requireNonEmpty, requireText } from './pdf.js';

// The seven forms follow Circular 03/2025/TT-VPCP (which replaced the forms of Circular
// 01/2018/TT-VPCP under Decree 118/2025/NĐ-CP): the same headings, titles and fields, laid
// out for A4 with an embedded Vietnamese font.

export const CHANNEL_LABELS: Record<1 | 2 | 3, string> = {
  1: 'Trực tiếp tại Bộ phận Một cửa',
  2: 'Trực tuyến',
  3: 'Qua dịch vụ bưu chính công ích',
};

export const OUTCOME_LABELS = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
  in_progress: 'Đang giải quyết, trong hạn',
  in_progress_overdue: 'Đang giải quyết, quá hạn',
} as const;

async function open(
  header: FormHeader,
  title: string,
  subject: string,
  dossierCode?: string,
): Promise<FormPdf> {
  requireText(header.agencyName, 'header.agencyName', title);
  requireText(header.place, 'header.place', title);
  return FormPdf.create({
    title: dossierCode ? `${title} – ${dossierCode}` : title,
    author: header.agencyName,
    subject,
    keywords: [dossierCode, header.tenantName].filter(Boolean).join(', '),
    creationDate: toDate(header.issuedAt),
  });
}

function applicantLines(pdf: FormPdf, applicant: Applicant, label = 'Ông/bà (tổ chức)'): void {
  requireText(applicant.name, 'applicant.name', 'form');
  pdf.field(applicant.kind === 'organisation' ? 'Tổ chức' : label, applicant.name, { bold: true });
  pdf.field('Địa chỉ', applicant.address);
  const contact = [
    applicant.idNumber
      ? `${applicant.kind === 'organisation' ? 'Mã số thuế' : 'Số định danh cá nhân'}: ${applicant.idNumber}`
      : null,
    `Số điện thoại: ${applicant.phone ?? '……………'}`,
    applicant.email ? `Email: ${applicant.email}` : null,
  ]
    .filter((line): line is string => Boolean(line))
    // A label never ends a line apart from its value.
    .map((line) => line.replace(': ', ':\u00a0'))
    .join('     ');
  pdf.paragraph(contact, { align: 'left', gap: 0.15 });
}

function procedureLine(pdf: FormPdf, procedure: ProcedureRef): void {
  requireText(procedure.name, 'procedure.name', 'form');
  pdf.field(
    'Nội dung yêu cầu giải quyết',
    procedure.code ? `${procedure.name} (mã thủ tục ${procedure.code})` : procedure.name,
  );
}

function deliveryText(delivery: ResultDelivery): string {
  switch (delivery.channel) {
    case 'counter':
      return delivery.place
        ? `Bộ phận Một cửa – ${delivery.place}`
        : 'Bộ phận Một cửa nơi nộp hồ sơ';
    case 'post':
      return `Qua dịch vụ bưu chính công ích, đến địa chỉ: ${delivery.address}`;
    case 'electronic':
      return delivery.address
        ? `Trực tuyến (kết quả điện tử) – ${delivery.address}`
        : 'Trực tuyến (kết quả điện tử) trên Cổng Dịch vụ công';
  }
}

/**
 * Form 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả: issued when a complete dossier is
 * registered (Decree 118/2025, reception step). Shows the dossier code prominently, the
 * components received with their form and copies, the legal limit, the reception time, the
 * promised return date and time, fees, how the result is delivered and where to look it up.
 * Throws `validation_failed` when required data is missing.
 */
export async function renderForm01Receipt(data: Form01ReceiptData): Promise<Buffer> {
  const code = requireText(data.dossierCode, 'dossierCode', 'Form 01');
  requireNonEmpty(data.components, 'components', 'Form 01');
  if (toDate(data.dueAt).getTime() < toDate(data.receivedAt).getTime()) {
    throw new AppError('validation_failed', {
      message: 'Form 01: dueAt is before receivedAt',
      details: { form: 'Form 01', field: 'dueAt' },
    });
  }
  const pdf = await open(data.header, 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', 'Mẫu số 01', code);
  pdf.header(data.header, 'Mẫu số 01');
  pdf.title('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  pdf.box([{ text: `Mã hồ sơ: ${code}`, bold: true, size: 14 }], { padding: 6 });

  pdf.paragraph(`${data.header.agencyName} đã tiếp nhận hồ sơ của:`);
  applicantLines(pdf, data.applicant);
  procedureLine(pdf, data.procedure);
  pdf.field('Hình thức nộp', CHANNEL_LABELS[data.channel]);

  pdf.paragraph('**1. Thành phần hồ sơ nộp gồm:**', { gap: 0.2 });
  pdf.table(
    [
      { header: 'TT', width: 6, align: 'center' },
      { header: 'Tên loại giấy tờ', width: 58 },
      { header: 'Hình thức', width: 24, align: 'center' },
      { header: 'Số lượng', width: 12, align: 'center' },
    ],
    data.components.map((c, i) => [String(i + 1), c.name, c.form, count2(c.copies)]),
    { size: 9.5 },
  );
  pdf.paragraph(`**2. Số lượng hồ sơ:** ${count2(data.sets ?? 1)} bộ.`);
  pdf.paragraph(`**3. Thời hạn giải quyết hồ sơ theo quy định:** ${data.timeLimit}.`);
  pdf.paragraph(`**4. Thời gian nhận hồ sơ:** ${longDateTime(data.receivedAt)}.`);
  pdf.paragraph(`**5. Thời gian trả kết quả giải quyết hồ sơ: ${longDateTime(data.dueAt)}.**`);
  const feeTotal = data.fees.reduce((sum, f) => sum + f.amount, 0);
  const feeText =
    data.fees.length === 0 || feeTotal === 0
      ? 'Không thu phí, lệ phí.'
      : `${data.fees.map((f) => `${f.label}: ${vnd(f.amount)}`).join('; ')}. Tổng cộng: ${vnd(feeTotal)}${data.feesPaid === undefined ? '' : data.feesPaid ? ' (đã nộp)' : ' (chưa nộp)'}.`;
  pdf.paragraph(`**6. Phí, lệ phí:** ${feeText}`);
  pdf.paragraph(`**7. Đăng ký nhận kết quả tại:** ${deliveryText(data.resultDelivery)}.`);
  if (data.register) {
    pdf.paragraph(
      `Vào Sổ theo dõi hồ sơ, Quyển số: ${data.register.book}, Số thứ tự: ${data.register.seq}.`,
      { italic: true },
    );
  }
  pdf.box(
    [
      {
        text: `Tra cứu tình trạng hồ sơ tại ${data.lookupUrl}, nhập mã hồ sơ ${code}`,
        bold: true,
        size: 9,
      },
      ...(data.smsLookup ? [{ text: data.smsLookup, size: 8.5 }] : []),
    ],
    { padding: 5 },
  );
  pdf.signatures([
    { title: 'Người nộp hồ sơ', name: data.applicant.name },
    { title: 'Người tiếp nhận hồ sơ', name: data.officer.name },
  ]);
  pdf.paragraph(
    'Ghi chú: Giấy lập 02 liên (01 liên giao người nộp hồ sơ, 01 liên lưu kèm hồ sơ); mang theo khi nhận kết quả.',
    { size: 8, italic: true },
  );
  return pdf.finish();
}

/**
 * Form 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: lists EVERYTHING missing in one written
 * request (Decree 118/2025: the applicant is guided once, in writing; during processing at most
 * one supplement request, and the clock pauses until the supplement arrives). Throws
 * `validation_failed` without at least one missing item, or when an item is listed twice.
 */
export async function renderForm02Supplement(data: Form02SupplementData): Promise<Buffer> {
  requireNonEmpty(data.missing, 'missing', 'Form 02');
  const seen = new Set<string>();
  for (const m of data.missing) {
    const key = requireText(m.item, 'missing.item', 'Form 02').toLocaleLowerCase('vi');
    if (seen.has(key)) {
      throw new AppError('validation_failed', {
        message: `Form 02: "${m.item}" is listed twice`,
        details: { form: 'Form 02', field: 'missing' },
      });
    }
    seen.add(key);
  }
  const pdf = await open(
    data.header,
    'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
    'Mẫu số 02',
    data.dossierCode,
  );
  pdf.header(data.header, 'Mẫu số 02');
  pdf.title(
    'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
    data.dossierCode ? [`Mã hồ sơ: ${data.dossierCode}`] : [],
  );
  pdf.paragraph(
    data.receivedAt
      ? `${capitalise(longDate(data.receivedAt))}, ${data.header.agencyName} tiếp nhận hồ sơ của:`
      : `${data.header.agencyName} tiếp nhận hồ sơ của:`,
  );
  applicantLines(pdf, data.applicant);
  procedureLine(pdf, data.procedure);
  pdf.paragraph(
    data.duringProcessing
      ? 'Qua thẩm định, hồ sơ cần được bổ sung, hoàn thiện. Đề nghị ông/bà bổ sung, hoàn thiện **đầy đủ một lần** các nội dung sau:'
      : 'Qua kiểm tra, hồ sơ chưa đầy đủ, hợp lệ. Đề nghị ông/bà bổ sung, hoàn thiện **đầy đủ một lần** các nội dung sau:',
    { gap: 0.2 },
  );
  pdf.list(data.missing.map((m) => (m.detail ? `${m.item}: ${m.detail}` : m.item)));
  if (data.reason) pdf.paragraph(`**Lý do:** ${data.reason}`);
  if (data.duringProcessing) {
    pdf.paragraph('Thời gian bổ sung, hoàn thiện hồ sơ không tính vào thời hạn giải quyết hồ sơ.', {
      italic: true,
    });
  }
  pdf.paragraph(
    `Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ với ${data.contact.name}${data.contact.phone ? `, số điện thoại ${data.contact.phone}` : ''} để được hướng dẫn.`,
  );
  pdf.paragraph('Xin trân trọng cảm ơn./.');
  pdf.signatures([null, { title: 'Người hướng dẫn', name: data.officer.name }]);
  return pdf.finish();
}

/**
 * Form 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ: the dossier is outside the agency's
 * remit or the request is ineligible; states every reason (Decree 118/2025, reception step).
 * Throws `validation_failed` without a reason.
 */
export async function renderForm03Refusal(data: Form03RefusalData): Promise<Buffer> {
  const reasons = requireNonEmpty(data.reasons, 'reasons', 'Form 03').map((r) =>
    requireText(r, 'reasons', 'Form 03'),
  );
  const pdf = await open(data.header, 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', 'Mẫu số 03');
  pdf.header(data.header, 'Mẫu số 03');
  pdf.title('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
  pdf.paragraph(
    data.receivedAt
      ? `Vào lúc ${longDateTime(data.receivedAt)}, ${data.header.agencyName} tiếp nhận hồ sơ của:`
      : `${data.header.agencyName} tiếp nhận hồ sơ của:`,
  );
  applicantLines(pdf, data.applicant);
  procedureLine(pdf, data.procedure);
  pdf.paragraph(
    `Qua xem xét, ${data.header.agencyName} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:`,
    { gap: 0.2 },
  );
  pdf.list(reasons);
  if (data.legalBasis) pdf.paragraph(`**Căn cứ:** ${data.legalBasis}`);
  pdf.paragraph('Xin thông báo để ông/bà được biết và thực hiện./.');
  pdf.signatures([null, { title: 'Người tiếp nhận hồ sơ', name: data.officer.name }]);
  return pdf.finish();
}

/**
 * Form 04 — Phiếu xin lỗi và hẹn lại ngày trả kết quả: issued by the processing agency before
 * the promised date passes (default at least one working day before), with the reason and
 * the new date, which may be set only once; the dossier still counts as late (DOMAIN §4.7).
 * Throws `validation_failed` when the new date is not after the promised one.
 */
export async function renderForm04Apology(data: Form04ApologyData): Promise<Buffer> {
  const code = requireText(data.dossierCode, 'dossierCode', 'Form 04');
  const reason = requireText(data.reason, 'reason', 'Form 04');
  if (toDate(data.newDueAt).getTime() <= toDate(data.dueAt).getTime()) {
    throw new AppError('validation_failed', {
      message: 'Form 04: newDueAt must be after dueAt',
      details: { form: 'Form 04', field: 'newDueAt' },
    });
  }
  const pdf = await open(
    data.header,
    'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
    'Mẫu số 04',
    code,
  );
  pdf.header(data.header, 'Mẫu số 04');
  pdf.title('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ', [`Mã hồ sơ: ${code}`]);
  pdf.paragraph(`Kính gửi: **${data.applicant.name}**`, { align: 'center' });
  pdf.paragraph(
    `${capitalise(longDate(data.receivedAt))}, ${data.header.agencyName} tiếp nhận giải quyết hồ sơ của ông/bà, mã hồ sơ **${code}**, về việc: ${data.procedure.name}.`,
  );
  pdf.paragraph(`Thời gian hẹn trả kết quả giải quyết hồ sơ: ${longDateTime(data.dueAt)}.`);
  pdf.paragraph(
    `Tuy nhiên đến nay, ${data.header.agencyName} chưa trả kết quả giải quyết hồ sơ cho ông/bà đúng hạn.`,
  );
  pdf.paragraph(`**Lý do:** ${reason}`);
  pdf.paragraph(
    `Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của ông/bà. ${data.header.agencyName} xin lỗi ông/bà và hẹn lại thời gian trả kết quả vào **${longDateTime(data.newDueAt)}**.`,
  );
  pdf.paragraph('Mong nhận được sự thông cảm của ông/bà./.');
  pdf.signatures(
    [
      null,
      {
        title: data.signer.title ?? 'Thủ trưởng cơ quan',
        note: '(Ký, ghi rõ họ tên và đóng dấu)',
        name: data.signer.name,
      },
    ],
    {
      leftText: data.recipients ?? [`Ông/bà ${data.applicant.name}`, 'Lưu: hồ sơ, VT'],
    },
  );
  return pdf.finish();
}

/**
 * Form 05 — Thông báo dừng / không giải quyết hồ sơ: processing is stopped, or the request is
 * refused after appraisal, with every reason and its legal basis in writing (Decree 118/2025,
 * processing step). Throws `validation_failed` without a reason.
 */
export async function renderForm05Stop(data: Form05StopData): Promise<Buffer> {
  const code = requireText(data.dossierCode, 'dossierCode', 'Form 05');
  const reasons = requireNonEmpty(data.reasons, 'reasons', 'Form 05').map((r) =>
    requireText(r, 'reasons', 'Form 05'),
  );
  const what = data.kind === 'stop' ? 'dừng giải quyết' : 'không giải quyết';
  const pdf = await open(data.header, `Thông báo ${what} hồ sơ`, 'Mẫu số 05', code);
  pdf.header(data.header, 'Mẫu số 05');
  pdf.title('THÔNG BÁO', [`Về việc ${what} hồ sơ`, `Mã hồ sơ: ${code}`]);
  pdf.paragraph(`Kính gửi: **${data.applicant.name}**`, { align: 'center' });
  pdf.paragraph(
    `${capitalise(longDate(data.receivedAt))}, ${data.header.agencyName} tiếp nhận hồ sơ của ông/bà (tổ chức), mã hồ sơ **${code}**, về việc: ${data.procedure.name}.`,
  );
  pdf.paragraph(
    `Qua xem xét, ${data.header.agencyName} thông báo **${what}** hồ sơ nêu trên với lý do như sau:`,
    { gap: 0.2 },
  );
  pdf.list(reasons);
  if (data.legalBasis) pdf.paragraph(`**Căn cứ pháp lý:** ${data.legalBasis}`);
  if (data.settlement) pdf.paragraph(`**Xử lý phí, lệ phí và hồ sơ đã nộp:** ${data.settlement}`);
  pdf.paragraph(`${data.header.agencyName} thông báo để ông/bà (tổ chức) được biết./.`);
  pdf.signatures(
    [
      null,
      {
        title: data.signer.title ?? 'Thủ trưởng cơ quan',
        note: '(Ký, ghi rõ họ tên và đóng dấu)',
        name: data.signer.name,
      },
    ],
    {
      leftText: data.recipients ?? [
        `Ông/bà ${data.applicant.name}`,
        'Bộ phận Một cửa',
        'Lưu: hồ sơ, VT',
      ],
    },
  );
  return pdf.finish();
}

/**
 * Whether a hand-over was early, on time or late against its step allotment: early when done
 * before the due day (Vietnam time), on time on the due day not after the due time, late after
 * (the classes of Decision 766/QĐ-TTg, indicator 2.1, applied to one step). Undefined when the
 * step has no allotment.
 */
export function classifyHandover(
  handover: Pick<Handover, 'at' | 'dueAt' | 'outcome'>,
): Handover['outcome'] {
  if (handover.outcome) return handover.outcome;
  if (handover.dueAt === undefined) return undefined;
  const at = toDate(handover.at).getTime();
  const due = toDate(handover.dueAt).getTime();
  if (at > due) return 'late';
  return vnDay(handover.at) < vnDay(handover.dueAt) ? 'early' : 'on_time';
}

/**
 * Form 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ: every hand-over of the dossier (from
 * whom, to whom, when, on time or late against the step's allotment) with a column for both
 * sides to sign; kept from the dossier's history (Decree 118/2025, transfer step). Throws
 * `validation_failed` without hand-overs.
 */
export async function renderForm06ProcessControl(data: Form06ProcessControlData): Promise<Buffer> {
  const code = requireText(data.dossierCode, 'dossierCode', 'Form 06');
  requireNonEmpty(data.handovers, 'handovers', 'Form 06');
  const pdf = await open(
    data.header,
    'Phiếu kiểm soát quá trình giải quyết hồ sơ',
    'Mẫu số 06',
    code,
  );
  pdf.header(data.header, 'Mẫu số 06');
  pdf.title('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ', [
    `Mã hồ sơ: ${code}`,
    '(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)',
  ]);
  pdf.field('Người nộp hồ sơ', data.applicant.name, { bold: true });
  pdf.field(
    'Thủ tục',
    data.procedure.code
      ? `${data.procedure.name} (mã ${data.procedure.code})`
      : data.procedure.name,
  );
  pdf.field('Tiếp nhận lúc', longDateTime(data.receivedAt));
  pdf.field('Hẹn trả kết quả', longDateTime(data.dueAt));
  pdf.field('Cơ quan (bộ phận) giải quyết hồ sơ', data.leadAgency);
  if (data.coordinatingAgencies && data.coordinatingAgencies.length > 0)
    pdf.field('Cơ quan phối hợp giải quyết', data.coordinatingAgencies.join('; '));
  pdf.paragraph('', { gap: 0.2 });

  const who = (p: Handover['from']) => [p.name, p.title, p.unit].filter(Boolean).join('\n');
  const rows = data.handovers.map((h, i) => {
    const outcome = classifyHandover(h);
    return [
      String(i + 1),
      h.step,
      who(h.from),
      who(h.to),
      shortDateTime(h.at),
      h.dueAt ? shortDateTime(h.dueAt) : '',
      [outcome ? OUTCOME_LABELS[outcome] : '', h.note ?? ''].filter(Boolean).join('\n'),
      '',
    ];
  });
  pdf.table(
    [
      { header: 'TT', width: 4, align: 'center' },
      { header: 'Bước xử lý', width: 15 },
      { header: 'Bên giao', width: 17 },
      { header: 'Bên nhận', width: 17 },
      { header: 'Thời gian giao, nhận', width: 11, align: 'center' },
      { header: 'Hạn của bước', width: 11, align: 'center' },
      { header: 'Kết quả', width: 12, align: 'center' },
      { header: 'Ký giao, nhận', width: 13, align: 'center' },
    ],
    rows,
    { size: 8, headerSize: 8, minRowHeight: 40 },
  );
  const late = data.handovers.filter((h) => classifyHandover(h) === 'late').length;
  pdf.paragraph(`Tổng số lần giao, nhận: ${data.handovers.length}; trong đó quá hạn: ${late}.`, {
    italic: true,
    size: 9,
  });
  return pdf.finish();
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

export type { Instant };
