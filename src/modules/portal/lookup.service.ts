import { formatInstant } from '../../domain/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findDossierByCode } from '../dossiers/index.js';
import { maskName, publicStatus } from './public-status.js';

const ZONE = 'Asia/Ho_Chi_Minh';
const CODE = /^[A-Za-z0-9.]{1,40}-\d{6}-\d{4}$/;

export const localIso = (value: Date | string | null): string | null =>
  value === null ? null : formatInstant(ZONE, new Date(value).getTime());

/**
 * The public answer about a dossier code: progress, promised date, no personal data (the name
 * masked, nothing else about the applicant, no officer names). Unknown codes, malformed codes
 * and drafts all answer `not_found` alike, so the look-up cannot be used to probe what exists.
 */
export async function lookupDossier(options: { ctx: AppContext; tenantId: number; code: string }) {
  const code = options.code.trim().toUpperCase();
  if (!CODE.test(code)) throw new AppError('not_found');
  const dossier = await findDossierByCode(options.ctx.db, options.tenantId, code);
  if (!dossier) throw new AppError('not_found');
  const now = options.ctx.now().getTime();
  const time = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  const due = time(dossier.dueAt);
  const original = time(dossier.originalDueAt);
  const finished = time(dossier.finishedAt);
  return {
    code: dossier.code,
    status: dossier.status,
    statusLabel: publicStatus(dossier.status),
    applicant: maskName(dossier.applicantName),
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    unit: dossier.receivingUnitName,
    channel: dossier.channel,
    receivedAt: dossier.receivedAt,
    promisedAt: dossier.dueAt,
    finishedAt: dossier.finishedAt,
    returnedAt: dossier.returnedAt,
    // Judged against the original date: an extension does not make a late dossier on time.
    late: original !== null && (finished ?? now) > original,
    extended: due !== null && original !== null && due !== original,
    timeline: dossier.timeline.map((e) => ({
      at: e.at,
      status: e.status,
      label: publicStatus(e.status),
    })),
  };
}

const SMS_QUERY = /^\s*TRA\s?CUU\s+(\S+)\s*$/i;

/** dd/MM/yyyy HH:mm in Vietnam time, for SMS. */
function smsDate(value: Date | string): string {
  const iso = formatInstant(ZONE, new Date(value).getTime());
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

/**
 * Answers an inbound SMS "TRACUU <code>" with a short status text in plain ASCII (an SMS in
 * GSM-7 fits 160 characters; Vietnamese diacritics would force UCS-2 and 70). Anything else
 * gets the usage line.
 */
export async function smsLookupReply(options: {
  ctx: AppContext;
  tenantId: number;
  text: string;
}): Promise<string> {
  const match = SMS_QUERY.exec(options.text);
  if (!match) return 'Soan: TRACUU <ma ho so> de tra cuu tinh trang ho so.';
  const code = match[1]!.toUpperCase();
  try {
    const found = await lookupDossier({ ctx: options.ctx, tenantId: options.tenantId, code });
    const parts = [`HS ${found.code}: ${publicStatus(found.status).ascii}`];
    if (found.finishedAt === null && found.promisedAt)
      parts.push(`hen tra ${smsDate(found.promisedAt)}`);
    if (found.returnedAt) parts.push(`da tra ${smsDate(found.returnedAt)}`);
    return foldForSms(parts.join(', ')).slice(0, 160);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found')
      return foldForSms(`Khong tim thay ho so ${code}.`).slice(0, 160);
    throw error;
  }
}

/** Diacritics off, case kept: "Đã" → "Da". */
function foldForSms(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}
