/**
 * `npx tsx bench/answer-trace.ts SET[,SET …] [--data-dir DIR] [--out FILE]`: one JSON line per yes/no question of
 * the named sets (bench/sets/NAME, ../shared/eval/NAME, or a path), saying how its verdict came about: the rule that
 * decided, the verdict against the expected one and which way it is dangerous, the rank of the clause holding the
 * gold among the hits and of the statement the verdict rests on, and what the question analysis read (asking, act
 * words, what it leaves undone). For finding what fails on development sets; read report sets only in aggregate.
 *
 * Answered over knowledge/ plus ../shared/corpus-law, like bench/answer-sets.ts.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../src/config.js";
import { actWords } from "../src/answer/analysis.js";
import { dangerOf, parseEvalFile } from "../src/answer/evaluation.js";
import { analyse, decide } from "../src/answer/index.js";
import { answerDeps } from "../src/knowledge/index.js";
import { loadCorpus } from "../src/knowledge/store.js";
import { HybridRetriever } from "../src/retrieval/hybrid.js";
import { flag, withIngested } from "./measure.js";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const shared = path.resolve(root, "..", "shared");

const round = (x: number) => Math.round(x * 100) / 100;

function setFile(name: string): string | undefined {
  const candidates = [name, path.join(root, "bench/sets", `${name}.jsonl`), path.join(shared, "eval", `${name}.jsonl`)];
  return candidates.find((f) => existsSync(f) && f.endsWith(".jsonl"));
}

async function main() {
  const names = process.argv
    .slice(2)
    .filter((a, i, all) => !a.startsWith("--") && !all[i - 1]?.startsWith("--"))
    .flatMap((a) => a.split(","))
    .filter(Boolean);
  if (!names.length) {
    console.error("用法 / usage: npx tsx bench/answer-trace.ts SET [SET …] [--data-dir DIR] [--out FILE]");
    process.exit(2);
  }
  const missing = names.filter((n) => !setFile(n));
  if (missing.length) {
    console.error(`找不到题集 / no such set: ${missing.join(", ")}`);
    process.exit(2);
  }
  const files = names.map((n) => setFile(n)!);
  await withIngested([path.join(root, "knowledge"), path.join(shared, "corpus-law")], flag("--data-dir"), async (dataDir) => {
    const config = loadConfig({ ...process.env, ZHICE_DATA_DIR: dataDir });
    const corpus = await loadCorpus(config.dataDir);
    if (!corpus) throw new Error(`数据目录为空 / empty data dir: ${dataDir}`);
    const retriever = await HybridRetriever.open(config, corpus);
    const deps = answerDeps(retriever, corpus, config);
    const lines: string[] = [];
    try {
      for (const file of files) {
        for (const item of parseEvalFile(readFileSync(file, "utf8"))) {
          if (item.kind !== "yesno") continue;
          const a = await analyse(item.q, deps);
          const d = a.abstained ? null : decide(a);
          const got = d?.verdict ?? "unknown";
          const holdsGold = (text: string) => item.gold?.some((g) => text.includes(g)) ?? false;
          const goldHit = a.hits.findIndex((h) => holdsGold(h.clause.text));
          lines.push(
            JSON.stringify({
              set: path.basename(file, ".jsonl"),
              id: item.id,
              style: item.style ?? null,
              expected: item.verdict ?? null,
              got,
              danger: dangerOf(item.verdict, got),
              rule: d?.rule ?? "abstained",
              goldHit: goldHit < 0 ? null : goldHit,
              basisRank: d?.basis?.rank ?? null,
              basisIsGold: d?.basis ? holdsGold(d.basis.statement.text) : false,
              asking: a.q.asking,
              act: actWords(a.q),
              negated: a.q.negated,
              basis: d?.basis?.statement.text ?? null,
              basisFit: d?.basis ? { cover: round(d.basis.cover), core: round(d.basis.core), applies: round(d.basis.applies) } : null,
              evidence: { known: round(a.evidence.knownShare), cover: round(a.evidence.cover), weight: round(a.evidence.matchedWeight), asked: a.evidence.askedCover === null ? null : round(a.evidence.askedCover) },
              terms: a.q.terms.groups.map((g) => `${g.alternatives[0]}${g.known ? "" : "?"}:${round(g.weight)}`),
              q: item.q,
            }),
          );
        }
      }
    } finally {
      await retriever.close();
    }
    const out = flag("--out");
    if (out) writeFileSync(out, lines.join("\n") + "\n");
    else console.log(lines.join("\n"));
  });
}

await main();
