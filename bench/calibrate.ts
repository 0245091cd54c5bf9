/**
 * `npx tsx bench/calibrate.ts [--write]`: fits the answer layer's thresholds (src/answer/params.json) on the
 * calibration split and reports them on the report split, which is never used for fitting.
 *
 *   sets: bench/sets/{paraphrase-notices,paraphrase-law,paraphrase-blind3,paraphrase-blind5,paraphrase-blind9,paraphrase-blind12,
 *         paraphrase-blind13,paraphrase-blind15,paraphrase-blind22,duty-manner,exam-law,exam-blind6,exam-blind16,oos}.jsonl,
 *         ../shared/eval/{exam-dev,qa-dev}.jsonl,
 *         test/fixtures/{qa-extra,qa-probe}.jsonl
 *   split: each policy point (group, else item) goes to one side by a hash of its name, so both splits hold every
 *          set and every wording style, and a point's five wordings are never on both sides.
 *
 * Every set is answered over knowledge/ plus ../shared/corpus-law, and the notice sets also over knowledge/ alone (as
 * installed), each in a temporary data dir (or --data-dir / --knowledge-dir). Each
 * question is analysed, retrieved and aligned once; the grid then replays only the evidence test and the verdict
 * rules. The objective is verdict accuracy (abstaining counts as wrong) plus the answered and abstention rates,
 * with each dangerous verdict costing five correct ones.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { align, type Aligned } from "../src/answer/align.js";
import { dangerOf, parseEvalFile, type EvalItem } from "../src/answer/evaluation.js";
import { coverageLevel } from "../src/answer/evidence.js";
import { analyse, type Analysis } from "../src/answer/index.js";
import { PARAMS_PATH, type AnswerParams } from "../src/answer/parameters.js";
import { decideVerdict } from "../src/answer/verdict.js";
import { answerDeps } from "../src/knowledge/index.js";
import { loadCorpus } from "../src/knowledge/store.js";
import { HybridRetriever } from "../src/retrieval/hybrid.js";
import { flag, withIngested } from "./measure.js";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const shared = path.resolve(root, "..", "shared");
/** Sets whose answers lie in knowledge/ alone: also answered over knowledge/ without the laws (the default install). */
const NOTICE_SETS = [
  "bench/sets/paraphrase-notices.jsonl", "bench/sets/oos.jsonl", `${shared}/eval/qa-dev.jsonl`, "test/fixtures/qa-extra.jsonl", "test/fixtures/qa-probe.jsonl",
];
const SETS = [
  "bench/sets/paraphrase-notices.jsonl", "bench/sets/paraphrase-law.jsonl", "bench/sets/paraphrase-blind3.jsonl", "bench/sets/paraphrase-blind5.jsonl", "bench/sets/paraphrase-blind9.jsonl", "bench/sets/paraphrase-blind12.jsonl", "bench/sets/paraphrase-blind13.jsonl", "bench/sets/paraphrase-blind15.jsonl",
  "bench/sets/paraphrase-blind22.jsonl", "bench/sets/duty-manner.jsonl", "bench/sets/exam-law.jsonl", "bench/sets/exam-blind6.jsonl", "bench/sets/exam-blind16.jsonl", "bench/sets/oos.jsonl",
  `${shared}/eval/exam-dev.jsonl`, `${shared}/eval/qa-dev.jsonl`, "test/fixtures/qa-extra.jsonl", "test/fixtures/qa-probe.jsonl",
];

/**
 * The split of an item: by a hash of its policy point (or its id), so that every set and every wording style
 * falls on both sides while the five wordings of one point stay together on one side.
 */
function splitOf(item: EvalItem): "calibration" | "report" {
  let h = 2166136261;
  for (const ch of item.group ?? item.id) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619);
  return (h >>> 0) % 2 === 0 ? "calibration" : "report";
}

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
      out.push({ item, a, aligned: align(a.q, a.hits.slice(0, 5), a.statementTerms), placed: a.placed });
    }
  }
  return out;
}

/** A dangerous verdict costs this many correct ones. */
const DANGER = 5;

interface Score {
  objective: number;
  verdict: number;
  dangerous: number;
  permits: number;
  answered: number;
  oos: number;
  yesno: number;
}

function evaluate(items: Prepared[], p: AnswerParams): Score {
  let correct = 0, yesno = 0, dangerous = 0, permits = 0, answered = 0, inScope = 0, oosAbstained = 0, oos = 0;
  for (const { item, a, aligned, placed } of items) {
    const coverage = placed ? "covered" : coverageLevel(a.evidence, p);
    // an injection is refused whatever the floors: read once, by analyse()
    const abstained = a.abstainReason === "injection" || coverage === "none";
    if (item.kind === "oos") {
      oos++;
      if (abstained) oosAbstained++;
      continue;
    }
    inScope++;
    if (!abstained) answered++;
    if (item.kind !== "yesno" || !item.verdict) continue;
    yesno++;
    const verdict = abstained ? "unknown" : decideVerdict(a.q, aligned, p, coverage === "weak").verdict;
    if (verdict === item.verdict) correct++;
    const danger = dangerOf(item.verdict, verdict);
    if (danger) dangerous++;
    if (danger === "permits") permits++;
  }
  const r = (n: number, d: number) => (d ? n / d : 1);
  const verdict = r(correct, yesno);
  return {
    objective: verdict + 0.5 * r(answered, inScope) + 0.5 * r(oosAbstained, oos) - (DANGER * dangerous) / Math.max(1, yesno),
    verdict,
    dangerous,
    permits,
    answered: r(answered, inScope),
    oos: r(oosAbstained, oos),
    yesno,
  };
}

/**
 * Abstention floors first (they decide which questions are answered), then the factual floors and the scene floors,
 * then how far below them a yes/no question is still quoted 仅供参考, then the floor for a ban naming what the question states as missing and how close an obligation of the banned act
 * must fit to make the texts conflict, then the verdict thresholds given them.
 */
function* abstentionGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const minCover of [0, 0.3, 0.4, 0.5, 0.6, 0.7])
    for (const minKnown of [0, 0.1, 0.2, 0.3, 0.4, 0.5])
      for (const minWeight of [0, 0.3, 0.45, 0.6, 0.75, 0.9])
        for (const sureWeight of [1.5, 2, 2.5, 3, 99]) yield { ...base, minCover, minKnown, minWeight, sureWeight };
}

/**
 * The factual floors given the other floors: how much of a factual question's whole content a clause must hold, and
 * how much makes it covered whatever its words' weight.
 */
function* factGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const minFactCover of [0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5])
    for (const sureFactCover of [0.6, 0.7, 0.8, 0.9, 1.01]) yield { ...base, minFactCover, sureFactCover };
}

/** The floors for a yes/no question that sets a scene before it asks: how much of the clause that asks, and of the whole. */
function* sceneGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const sceneAskedCover of [1.01, 1, 0.8, 0.6])
    for (const sceneCover of [0, 0.2, 0.3, 0.4, 0.5]) yield { ...base, sceneAskedCover, sceneCover };
}

/** How much of a yes/no question below the floors its nearest clause must hold to be quoted 仅供参考 (1.01: never). */
function* weakGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const weakCover of [1.01, 0.5, 0.45, 0.4, 0.35, 0.3])
    for (const weakWeight of [0.75, 1, 1.25, 1.5])
      for (const weakKnown of [0.5, 0.6, 0.7, 0.8, 0.9]) yield { ...base, weakCover, weakWeight, weakKnown };
}

/** The floor for a ban of its own that names what the question states as missing. */
function* missingGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const missingWeight of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.5]) yield { ...base, missingWeight };
}

/** How close an obligation of the banned act under a condition must fit for the ban to answer 仅供参考 (−1: never). */
function* requiredTieGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const requiredTie of [-1, -0.05, 0, 0.05, 0.1, 0.2]) yield { ...base, requiredTie };
}

/** How far down retrieval's clauses a permission may stand and still decide (5: any aligned clause). */
function* permissionRankGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const permissionRank of [1, 2, 3, 4, 5]) yield { ...base, permissionRank };
}

/** How much better a statement of another kind must fit the question for a ban to be left to the rules after it. */
function* banGapGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const banGap of [0.2, 0.3, 0.4, 0.5, 0.6, 9]) yield { ...base, banGap };
}

/** How much a statement's fit falls per place down retrieval's order. */
function* rankDecayGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const rankDecay of [0, 0.15, 0.3, 0.45, 0.6, 1]) yield { ...base, rankDecay };
}

/** The floor stages, fitted in this order, each from the parameters the one before chose; the verdict grid comes last. */
const FLOOR_STAGES = [
  ["abstention", abstentionGrid],
  ["fact", factGrid],
  ["scene", sceneGrid],
  ["weak", weakGrid],
  ["missing", missingGrid],
  ["required tie", requiredTieGrid],
  ["permission rank", permissionRankGrid],
  ["ban gap", banGapGrid],
  ["rank decay", rankDecayGrid],
] as const;

function* verdictGrid(base: AnswerParams): Generator<AnswerParams> {
  for (const cover of [0.3, 0.4, 0.5, 0.6, 0.7])
    for (const coverWeight of [1, 1.5, 2, 2.5, 99])
      for (const core of [0, 0.3, 0.4, 0.5, 0.6, 0.75])
        for (const margin of [0, 0.15])
          for (const conflict of [0.5, 0.7, 1.01])
            for (const tie of [-1, 0, 0.1])
              for (const applies of [0, 0.2, 0.3, 0.4])
                for (const conflictApplies of [0.3, 0.5, 0.7, 9]) yield { ...base, cover, coverWeight, core, margin, conflict, tie, applies, conflictApplies };
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

/** The parameters of `p` that differ from `base`. */
const diff = (base: AnswerParams, p: AnswerParams) => Object.fromEntries(Object.entries(p).filter(([k, v]) => base[k as keyof AnswerParams] !== v));

const fmt = (s: Score) =>
  `objective ${s.objective.toFixed(4)} · verdict ${s.verdict.toFixed(3)} (n=${s.yesno}) · dangerous ${s.dangerous} (可以 for a ban ${s.permits}) · answered in scope ${s.answered.toFixed(3)} · out-of-scope abstention ${s.oos.toFixed(3)}`;

/** The calibration items over one corpus: its own data dir (given, or a temporary one filled from `sources`). */
async function prepareOver(sources: string[], files: string[], given: string | undefined): Promise<Prepared[]> {
  return withIngested(sources, given, async (dataDir) => {
    const config = loadConfig({ ...process.env, ZHICE_DATA_DIR: dataDir }, {});
    const corpus = (await loadCorpus(dataDir))!;
    const retriever = await HybridRetriever.open(config, corpus);
    return prepare(files, answerDeps(retriever, corpus, config));
  });
}


async function main() {
  if (!existsSync(path.join(shared, "corpus-law"))) {
    console.error(`需要 ../shared/corpus-law / needs ${shared}/corpus-law`);
    process.exit(2);
  }
  // The same thresholds must hold over a small corpus (knowledge/ as installed) and a larger one (with the laws):
  // idf weights shift with the corpus. --data-dir / --knowledge-dir reuse data dirs that already hold them.
  const knowledge = path.join(root, "knowledge");
  const all = [
    ...(await prepareOver([knowledge, path.join(shared, "corpus-law")], SETS, flag("--data-dir"))),
    ...(await prepareOver([knowledge], NOTICE_SETS, flag("--knowledge-dir"))),
  ];
  const calibration = all.filter((x) => splitOf(x.item) === "calibration");
  const report = all.filter((x) => splitOf(x.item) === "report");
  const current = JSON.parse(readFileSync(PARAMS_PATH, "utf8")) as AnswerParams;
  let floors = current;
  for (const [, grid] of FLOOR_STAGES) floors = fit(calibration, grid(floors))?.p ?? floors;
  const best = fit(calibration, verdictGrid(floors));
  if (!best) throw new Error("no parameters keep out-of-scope abstention at 0.9");
  console.log(`current  ${JSON.stringify(current)}`);
  console.log(`  calibration: ${fmt(evaluate(calibration, current))}`);
  console.log(`  report:      ${fmt(evaluate(report, current))}`);
  // Each stage's own parameters fitted with everything else as it is now: how a new floor is chosen without
  // re-fitting the rest (a full re-fit gains on calibration but has lost on report).
  for (const [name, grid] of FLOOR_STAGES) {
    const one = fit(calibration, grid(current));
    if (one) console.log(`  ${name} alone: ${JSON.stringify(diff(current, one.p))} · calibration ${one.s.objective.toFixed(4)} · report ${evaluate(report, one.p).objective.toFixed(4)}`);
  }
  console.log(`fitted   ${JSON.stringify(best.p)}`);
  console.log(`  calibration: ${fmt(best.s)}`);
  console.log(`  report:      ${fmt(evaluate(report, best.p))}`);
  if (process.argv.includes("--write")) {
    writeFileSync(PARAMS_PATH, JSON.stringify(best.p, null, 2) + "\n");
    console.log(`written to ${path.relative(root, PARAMS_PATH)}`);
  }
}

await main();
