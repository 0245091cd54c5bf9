/**
 * Pre-review latency over the proposal fixtures (test/fixtures/proposals + proposals-extra), knowledge base warm:
 *  - "uncached": a fresh pre-reviewer per run, so every grounding search reaches the hybrid retriever;
 *  - "warm": one pre-reviewer reused (its search memo holds the rule queries, as in a long-running process);
 *  - the lexicon matcher alone.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, projectRoot } from "../src/config.js";
import { openKnowledge } from "../src/knowledge/index.js";
import { createPrereviewer, parseProposal } from "../src/prereview/index.js";
import { loadLexicon, matchLexicon, proposalText } from "../src/prereview/lexicon.js";
import type { Proposal } from "../src/prereview/schema.js";
import { fmtMs, percentile, row, timeEach } from "./measure.js";

function fixtures(): Proposal[] {
  const dirs = ["test/fixtures/proposals", "test/fixtures/proposals-extra"].map((d) => path.join(projectRoot, d));
  return dirs.flatMap((d) =>
    fs
      .readdirSync(d)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => {
        const r = parseProposal(JSON.parse(fs.readFileSync(path.join(d, f), "utf8")));
        if (!r.ok) throw new Error(`${f}: ${JSON.stringify(r.errors)}`);
        return r.proposal;
      }),
  );
}

function report(label: string, ms: number[]): void {
  row(`${label} (n=${ms.length})`, `p50 ${fmtMs(percentile(ms, 50))} · p95 ${fmtMs(percentile(ms, 95))} · max ${fmtMs(Math.max(...ms))}`);
}

export default async function bench(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-bench-prereview-"));
  const config = loadConfig({ ...process.env, ZHICE_DATA_DIR: dataDir, ZHICE_LLM_BASE_URL: "" });
  const t0 = performance.now();
  const knowledge = await openKnowledge(config, { autoIngest: true, quiet: true });
  row("open knowledge (ingest + index)", fmtMs(performance.now() - t0));
  try {
    const proposals = fixtures();
    const rounds = 5;
    const many = Array.from({ length: rounds }, () => proposals).flat();

    // warm-up: index pages, JIT
    const warm = createPrereviewer(knowledge, config);
    for (const p of proposals) await warm(p);

    report("pre-review, uncached searches", await timeEach(many, (p) => createPrereviewer(knowledge, config)(p)));
    report("pre-review, warm (memoised rule queries)", await timeEach(many, (p) => warm(p)));
    const lexicon = loadLexicon();
    report("lexicon matcher alone", await timeEach(many, (p) => matchLexicon(proposalText(p), lexicon)));
    const outcomes = new Map<string, number>();
    for (const p of proposals) {
      const c = await warm(p);
      outcomes.set(c.outcome, (outcomes.get(c.outcome) ?? 0) + 1);
    }
    row("fixtures by outcome", [...outcomes].map(([k, v]) => `${k} ${v}`).join(" · "));
  } finally {
    await knowledge.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
