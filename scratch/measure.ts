// usage: DD=/tmp/zd-new npx tsx scratch/measure.ts  → per set: verdict, dangerous, answered, oos, per style
import { readFileSync } from "node:fs";
import { loadConfig } from "../src/config.js";
import { parseEvalFile, isDangerous } from "../src/answer/evaluation.js";
import { analyse, decide } from "../src/answer/index.js";
import { answerDeps } from "../src/knowledge/index.js";
import { loadCorpus } from "../src/knowledge/store.js";
import { HybridRetriever } from "../src/retrieval/hybrid.js";
const dataDir = process.env.DD ?? "/tmp/zd-new";
const config = loadConfig({ ...process.env, ZHICE_DATA_DIR: dataDir }, {});
const corpus = (await loadCorpus(dataDir))!;
const retriever = await HybridRetriever.open(config, corpus);
const deps = answerDeps(retriever, corpus, config);
const sets = process.argv.slice(2).length ? process.argv.slice(2) : ["bench/sets/paraphrase-notices.jsonl", "bench/sets/paraphrase-law.jsonl", "bench/sets/exam-law.jsonl", "../shared/eval/exam-dev.jsonl", "../shared/eval/qa-dev.jsonl", "test/fixtures/qa-extra.jsonl", "test/fixtures/qa-probe.jsonl", "bench/sets/oos.jsonl"];
const tot = { yn: 0, ok: 0, dang: 0 };
for (const f of sets) {
  let yn = 0, ok = 0, dang = 0, inScope = 0, answered = 0, oos = 0, oosAb = 0;
  const style: Record<string, [number, number]> = {};
  const got: Record<string, number> = {};
  for (const item of parseEvalFile(readFileSync(f, "utf8"))) {
    const a = await analyse(item.q, deps);
    if (item.kind === "oos") { oos++; if (a.abstained) oosAb++; continue; }
    inScope++; if (!a.abstained) answered++;
    if (item.kind !== "yesno") continue;
    const v = a.abstained ? "unknown" : decide(a).verdict;
    yn++; got[v] = (got[v] ?? 0) + 1;
    const s = (style[item.style ?? "-"] ??= [0, 0]); s[1]++;
    if (v === item.verdict) { ok++; s[0]++; }
    if (isDangerous(item.verdict!, v)) dang++;
  }
  tot.yn += yn; tot.ok += ok; tot.dang += dang;
  const st = Object.entries(style).map(([k, [a, b]]) => `${k} ${a}/${b}`).join(" ");
  console.log(`${f.split("/").at(-1)!.padEnd(24)} verdict ${(ok / (yn || 1)).toFixed(3)} (${ok}/${yn}) dang ${dang} answered ${(answered / (inScope || 1)).toFixed(3)} oos ${oos ? (oosAb / oos).toFixed(3) : "-"} | ${st} | got ${JSON.stringify(got)}`);
}
console.log(`TOTAL verdict ${(tot.ok / tot.yn).toFixed(3)} (${tot.ok}/${tot.yn}) dangerous ${tot.dang}`);
