/**
 * Proposal input at the workflow's edge: validated with the pre-review's parser (src/prereview/parse.ts, which
 * names every bad field in Chinese with English alongside); an invalid proposal throws ProposalValidationError.
 */
import { parseProposal, type ProposalError } from "../prereview/parse.js";
import type { Proposal } from "../prereview/schema.js";

export class ProposalValidationError extends Error {
  readonly lines: string[];
  constructor(public readonly errors: ProposalError[]) {
    const lines = errors.map((e) => `${e.field}: ${e.messageZh} / ${e.messageEn}`);
    super(`项目申报内容有误 / invalid proposal:\n${lines.map((l) => `  ${l}`).join("\n")}`);
    this.name = "ProposalValidationError";
    this.lines = lines;
  }
}

/** Parses proposal input (extra fields such as id / expect are ignored) or throws ProposalValidationError. */
export function validateProposal(input: unknown): Proposal {
  const r = parseProposal(input);
  if (r.ok) return r.proposal;
  throw new ProposalValidationError(r.errors);
}
