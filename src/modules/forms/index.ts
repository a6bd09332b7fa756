/**
 * The seven forms of Circular 03/2025/TT-VPCP as PDFs (and the register as .xlsx). Pure
 * renderers over plain data: the dossier module builds the inputs from its records, stores the
 * result (files module) and signs it when needed (platform/signing).
 */
export {
  count2,
  type Instant,
  longDate,
  longDateTime,
  placeDate,
  shortDate,
  shortDateTime,
  vnd,
} from './format.js';
export {
  CHANNEL_LABELS,
  classifyHandover,
  OUTCOME_LABELS,
  renderForm01Receipt,
  renderForm02Supplement,
  renderForm03Refusal,
  renderForm04Apology,
  renderForm05Stop,
  renderForm06ProcessControl,
} from './forms.render.js';
export type {
  Applicant,
  Fee,
  Form01ReceiptData,
  Form02SupplementData,
  Form03RefusalData,
  Form04ApologyData,
  Form05StopData,
  Form06ProcessControlData,
  Form07RegisterMeta,
  FormHeader,
  Handover,
  MissingItem,
  Person,
  ProcedureRef,
  ReceivedComponent,
  RegisterRow,
  ResultDelivery,
} from './forms.types.js';
export { FONTS } from './pdf.js';
export { REGISTER_COLUMNS, renderForm07Register, renderRegisterXlsx } from './register.js';
