/**
 * `zhice submit FILE.json --as USER [--json] [--resubmit ID] [--data-dir DIR]` — pre-review and submit a proposal
 * for approval. --json prints {"id", "state", "checklist"}. A blocked proposal is recorded with state "blocked",
 * never enters approval, and the command exits 1. Invalid input exits 2 naming every bad field (中文 / English).
 * --resubmit ID sends a revised proposal for one that was blocked or sent back for changes.
 * --key KEY makes the submit idempotent: repeated (or retried, or run five times at once) with the same key by the
 * same submitter, it prints the first proposal instead of creating another.
 */
import { readProposalFile } from "../prereview/proposal-file.js";
import { createCore } from "../core.js";
import { toJsonChecklist } from "./prereview.js";
import { renderChecklist } from "../prereview/index.js";
import { ProposalValidationError } from "../workflow/index.js";
import { STATE_LABEL, cliConfig, keepStdoutForJson, parseCli, refusalLine, guardCli } from "../workflow/cli-context.js";

const USAGE = "用法 / usage: npm run -s zhice -- submit FILE.json --as USER [--json] [--key KEY] [--resubmit ID] [--data-dir DIR]";

export function run(argv: string[]): Promise<number> {
  return guardCli(() => runVerb(argv));
}

async function runVerb(argv: string[]): Promise<number> {
  const args = parseCli(argv, { as: { type: "string" }, json: { type: "boolean", default: false }, resubmit: { type: "string" }, key: { type: "string" } }, USAGE);
  if (!args) return 2;
  const file = args.positionals[0];
  const actor = args.values.as?.trim();
  const json = args.values.json ?? false;
  if (!file || args.positionals.length > 1 || !actor) {
    console.error(`${!actor ? "缺少提交人 --as USER / --as USER is required\n" : ""}${USAGE}`);
    return 2;
  }
  const read = readProposalFile(file);
  if (!read.ok) {
    console.error(`${read.error.messageZh} / ${read.error.messageEn}`);
    return 2;
  }
  const raw = read.json;
  keepStdoutForJson(json);
  const core = await createCore(cliConfig(args.values["data-dir"]), { quiet: true });
  try {
    const resubmitId = args.values.resubmit;
    let result: { id: string; state: string; checklist: import("../prereview/schema.js").Checklist };
    if (resubmitId) {
      const r = await core.workflow.resubmit(resubmitId, raw, actor);
      if (!r.ok) {
        console.error(refusalLine(r));
        if (json) process.stdout.write(JSON.stringify(r) + "\n");
        return 1;
      }
      result = { id: r.id, state: r.state, checklist: r.checklist! };
    } else result = await core.workflow.submit(raw, actor, { key: args.values.key });

    if (json) process.stdout.write(JSON.stringify({ id: result.id, state: result.state, checklist: toJsonChecklist(result.checklist) }) + "\n");
    else {
      const view = await core.workflow.show(result.id);
      process.stdout.write(renderChecklist(result.checklist, view?.title ?? ""));
      process.stdout.write(`\n项目编号 / id: ${result.id}\n状态 / state: ${STATE_LABEL[result.state] ?? result.state}\n`);
      if (view?.step)
        process.stdout.write(
          `当前步骤 / step: ${view.step.index + 1}. ${view.step.name}（${view.step.mode === "all" ? "会签 / all" : "或签 / any"}）审批人 / approvers: ${view.step.approvers.join(", ")}\n`,
        );
      if (result.state === "blocked") process.stdout.write("预审未通过，未进入审批，请修改后重新提交 / blocked by the pre-check: not sent for approval\n");
    }
    return result.state === "blocked" ? 1 : 0;
  } catch (e) {
    if (e instanceof ProposalValidationError) {
      console.error(e.message);
      if (json) process.stdout.write(JSON.stringify({ errors: e.errors }) + "\n");
      return 2;
    }
    throw e;
  } finally {
    await core.close();
  }
}
