/**
 * `zhice prereview [--json] FILE.json [--data-dir DIR]` — pre-review a proposal. With --json, stdout carries exactly
 * {"outcome", "checks": [{"id", "status", "message", "citations", "trigger"?}]}; without it, a readable Chinese report.
 * Invalid input exits 2 and names every bad field (Chinese / English) on stderr (and as {"errors": […]} with --json).
 */
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { openKnowledge } from "../knowledge/index.js";
import { createPrereviewer, parseProposal, renderChecklist } from "../prereview/index.js";
import { formatProposalErrors, type ProposalError } from "../prereview/parse.js";
import { readProposalFile } from "../prereview/proposal-file.js";
import type { Checklist } from "../prereview/schema.js";
import { argumentError } from "./arg-errors.js";

const USAGE = `用法 / usage: npm run -s zhice -- prereview [--json] FILE.json [--data-dir DIR]`;

/** The `prereview --json` contract. */
export function toJsonChecklist(c: Checklist) {
  return {
    outcome: c.outcome,
    checks: c.checks.map((k) => ({
      id: k.id,
      status: k.status,
      message: k.message,
      citations: k.citations.map((x) => ({ docId: x.docId, title: x.title, docNo: x.docNo, clausePath: x.clausePath, text: x.text })),
      ...(k.trigger ? { trigger: k.trigger } : {}),
    })),
  };
}

function fail(json: boolean, errors: ProposalError[]): number {
  console.error(`项目申报内容有误 / invalid proposal:\n${formatProposalErrors(errors)}`);
  if (json) process.stdout.write(JSON.stringify({ errors }) + "\n");
  return 2;
}

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: "boolean", default: false }, "data-dir": { type: "string" } },
    });
  } catch (err) {
    console.error(argumentError(err, USAGE));
    return 2;
  }
  const json = args.values.json ?? false;
  const file = args.positionals[0];
  if (!file || args.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  const read = readProposalFile(file);
  if (!read.ok) {
    console.error(`${read.error.messageZh} / ${read.error.messageEn}`);
    if (json) process.stdout.write(JSON.stringify({ errors: [read.error] }) + "\n");
    return 2;
  }
  const parsed = parseProposal(read.json);
  if (!parsed.ok) return fail(json, parsed.errors);

  if (json) {
    // keep stdout pure JSON: libraries that log go to stderr
    const toErr = (...a: unknown[]) => console.error(...a);
    console.log = toErr;
    console.info = toErr;
  }
  const config = loadConfig(process.env, { dataDir: args.values["data-dir"] });
  const knowledge = await openKnowledge(config, { autoIngest: true, quiet: json });
  try {
    const checklist = await createPrereviewer(knowledge, config)(parsed.proposal);
    if (json) process.stdout.write(JSON.stringify(toJsonChecklist(checklist)) + "\n");
    else process.stdout.write(renderChecklist(checklist, parsed.proposal.title));
    return 0;
  } finally {
    await knowledge.close();
  }
}
