/**
 * Audit export: JSON (array of entries) or CSV (RFC 4180, payload as canonical JSON in one column; cells starting
 * with = + - @ tab or CR are prefixed with ' so spreadsheets show them as text, not formulas).
 */
import type { AuditRow } from "../store/repository.js";
import { canonicalJson } from "./chain.js";

/** The formats `audit export` writes. */
export const AUDIT_FORMATS = ["json", "csv"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export function exportAudit(rows: AuditRow[], format: AuditFormat): string {
  if (format === "json")
    return JSON.stringify(
      rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, kind: r.kind, proposalId: r.proposalId, payload: r.payload, prevHash: r.prevHash, hash: r.hash })),
      null,
      2,
    ) + "\n";
  const cell = (v: unknown) => {
    const raw = v === null || v === undefined ? "" : String(v);
    // CSV injection (OWASP): a cell a spreadsheet would read as a formula is prefixed with a quote.
    const s = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = "id,at,actor,kind,proposal_id,payload,prev_hash,hash";
  const lines = rows.map((r) =>
    [r.id, r.at, r.actor, r.kind, r.proposalId, canonicalJson(r.payload), r.prevHash, r.hash].map(cell).join(","),
  );
  return [header, ...lines].join("\r\n") + "\r\n";
}
