/**
 * `zhice eval [FILE.jsonl …] [--data-dir DIR] [--quiet] [--min-verdict X] [--max-dangerous N] …`: answers every
 * question of one or more sets and prints, per question, what went wrong; then the breakdown (per wording style, per
 * expected verdict, dangerous verdicts, agreement across wordings and English/Chinese twins) and the four summary
 * lines last (recall@1/@3, verdict accuracy, out-of-scope abstention, answered rate). Exit 1 when a given threshold
 * is missed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import {
  breakdownLines,
  goldRank,
  missedThresholds,
  parseEvalFile,
  score,
  summaryLines,
  type EvalItem,
  type ItemResult,
  type Thresholds,
} from "../answer/evaluation.js";
import { openKnowledge } from "../knowledge/index.js";
import { argumentError } from "./arg-errors.js";

const USAGE = `用法 / usage: npm run -s zhice -- eval [FILE.jsonl …] [--data-dir DIR] [--quiet]
       [--min-verdict 0.85] [--max-dangerous 1] [--min-recall 0.9] [--min-abstention 0.9] [--min-answered 0.9]`;

const THRESHOLDS = {
  "min-verdict": "minVerdict",
  "max-dangerous": "maxDangerous",
  "min-recall": "minRecall3",
  "min-abstention": "minAbstention",
  "min-answered": "minAnswered",
} as const;

/** A negative number after a threshold (「--max-dangerous -1」) is its value (refused for its range below), not an option. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    const prev = out.at(-1) ?? "";
    if (/^-\d/.test(a) && prev.replace(/^--/, "") in THRESHOLDS) out[out.length - 1] = `${prev}=${a}`;
    else out.push(a);
  }
  return out;
}

/** Why a threshold's value cannot be used, or null: shares lie in 0–1, --max-dangerous is a whole number ≥ 0. */
function thresholdProblem(flag: string, n: number): string | null {
  if (!Number.isFinite(n)) return `--${flag} 需要一个数 / --${flag} needs a number`;
  if (flag === "max-dangerous") return Number.isInteger(n) && n >= 0 ? null : `--${flag} 需要 0 或正整数 / --${flag} needs a whole number ≥ 0`;
  return n >= 0 && n <= 1 ? null : `--${flag} 需要 0 到 1 之间的比例 / --${flag} needs a share between 0 and 1`;
}

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      options: {
        "data-dir": { type: "string" },
        quiet: { type: "boolean", default: false },
        ...Object.fromEntries(Object.keys(THRESHOLDS).map((k) => [k, { type: "string" as const }])),
      },
    });
  } catch (err) {
    console.error(argumentError(err, USAGE));
    return 2;
  }
  const thresholds: Thresholds = {};
  for (const [flag, key] of Object.entries(THRESHOLDS)) {
    const raw = (args.values as Record<string, unknown>)[flag];
    if (raw === undefined) continue;
    const n = Number(raw);
    const problem = thresholdProblem(flag, n);
    if (problem) {
      console.error(`参数错误 / bad arguments: ${problem}\n${USAGE}`);
      return 2;
    }
    thresholds[key] = n;
  }
  const config = loadConfig(process.env, { dataDir: args.values["data-dir"] });
  const files = args.positionals.length ? args.positionals : [path.join(config.root, "test", "fixtures", "qa-dev.jsonl")];
  const items: EvalItem[] = [];
  for (const file of files) {
    try {
      items.push(...parseEvalFile(readFileSync(file, "utf8")));
    } catch (err) {
      console.error(`无法读取评测集 / cannot read question set ${file}: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
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
  console.log([...breakdownLines(m), ...summaryLines(m)].join("\n"));
  const missed = missedThresholds(m, thresholds);
  for (const line of missed) console.error(line);
  return missed.length ? 1 : 0;
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
  return `${mark} ${item.id} [${item.kind}${item.style ? ` ${item.style}` : ""}] ${answer.verdict}${rank ? ` @${rank}` : ""} ${item.q}${problems.length ? `  — ${problems.join("; ")}` : ""}`;
}
