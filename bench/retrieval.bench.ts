/**
 * Retrieval benchmark (offline, local embeddings):
 *  - the notices: ingest throughput, index build / reload, recall@1/@3 on the dev questions vs MiniSearch
 *    (Intl.Segmenter('zh') tokenizer) and Orama (@orama/tokenizers/mandarin) on the same clauses, warm search and
 *    warm ask latency p50/p95, cold CLI start, index size on disk;
 *  - a generated corpus of ≥ 100k clauses (real sentences recombined into numbered notices): ingest throughput,
 *    index build, warm search p50/p95, index size, peak RSS.
 * Options: `npm run bench -- retrieval --clauses=20000` (generated corpus size; default 100000).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import MiniSearch from "minisearch";
import { create, insertMultiple, search as oramaSearch } from "@orama/orama";
import { createTokenizer } from "@orama/tokenizers/mandarin";
import { loadConfig, projectRoot } from "../src/config.js";
import { generateCorpus } from "./generated-corpus.js";
import { ingestPaths } from "../src/ingest/ingest.js";
import { citedText, type Clause } from "../src/knowledge/schema.js";
import { loadCorpus } from "../src/knowledge/store.js";
import { HybridRetriever } from "../src/retrieval/hybrid.js";
import { dirSize, fmtBytes, fmtMs, peakRss, percentile, row, timeEach } from "./measure.js";

interface Question {
  id: string;
  q: string;
  gold?: string[];
}

function readJsonl(file: string): Question[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question);
}

const isEnglish = (q: string) => !/[\u4e00-\u9fff]/.test(q);

/** recall@k of a ranking function: a gold substring in one of the top-k clauses' cited text. */
async function recall(
  questions: Question[],
  rank: (q: string) => Promise<Clause[]> | Clause[],
): Promise<{ at1: number; at3: number; zh3: number; en3: number }> {
  let at1 = 0;
  let at3 = 0;
  let zh = 0;
  let zhHit = 0;
  let en = 0;
  let enHit = 0;
  for (const item of questions) {
    const top = (await rank(item.q)).slice(0, 3);
    const ok = (c: Clause) => item.gold!.some((g) => citedText(c).includes(g));
    const hit1 = top.slice(0, 1).some(ok);
    const hit3 = top.some(ok);
    at1 += +hit1;
    at3 += +hit3;
    if (isEnglish(item.q)) {
      en++;
      enHit += +hit3;
    } else {
      zh++;
      zhHit += +hit3;
    }
  }
  const n = Math.max(1, questions.length);
  return { at1: at1 / n, at3: at3 / n, zh3: zh ? zhHit / zh : NaN, en3: en ? enHit / en : NaN };
}

function miniSearchPeer(clauses: Clause[]) {
  const seg = new Intl.Segmenter("zh", { granularity: "word" });
  const tokenize = (text: string) =>
    Array.from(seg.segment(text))
      .filter((s) => s.isWordLike)
      .map((s) => s.segment.toLowerCase());
  const ms = new MiniSearch<{ id: number; text: string }>({ fields: ["text"], storeFields: [], tokenize });
  ms.addAll(clauses.map((c, id) => ({ id, text: citedText(c) })));
  return (q: string) => ms.search(q).map((r) => clauses[r.id as number]!);
}

async function oramaPeer(clauses: Clause[]) {
  const db = create({ schema: { cid: "number", text: "string" } as const, components: { tokenizer: createTokenizer() } });
  await insertMultiple(
    db,
    clauses.map((c, cid) => ({ cid, text: citedText(c) })),
  );
  return async (q: string) => {
    const res = await oramaSearch(db, { term: q, properties: ["text"], limit: 3 });
    return res.hits.map((h) => clauses[h.document.cid as number]!);
  };
}

/** Deterministic PRNG for the generated corpus. */
function phases(r: HybridRetriever): string {
  const t = r.timings;
  return `BM25 ${fmtMs(t.lexicalMs)}, embeddings ${fmtMs(t.embeddingsMs)}, vector index ${fmtMs(t.indexMs)}`;
}

function argNumber(name: string, def: number): number {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  const n = a ? Number(a.split("=")[1]) : def;
  return Number.isFinite(n) && n > 0 ? n : def;
}

export default async function retrievalBench(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-bench-"));
  try {
    // ---------- the notices ----------
    const dataDir = path.join(tmp, "notices");
    const config = loadConfig({}, { dataDir });
    console.log("notices (knowledge/):");
    let t0 = performance.now();
    const report = await ingestPaths([path.join(projectRoot, "knowledge")], { dataDir });
    const ingestMs = performance.now() - t0;
    row("ingest", `${report.documents} documents, ${report.clauses} clauses in ${fmtMs(ingestMs)} → ${(report.clauses / (ingestMs / 1000)).toFixed(0)} clauses/s`);
    const corpus = (await loadCorpus(dataDir))!;
    t0 = performance.now();
    const retriever = await HybridRetriever.open(config, corpus);
    row("index build (BM25 + LSA fit + HNSW)", `${fmtMs(performance.now() - t0)}  (${phases(retriever)})`);
    t0 = performance.now();
    const reopened = await HybridRetriever.open(config, corpus);
    row(`index reload (vectors ${reopened.vectors?.rebuilt ? "REBUILT" : "loaded"}, BM25 ${reopened.lexicalLoaded ? "loaded" : "REBUILT"})`, fmtMs(performance.now() - t0));

    const dev = readJsonl(path.join(projectRoot, "test", "fixtures", "qa-dev.jsonl")).filter((q) => q.gold?.length);
    const held = readJsonl(path.join(projectRoot, "test", "fixtures", "qa-extra.jsonl")).filter((q) => q.gold?.length);
    const sets: [string, Question[]][] = [["dev", dev]];
    if (held.length) sets.push(["held-out (qa-extra)", held]);
    const ours = async (q: string) => (await retriever.search(q, 3)).map((h) => h.clause);
    const mini = miniSearchPeer(corpus.clauses);
    const orama = await oramaPeer(corpus.clauses);
    for (const [name, qs] of sets) {
      console.log(`  recall on ${name} questions (${qs.length} in scope; zh / en = recall@3 by language):`);
      for (const [label, fn] of [
        ["zhice hybrid (jieba BM25 + LSA + coverage)", ours],
        ["MiniSearch + Intl.Segmenter('zh')", mini],
        ["Orama + @orama/tokenizers/mandarin", orama],
      ] as const) {
        const r = await recall(qs, fn);
        row(`  ${label}`, `@1 ${r.at1.toFixed(3)}  @3 ${r.at3.toFixed(3)}  (zh ${r.zh3.toFixed(2)} / en ${r.en3.toFixed(2)})`);
      }
    }

    const allQs = [...dev, ...held].map((q) => q.q);
    for (const q of allQs) await retriever.search(q, 8); // warm-up
    const rounds = Array.from({ length: 20 }, () => allQs).flat();
    const lat = await timeEach(rounds, (q) => retriever.search(q, 8));
    row("warm search latency (k=8)", `p50 ${fmtMs(percentile(lat, 50))}  p95 ${fmtMs(percentile(lat, 95))}  (${lat.length} queries)`);
    try {
      const { openKnowledge } = await import("../src/knowledge/index.js");
      const kn = await openKnowledge(config, { autoIngest: false, quiet: true });
      for (const q of allQs) await kn.ask(q);
      const alat = await timeEach(Array.from({ length: 5 }, () => allQs).flat(), (q) => kn.ask(q));
      row("warm ask latency (offline answer)", `p50 ${fmtMs(percentile(alat, 50))}  p95 ${fmtMs(percentile(alat, 95))}`);
      await kn.close();
    } catch (err) {
      row("warm ask latency", `skipped (${err instanceof Error ? err.message : String(err)})`);
    }

    const cold: number[] = [];
    for (let i = 0; i < 3; i++) {
      t0 = performance.now();
      const r = spawnSync("npm", ["run", "-s", "zhice", "--", "ask", "劳务派遣岗位能否纳入政府购买服务？", "--json", "--data-dir", dataDir], {
        cwd: projectRoot,
        encoding: "utf8",
      });
      cold.push(performance.now() - t0);
      if (r.status !== 0) {
        row("cold CLI start", `failed (exit ${r.status}): ${(r.stderr || "").split("\n").slice(-3).join(" ")}`);
        break;
      }
    }
    if (cold.length === 3) row("cold CLI start (npm run -s zhice -- ask …)", `median ${fmtMs(percentile(cold, 50))}  (runs: ${cold.map(fmtMs).join(", ")})`);
    row("data dir on disk (clause store + indexes)", `${fmtBytes(dirSize(dataDir))} (index/: ${fmtBytes(dirSize(path.join(dataDir, "index")))})`);
    row("peak RSS so far", fmtBytes(peakRss()));

    // ---------- generated corpus ----------
    const target = argNumber("clauses", 100_000);
    const genDir = path.join(tmp, "generated");
    const genData = path.join(tmp, "generated-data");
    const files = generateCorpus(genDir, corpus.clauses, target);
    console.log(`generated corpus (${files} notices of recombined real sentences):`);
    t0 = performance.now();
    const genReport = await ingestPaths([genDir], { dataDir: genData });
    const genIngestMs = performance.now() - t0;
    row("ingest", `${genReport.documents} documents, ${genReport.clauses} clauses in ${fmtMs(genIngestMs)} → ${(genReport.clauses / (genIngestMs / 1000)).toFixed(0)} clauses/s`);
    const genCorpus = (await loadCorpus(genData))!;
    const genConfig = loadConfig({}, { dataDir: genData });
    t0 = performance.now();
    const big = await HybridRetriever.open(genConfig, genCorpus);
    row(`index build at ${genCorpus.clauses.length} clauses`, `${fmtMs(performance.now() - t0)}  (${phases(big)})`);
    t0 = performance.now();
    const bigReloaded = await HybridRetriever.open(genConfig, genCorpus);
    row(`index reload (vectors ${bigReloaded.vectors?.rebuilt ? "REBUILT" : "loaded"}, BM25 ${bigReloaded.lexicalLoaded ? "loaded" : "REBUILT"})`, `${fmtMs(performance.now() - t0)}  (${phases(bigReloaded)})`);
    for (const q of allQs) await big.search(q, 8);
    const bigLat = await timeEach(Array.from({ length: 5 }, () => allQs).flat(), (q) => bigReloaded.search(q, 8));
    row("warm search latency (k=8)", `p50 ${fmtMs(percentile(bigLat, 50))}  p95 ${fmtMs(percentile(bigLat, 95))}  (${bigLat.length} queries)`);
    row("data dir on disk", `${fmtBytes(dirSize(genData))} (index/: ${fmtBytes(dirSize(path.join(genData, "index")))})`);
    row("peak RSS", fmtBytes(peakRss()));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
