/** Ingest a fixture directory into a temporary data dir once per test file, with small accessors over the result. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { projectRoot } from "../../src/config.js";
import { ingestPaths, type IngestReport } from "../../src/ingest/ingest.js";
import { loadCorpus, type Corpus } from "../../src/knowledge/store.js";

export function useIngestedFixtures(relativeDir: string) {
  const state = {} as { report: IngestReport; corpus: Corpus };
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "zhice-fixtures-"));
    state.report = await ingestPaths([path.join(projectRoot, relativeDir)], { dataDir });
    state.corpus = (await loadCorpus(dataDir))!;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const doc = (id: string) => {
    const d = state.corpus.documents.find((x) => x.id === id);
    if (!d) throw new Error(`no document ${id}: ${state.corpus.documents.map((x) => x.id).join(", ")}`);
    return d;
  };
  const clausesOf = (id: string) => state.corpus.clauses.filter((c) => c.docId === id);
  const clause = (id: string, p: string) => state.corpus.clauses.find((c) => c.docId === id && c.path === p);
  return { state, doc, clausesOf, clause };
}
