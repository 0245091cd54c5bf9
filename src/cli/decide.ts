/**
 * `zhice decide ID approve|reject|request_changes|withdraw|transfer --as USER [--reason …] [--to USER]
 *  [--expected-seq N] [--json]` — exits 0 only when the decision was applied; any refusal prints one line
 * "中文 / English" on stderr, exits 1, and is recorded in the audit trail.
 */
import { DECISION_ACTIONS } from "../workflow/index.js";
import { STATE_LABEL, cliConfig, keepStdoutForJson, openWorkflowWithoutPrereview, parseCli, refusalLine, guardCli } from "../workflow/cli-context.js";

const USAGE = `用法 / usage: npm run -s zhice -- decide ID ${DECISION_ACTIONS.join("|")} --as USER [--reason …] [--to USER] [--json] [--data-dir DIR]`;

export function run(argv: string[]): Promise<number> {
  return guardCli(() => runVerb(argv));
}

async function runVerb(argv: string[]): Promise<number> {
  const args = parseCli(
    argv,
    { as: { type: "string" }, reason: { type: "string" }, to: { type: "string" }, "expected-seq": { type: "string" }, json: { type: "boolean", default: false } },
    USAGE,
  );
  if (!args) return 2;
  const [id, action, ...extra] = args.positionals;
  if (!id || !action || extra.length) {
    console.error(USAGE);
    return 2;
  }
  const seqArg = args.values["expected-seq"];
  if (seqArg !== undefined && !/^\d+$/.test(seqArg)) {
    console.error(`--expected-seq 必须为整数 / --expected-seq must be a whole number\n${USAGE}`);
    return 2;
  }
  const json = args.values.json ?? false;
  keepStdoutForJson(json);
  const wf = await openWorkflowWithoutPrereview(cliConfig(args.values["data-dir"]));
  try {
    // A missing --as is still sent (and refused, audited) so every attempt leaves a trace.
    const r = await wf.decide(id, action, args.values.as?.trim() ?? "", {
      reason: args.values.reason,
      to: args.values.to?.trim(),
      expectedSeq: seqArg === undefined ? undefined : Number(seqArg),
    });
    if (json) process.stdout.write(JSON.stringify(r) + "\n");
    if (!r.ok) {
      console.error(refusalLine(r) + (r.code === "reason_required" ? "（--reason …）" : action === "transfer" && !args.values.to?.trim() ? "（--to USER）" : !args.values.as?.trim() ? "（--as USER）" : ""));
      return 1;
    }
    if (!json)
      process.stdout.write(
        `已处理 / applied: ${id} ${action} → ${STATE_LABEL[r.state] ?? r.state}` +
          (r.state === "pending" && r.step ? `（${r.step.name}：${r.step.approvers.filter((a) => !r.step!.decided.includes(a)).join(", ")}）` : "") +
          "\n",
      );
    return 0;
  } finally {
    await wf.close();
  }
}
