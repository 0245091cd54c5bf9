/**
 * `zhice proposals [list] [--state S] [--submitter U] [--approver U] [--json]` and `zhice proposals show ID [--json]`.
 * show --json prints {"id", "state", "step": {"index", "name", "mode", "approvers", "decided"}, "history":
 * [{"type", "actor", "at", "reason"}], …}; an unknown id exits 1. A proposal whose stored data cannot be read is
 * listed as unreadable (list --json: "unreadable": {messageZh, messageEn}); show names it and exits 1.
 */
import { proposalText } from "../workflow/proposal-text.js";
import { STATE_LABEL, cliConfig, keepStdoutForJson, openWorkflowWithoutPrereview, parseCli, guardCli } from "../workflow/cli-context.js";

const USAGE = "用法 / usage: npm run -s zhice -- proposals [list [--state S] [--submitter U] [--approver U] | show ID] [--json] [--data-dir DIR]";

export function run(argv: string[]): Promise<number> {
  return guardCli(() => runVerb(argv));
}

async function runVerb(argv: string[]): Promise<number> {
  const args = parseCli(
    argv,
    { json: { type: "boolean", default: false }, state: { type: "string" }, submitter: { type: "string" }, approver: { type: "string" } },
    USAGE,
  );
  if (!args) return 2;
  const [sub = "list", id, ...extra] = args.positionals;
  if (!["list", "show"].includes(sub) || (sub === "show" && !id) || extra.length || (sub === "list" && id)) {
    console.error(USAGE);
    return 2;
  }
  const json = args.values.json ?? false;
  keepStdoutForJson(json);
  const wf = await openWorkflowWithoutPrereview(cliConfig(args.values["data-dir"]));
  try {
    if (sub === "show") {
      const v = await wf.show(id);
      if (!v) {
        console.error(`找不到项目 ${id} / proposal ${id} not found`);
        return 1;
      }
      if (json) {
        process.stdout.write(JSON.stringify(v) + "\n");
        return 0;
      }
      process.stdout.write(proposalText(v) + "\n");
      return 0;
    }
    const list = await wf.list({ state: args.values.state, submitter: args.values.submitter, approver: args.values.approver });
    if (json) process.stdout.write(JSON.stringify(list) + "\n");
    else if (list.length === 0) process.stdout.write("没有项目 / no proposals\n");
    else
      for (const p of list) {
        if (p.unreadable) {
          process.stdout.write(`${p.id}  无法读取 / unreadable  ${p.title}  ${p.submitter}  (${p.unreadable.messageZh} / ${p.unreadable.messageEn})\n`);
          continue;
        }
        process.stdout.write(
          `${p.id}  ${(STATE_LABEL[p.state] ?? p.state).padEnd(10)}  ${p.title}  ${p.submitter}${p.step && p.state === "pending" ? `  [${p.step.name}: ${p.step.approvers.filter((a) => !p.step!.decided.includes(a)).join(", ")}]` : ""}\n`,
        );
      }
    return 0;
  } finally {
    await wf.close();
  }
}
