export { appendAudit, canonicalJson, hashEntry, macOf, GENESIS, type AuditEntry } from "./chain.js";
export { verifyAudit, verifyRows, type VerifyResult, type VerifyFinding, type VerifyProblem } from "./verify.js";
export { exportAudit, type AuditFormat } from "./export.js";
export { openAuditTrust, checkpointAudit } from "./checkpoint-writer.js";
export { AuditKeyError, makeTrust, resolveAuditKey, storeIdOf, type AuditTrust } from "./trust.js";
