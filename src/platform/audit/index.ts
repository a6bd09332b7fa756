export {
  type AuditBreak,
  type AuditData,
  type AuditEntry,
  type AuditProblem,
  type AuditVerification,
  auditStream,
  chainHash,
  type RecordedAudit,
  recordAudit,
  verifyAuditChain,
} from './audit.js';
export { canonicalJson } from './canonical.js';
