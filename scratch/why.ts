// usage: DD=/tmp/zd-new npx tsx scratch/why.ts FILE.jsonl [ids…|--wrong]
import { readFileSync } from "node:fs";
import { loadConfig } from "../src/config.js";
import { parseEvalFile, isDangerous } from "../src/answer/evaluation.js";
import { analyse, decide } from "../src/answer/index.js";
import { align } from "../src/answer/align.js";
import { answerDeps } from "../src/knowledge/index.js";
import { loadCorpus } from "../src/knowledge/store.js";
import { HybridRetriever } from "../src/retrieval/hybrid.js";
const dataDir = process.env.DD ?? "/tmp/zd-new";
const config = loadConfig({ ...process.env, ZHICE_DATA_DIR: dataDir }, {});
const corpus = (await loadCorpus(dataDir))!;
const retriever = await HybridRetriever.open(config, corpus);
const deps = answerDeps(retriever, corpus, config);
const [file, ...rest] = process.argv.slice(2);
const wrongOnly = rest.includes("--wrong");
const ids = rest.filter((x) => !x.startsWith("--"));
const verbose = rest.includes("--v");
for (const item of parseEvalFile(readFileSync(file!, "utf8"))) {
  if (ids.length && !ids.includes(item.id)) continue;
  if (item.kind !== "yesno") continue;
  const a = await analyse(item.q, deps);
  const d = a.abstained ? null : decide(a);
  const got = d?.verdict ?? "unknown";
  if (wrongOnly && got === item.verdict) continue;
  const e = a.evidence;
  console.log(`${isDangerous(item.verdict!, got) ? "!!" : got === item.verdict ? "ok" : "xx"} ${item.id} exp=${item.verdict} got=${got} rule=${d?.rule ?? "-"} asking=${a.q.asking} neg=[${a.q.negated}] cover=${e.cover.toFixed(2)} known=${e.knownShare.toFixed(2)} w=${e.matchedWeight.toFixed(2)}`);
  console.log(`   Q: ${item.q}`);
  console.log(`   terms: ${a.q.terms.groups.map((g, i) => (a.q.act.includes(i) ? "*" : "") + g.alternatives[0] + ":" + g.weight.toFixed(1)).join(" ")}`);
  if (d?.basis) console.log(`   basis[${d.basis.modality} c=${d.basis.cover.toFixed(2)} core=${d.basis.core.toFixed(2)}]: ${d.basis.statement.text.slice(0, 90)}`);
  if (verbose) for (const s of align(a.q, a.hits.slice(0, 5), a.statementTerms).sort((x, y) => y.cover - x.cover).slice(0, 6)) console.log(`     - r${s.rank} ${s.modality} c=${s.cover.toFixed(2)} ap=${s.applies.toFixed(2)} core=${s.core.toFixed(2)} w=${s.weight.toFixed(2)} agr=${s.negationAgrees} ban=${s.bansAct}: ${s.statement.text.slice(0, 80)}`);
  else console.log(`   top: ${a.hits[0]?.clause.text.slice(0, 80)}`);
}
