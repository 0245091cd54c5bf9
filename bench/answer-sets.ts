/**
 * `npx tsx bench/answer-sets.ts [--data-dir DIR] [--only a,b]`: every question set answered, one line each, for the
 * before/after numbers a change to the answer core is measured by (not a speed bench, so no .bench.ts suffix).
 *
 *   sets: bench/sets/*.jsonl, ../shared/eval/{exam-dev,qa-dev}.jsonl, test/fixtures/{qa-extra,qa-probe}.jsonl
 *   role: `report` for the holdouts (paraphrase-holdout*, exam-holdout*), which no rule is tuned on; `dev` otherwise
 *   line: verdict accuracy and dangerous verdicts on yes/no items (with, after the slash, how many of them are
 *         可以/有条件 for a prohibited act, the costly kind), recall@1/@3, answered in scope, out-of-scope
 *         abstention, same verdict across a point's wordings, English/Chinese twins, and the yes/no items right per
 *         wording style (formal colloquial scenario negated english)
 *
 * Every set is answered over knowledge/ plus ../shared/corpus-law, ingested into a temporary data dir unless
 * --data-dir names one that already holds them.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { goldRank, parseEvalFile, score, type ItemResult } from "../src/answer/evaluation.js";
import { openKnowledge } from "../src/knowledge/index.js";
import { flag, withIngested } from "./measure.js";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const shared = path.resolve(root, "..", "shared");
const STYLES = ["formal", "colloquial", "scenario", "negated", "english"];

function sets(): { name: string; file: string; role: "dev" | "report" }[] {
  const own = readdirSync(path.join(root, "bench/sets"))
    .filter((f) => f.endsWith(".jsonl"))
    .sort()
    .map((f) => ({ name: f.replace(/\.jsonl$/, ""), file: path.join(root, "bench/sets", f), role: /holdout/.test(f) ? ("report" as const) : ("dev" as const) }));
  const more = [`${shared}/eval/exam-dev.jsonl`, `${shared}/eval/qa-dev.jsonl`, path.join(root, "test/fixtures/qa-extra.jsonl"), path.join(root, "test/fixtures/qa-probe.jsonl")]
    .filter((f) => existsSync(f))
    .map((f) => ({ name: path.basename(f, ".jsonl"), file: f, role: "dev" as const }));
  const only = flag("--only")?.split(",");
  return [...own, ...more].filter((s) => !only || only.includes(s.name));
}

const f3 = (x: number | null) => (x === null ? "  -  " : x.toFixed(3));

async function main() {
  if (!existsSync(path.join(shared, "corpus-law"))) {
    console.error(`需要 ../shared/corpus-law / needs ${shared}/corpus-law`);
    process.exit(2);
  }
  await withIngested([path.join(root, "knowledge"), path.join(shared, "corpus-law")], flag("--data-dir"), async (dataDir) => {
    const knowledge = await openKnowledge(loadConfig({ ...process.env, ZHICE_DATA_DIR: dataDir }), { autoIngest: false, quiet: true });
    try {
      console.log(`${"set".padEnd(24)} role   verdict dang/可  r@1   r@3   answered oos   same  twins | ${STYLES.map((s) => s[0]).join(" ")}`);
      for (const s of sets()) {
        const results: ItemResult[] = [];
        for (const item of parseEvalFile(readFileSync(s.file, "utf8"))) {
          const answer = await knowledge.ask(item.q);
          results.push({ item, answer, goldRank: goldRank(item, answer) });
        }
        const m = score(results);
        const styles = STYLES.map((st) => m.byStyle[st]?.correct ?? "-").join(" ");
        console.log(
          `${s.name.padEnd(24)} ${s.role.padEnd(6)} ${f3(m.verdictAccuracy)}   ${`${m.dangerous}/${m.wrongPermits}`.padStart(6)}  ${f3(m.recallAt1)} ${f3(m.recallAt3)} ${f3(m.answeredInScope)}    ${f3(m.oosAbstention)} ${f3(m.groupConsistency)} ${f3(m.twinAgreement)} | ${styles}`,
        );
      }
    } finally {
      await knowledge.close();
    }
  });
}

await main();
