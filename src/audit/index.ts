export { appendAudit, canonicalJson, hashEntry, GENESIS, type AuditEntry } from "./chain.js";
export { verifyAudit, verifyRows, type VerifyResult } from "./verify.js";
export { exportAudit, type AuditFormat } from "./export.js";
