export { decryptField, encryptField, lookupHash, protectField } from './fields.js';
export {
  maskEmail,
  maskIdNumber,
  maskingLoggerOptions,
  maskLogObject,
  maskPersonalData,
  maskPhone,
} from './redact.js';
