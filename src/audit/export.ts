/** Audit export: JSON (array of entries) or CSV (RFC 4180, payload as canonical JSON in one column). */
import type { AuditRow } from "../store/repository.js";
import { canonicalJson } from "./chain.js";

export type AuditFormat = "json" | "csv";

export function exportAudit(rows: AuditRow[], format: AuditFormat): string {
  if (format === "json")
    return JSON.stringify(
      rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, kind: r.kind, proposalId: r.proposalId, payload: r.payload, prevHash: r.prevHash, hash: r.hash })),
      null,
      2,
    ) + "\n";
  const cell = (v: unknown) => {
    const s = v === null || v === undefined ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = "id,at,actor,kind,proposal_id,payload,prev_hash,hash";
  const lines = rows.map((r) =>
    [r.id, r.at, r.actor, r.kind, r.proposalId, canonicalJson(r.payload), r.prevHash, r.hash].map(cell).join(","),
  );
  return [header, ...lines].join("\r\n") + "\r\n";
}
