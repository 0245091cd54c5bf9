/**
 * `npx tsx bench/calibrate.ts [--write]`: fits the answer layer's thresholds (src/answer/params.json) on the
 * calibration split and reports them on the report split, which is never used for fitting.
 *
 *   calibration: bench/sets/paraphrase-notices.jsonl, ../shared/eval/exam-dev.jsonl, ../shared/eval/qa-dev.jsonl,
 *                test/fixtures/qa-extra.jsonl, test/fixtures/qa-probe.jsonl
 *   report:      bench/sets/paraphrase-law.jsonl, bench/sets/exam-law.jsonl, bench/sets/oos.jsonl
 *
 * Both splits are answered over knowledge/ plus ../shared/corpus-law (ingested into a temporary data dir). Each
 * question is analysed, retrieved and aligned once; the grid then replays only the evidence test and the verdict
 * rules. The objective is verdict accuracy (abstaining counts as wrong) plus the answered and abstention rates,
 * with each dangerous verdict costing five correct ones.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { align, type Aligned } from "../src/answer/align.js";
import { isDangerous, parseEvalFile, type EvalItem } from "../src/answer/evaluation.js";
import { isInjection, lacksEvidence } from "../src/answer/evidence.js";
import { analyse, type Analysis } from "../src/answer/index.js";
import { PARAMS_PATH, type AnswerParams } from "../src/answer/parameters.js";
import { decideVerdict } from "../src/answer/verdict.js";
import { ingestPaths } from "../src/ingest/ingest.js";
import { answerDeps } from "../src/knowledge/index.js";
import { loadCorpus } from "../src/knowledge/store.js";
import { HybridRetriever } from "../src/retrieval/hybrid.js";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const shared = path.resolve(root, "..", "shared");
const CALIBRATION = ["bench/sets/paraphrase-notices.jsonl", `${shared}/eval/exam-dev.jsonl`, `${shared}/eval/qa-dev.jsonl`, "test/fixtures/qa-extra.jsonl", "test/fixtures/qa-probe.jsonl"];
const REPORT = ["bench/sets/paraphrase-law.jsonl", "bench/sets/exam-law.jsonl", "bench/sets/oos.jsonl"];

interface Prepared {
  item: EvalItem;
  a: Analysis;
  aligned: Aligned[];
  placed: boolean;
}

async function prepare(files: string[], deps: ReturnType<typeof answerDeps>): Promise<Prepared[]> {
  const out: Prepared[] = [];
  for (const f of files) {
    for (const item of parseEvalFile(readFileSync(path.resolve(root, f), "utf8"))) {
      const a = await analyse(item.q, deps);
      out.push({ item, a, aligned: align(a.q, a.hits.slice(0, 5)), placed: a.placed });
    }
  }
  return out;
}

interface Score {
  objective: number;
  verdict: number;
  dangerous: number;
  answered: number;
  oos: number;
  yesno: number;
}

function evaluate(items: Prepared[], p: AnswerParams): Score {
  let correct = 0, yesno = 0, dangerous = 0, answered = 0, inScope = 0, oosAbstained = 0, oos = 0;
  for (const { item, a, aligned, placed } of items) {
    const abstained = isInjection(item.q) || (!placed && lacksEvidence(a.evidence, p));
    if (item.kind === "oos") {
      oos++;
      if (abstained) oosAbstained++;
      continue;
    }
    inScope++;
    if (!abstained) answered++;
    if (item.kind !== "yesno" || !item.verdict) continue;
    yesno++;
    const verdict = abstained ? "unknown" : decideVerdict(a.q, aligned, p).verdict;
    if (verdict === item.verdict) correct++;
    if (isDangerous(item.verdict, verdict)) dangerous++;
  }
  const r = (n: number, d: number) => (d ? n / d : 1);
  const verdict = r(correct, yesno);
  return {
    objective: verdict + 0.5 * r(answered, inScope) + 0.5 * r(oosAbstained, oos) - (5 * dangerous) / Math.max(1, yesno),
    verdict,
    dangerous,
    answered: r(answered, inScope),
    oos: r(oosAbstained, oos),
    yesno,
  };
}

/** Abstention floors first (they decide which questions are answered), then the verdict thresholds given them. */
function* abstentionGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const minCover of [0, 0.3, 0.4, 0.5, 0.6, 0.7])
    for (const minKnown of [0, 0.1, 0.2, 0.3, 0.4, 0.5])
      for (const minWeight of [0, 0.3, 0.45, 0.6, 0.75, 0.9])
        for (const sureWeight of [1.5, 2, 2.5, 3, 99]) yield { ...base, minCover, minKnown, minWeight, sureWeight };
}

function* verdictGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const cover of [0.3, 0.4, 0.5, 0.6, 0.7])
    for (const coverWeight of [1, 1.5, 2, 2.5, 99])
      for (const core of [0.3, 0.4, 0.5, 0.6, 0.75])
        for (const margin of [0, 0.15, 0.3])
          for (const conflict of [0.5, 0.7, 1.01]) yield { ...base, cover, coverWeight, core, margin, conflict };
}

function fit(items: Prepared[], grid: Iterable<AnswerParams>): { p: AnswerParams; s: Score } | null {
  let best: { p: AnswerParams; s: Score } | null = null;
  for (const p of grid) {
    const s = evaluate(items, p);
    // Out-of-scope questions must stay abstained (≥ 0.9): a threshold that answers them is never chosen.
    if (s.oos < 0.9) continue;
    if (!best || s.objective > best.s.objective + 1e-9) best = { p, s };
  }
  return best;
}

const fmt = (s: Score) =>
  `verdict ${s.verdict.toFixed(3)} (n=${s.yesno}) · dangerous ${s.dangerous} · answered in scope ${s.answered.toFixed(3)} · out-of-scope abstention ${s.oos.toFixed(3)}`;

async function main() {
  if (!existsSync(path.join(shared, "corpus-law"))) {
    console.error(`需要 ../shared/corpus-law / needs ${shared}/corpus-law`);
    process.exit(2);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhice-calibrate-"));
  try {
    const config = loadConfig({ ...process.env, ZHICE_DATA_DIR: dataDir }, {});
    await ingestPaths([path.join(root, "knowledge"), path.join(shared, "corpus-law")], { dataDir });
    const corpus = (await loadCorpus(dataDir))!;
    const retriever = await HybridRetriever.open(config, corpus);
    const deps = answerDeps(retriever, corpus, config);
    const calibration = await prepare(CALIBRATION, deps);
    const report = await prepare(REPORT, deps);
    const current = JSON.parse(readFileSync(PARAMS_PATH, "utf8")) as AnswerParams;
    const abstention = fit(calibration, abstentionGrid(current));
    const best = fit(calibration, verdictGrid(abstention?.p ?? current));
    if (!best) throw new Error("no parameters keep out-of-scope abstention at 0.9");
    console.log(`current  ${JSON.stringify(current)}`);
    console.log(`  calibration: ${fmt(evaluate(calibration, current))}`);
    console.log(`  report:      ${fmt(evaluate(report, current))}`);
    console.log(`fitted   ${JSON.stringify(best!.p)}`);
    console.log(`  calibration: ${fmt(best!.s)}`);
    console.log(`  report:      ${fmt(evaluate(report, best!.p))}`);
    if (process.argv.includes("--write")) {
      writeFileSync(PARAMS_PATH, JSON.stringify(best!.p, null, 2) + "\n");
      console.log(`written to ${path.relative(root, PARAMS_PATH)}`);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
