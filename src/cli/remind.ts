/**
 * `zhice remind ID --as USER [--json]` — 催办: the submitter reminds the approvers still waiting on the current step.
 * `zhice remind --due [--json]` — fires the reminders / escalations that are due (for cron when no long-running
 * process runs the scheduler); each fires once, whichever process gets it first.
 */
import { cliConfig, keepStdoutForJson, openWorkflowWithoutPrereview, parseCli, refusalLine, guardCli } from "../workflow/cli-context.js";

const USAGE = "用法 / usage: npm run -s zhice -- remind ID --as USER [--json] [--data-dir DIR] | remind --due [--json]";

export function run(argv: string[]): Promise<number> {
  return guardCli(() => runVerb(argv));
}

async function runVerb(argv: string[]): Promise<number> {
  const args = parseCli(argv, { as: { type: "string" }, json: { type: "boolean", default: false }, due: { type: "boolean", default: false } }, USAGE);
  if (!args) return 2;
  const [id, ...extra] = args.positionals;
  if (args.values.due && !id) {
    keepStdoutForJson(args.values.json ?? false);
    const wf = await openWorkflowWithoutPrereview(cliConfig(args.values["data-dir"]));
    try {
      const r = await wf.runDueJobs();
      if (args.values.json) process.stdout.write(JSON.stringify(r) + "\n");
      else {
        const lines = [`已触发 ${r.fired.length} 项到期催办/升级 / fired ${r.fired.length} due reminders/escalations`];
        for (const f of r.fired) {
          const kind = f.kind === "reminder" ? "催办 / reminder" : "升级 / escalation";
          lines.push(`  ${f.proposalId}「${f.title}」 第 ${f.step.index + 1} 步 ${f.step.name} / step ${f.step.index + 1} (${f.step.name}): ${kind}`);
        }
        process.stdout.write(lines.join("\n") + "\n");
      }
      for (const s of r.skipped) console.error(`跳过 / skipped: ${s.messageZh} / ${s.messageEn}`);
      return 0;
    } finally {
      await wf.close();
    }
  }
  if (!id || extra.length || args.values.due) {
    console.error(USAGE);
    return 2;
  }
  const json = args.values.json ?? false;
  keepStdoutForJson(json);
  const wf = await openWorkflowWithoutPrereview(cliConfig(args.values["data-dir"]));
  try {
    const r = await wf.remind(id, args.values.as?.trim() ?? "");
    if (json) process.stdout.write(JSON.stringify(r) + "\n");
    if (!r.ok) {
      console.error(refusalLine(r));
      return 1;
    }
    const waiting = r.step ? r.step.approvers.filter((a) => !r.step!.decided.includes(a)) : [];
    if (!json) process.stdout.write(`已催办 / reminded: ${waiting.join(", ")}\n`);
    return 0;
  } finally {
    await wf.close();
  }
}
