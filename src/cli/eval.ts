/**
 * `zhice eval [FILE.jsonl] [--data-dir DIR]`: answers every question of a set and prints, per question, what went
 * wrong, then the four summary lines last (recall@1/@3, verdict accuracy, out-of-scope abstention, answered rate).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { goldRank, parseEvalFile, score, summaryLines, type ItemResult } from "../answer/evaluation.js";
import { openKnowledge } from "../knowledge/index.js";

const USAGE = `用法 / usage: npm run -s zhice -- eval [FILE.jsonl] [--data-dir DIR] [--quiet]`;

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { "data-dir": { type: "string" }, quiet: { type: "boolean", default: false } },
    });
  } catch (err) {
    console.error(`参数错误 / bad arguments: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(process.env, { dataDir: args.values["data-dir"] });
  const file = args.positionals[0] ?? path.join(config.root, "test", "fixtures", "qa-dev.jsonl");
  let items;
  try {
    items = parseEvalFile(readFileSync(file, "utf8"));
  } catch (err) {
    console.error(`无法读取评测集 / cannot read question set ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  const knowledge = await openKnowledge(config, { autoIngest: true, quiet: true });
  const results: ItemResult[] = [];
  try {
    for (const item of items) {
      const answer = await knowledge.ask(item.q);
      const r = { item, answer, goldRank: goldRank(item, answer) };
      results.push(r);
      if (!args.values.quiet) console.log(describe(r));
    }
  } finally {
    await knowledge.close();
  }
  const m = score(results);
  console.log(summaryLines(m).join("\n"));
  return 0;
}

function describe({ item, answer, goldRank: rank }: ItemResult): string {
  const problems: string[] = [];
  if (item.kind === "oos") {
    if (!answer.abstained) problems.push("answered out of scope");
  } else {
    if (answer.abstained) problems.push("abstained");
    if (item.gold?.length && (rank === null || rank > 3)) problems.push(`gold ${JSON.stringify(item.gold)} not cited in top 3`);
    if (item.kind === "yesno" && item.verdict && answer.verdict !== item.verdict)
      problems.push(`verdict ${answer.verdict} ≠ ${item.verdict}`);
  }
  const mark = problems.length ? "✗" : "✓";
  return `${mark} ${item.id} [${item.kind}] ${answer.verdict}${rank ? ` @${rank}` : ""} ${item.q}${problems.length ? `  — ${problems.join("; ")}` : ""}`;
}
