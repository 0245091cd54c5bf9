/** `zhice remind ID --as USER [--json]` — 催办: the submitter reminds the approvers still waiting on the current step. */
import { cliConfig, keepStdoutForJson, openWorkflowWithoutPrereview, parseCli, refusalLine } from "../workflow/cli-context.js";

const USAGE = "用法 / usage: npm run -s zhice -- remind ID --as USER [--json] [--data-dir DIR]";

export async function run(argv: string[]): Promise<number> {
  const args = parseCli(argv, { as: { type: "string" }, json: { type: "boolean", default: false } }, USAGE);
  if (!args) return 2;
  const [id, ...extra] = args.positionals;
  if (!id || extra.length) {
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
