import { formatInstant } from '../../domain/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { LookupBatcher } from './lookup.batch.js';
import type { LookupCache } from './lookup.cache.js';
import { PUBLIC_ZONE, publicDossierJson, publicDossiersJson } from './lookup.query.js';
import { publicStatus } from './public-status.js';

const ZONE = PUBLIC_ZONE;
const CODE = /^[A-Za-z0-9.]{1,40}-\d{6}-\d{4}$/;

export const localIso = (value: Date | string | null): string | null =>
  value === null ? null : formatInstant(ZONE, new Date(value).getTime());

/** The shape of the public answer (the route's schema; the web app's `lookup` page). */
export interface PublicDossier {
  code: string;
  status: string;
  statusLabel: { vi: string; en: string; ascii: string };
  applicant: string;
  procedure: { code: string; name: string };
  unit: string;
  channel: number;
  receivedAt: string | null;
  promisedAt: string | null;
  finishedAt: string | null;
  returnedAt: string | null;
  late: boolean;
  extended: boolean;
  timeline: Array<{ at: string; status: string; label: { vi: string; en: string; ascii: string } }>;
}

/**
 * The public answer about a dossier code, as JSON text: progress, promised date, no personal
 * data (the name masked, nothing else about the applicant, no officer names). Unknown codes,
 * malformed codes and drafts all answer `not_found` alike, so the look-up cannot be used to
 * probe what exists. `late` is judged against the original date: an extension does not make a
 * late dossier on time.
 */
export async function lookupDossierJson(options: {
  ctx: AppContext;
  tenantId: number;
  code: string;
  /** Recent answers, served for at most the cache's TTL (off by default). */
  cache?: LookupCache;
  /** Reads the codes asked for at the same moment together (the route's); else one read. */
  batcher?: LookupBatcher;
}): Promise<string> {
  const code = options.code.trim().toUpperCase();
  if (!CODE.test(code)) throw new AppError('not_found');
  const now = options.ctx.now();
  const cached = options.cache?.get(options.tenantId, code, now.getTime());
  if (cached !== undefined) return cached;
  const json = options.batcher
    ? await options.batcher.lookup(options.tenantId, code)
    : await publicDossierJson(options.ctx.database.genericPlans(), options.tenantId, code, now);
  if (json === undefined) throw new AppError('not_found');
  options.cache?.set(options.tenantId, code, json, now.getTime());
  return json;
}

/**
 * The batcher the look-up route shares: its statements run on the generic-plan connections
 * (Database.genericPlans), each batch judged at the moment it is read.
 */
export function lookupBatchReader(
  ctx: AppContext,
): (tenantId: number, codes: string[]) => Promise<Map<string, string>> {
  return (tenantId, codes) =>
    publicDossiersJson(ctx.database.genericPlans(), tenantId, codes, ctx.now());
}

/** The same answer as an object (the SMS reply). */
export async function lookupDossier(options: {
  ctx: AppContext;
  tenantId: number;
  code: string;
}): Promise<PublicDossier> {
  return JSON.parse(await lookupDossierJson(options)) as PublicDossier;
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
