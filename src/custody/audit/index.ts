/** The hash-chained audit log: record format, writer, verifier and the auditing backend wrapper. */
export { AuditLog, type AuditLogOptions } from './log.js';
export { verifyAuditLog, verifyAuditText, type AuditProblem, type AuditVerification, type AuditVerifyOptions } from './verify.js';
export { alphaDigest, GENESIS_HASH, type AuditRecord } from './record.js';
export { AuditedBackend } from './auditedBackend.js';
