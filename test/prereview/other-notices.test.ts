/**
 * Pre-review over a larger, different corpus: the notices plus test/fixtures/notices-other (a 管理办法 in 第X条 form,
 * city and county notices, .docx/.pdf/.html). Verdicts must not change, and grounding should pick up the more direct
 * clauses those documents add — found by cue, not by name.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { openKnowledge, type Knowledge } from "../../src/knowledge/index.js";
import { createPrereviewer, parseProposal, type Prereviewer } from "../../src/prereview/index.js";

const root = mkdtempSync(path.join(os.tmpdir(), "zhice-prereview-other-"));
const knowledgeDir = path.join(root, "knowledge");
let knowledge: Knowledge;
let prereview: Prereviewer;

function copyFiles(from: string, to: string) {
  for (const f of readdirSync(from)) {
    const p = path.join(from, f);
    if (statSync(p).isFile()) copyFileSync(p, path.join(to, f));
  }
}

beforeAll(async () => {
  mkdirSync(knowledgeDir);
  copyFiles("knowledge", knowledgeDir);
  copyFiles("test/fixtures/notices-other", knowledgeDir);
  const config = loadConfig({ ZHICE_DATA_DIR: path.join(root, "data"), ZHICE_KNOWLEDGE_DIR: knowledgeDir } as NodeJS.ProcessEnv);
  knowledge = await openKnowledge(config, { autoIngest: true, quiet: true });
  prereview = createPrereviewer(knowledge, config);
});
afterAll(async () => {
  await knowledge?.close();
  rmSync(root, { recursive: true, force: true });
});

function load(file: string) {
  const raw = JSON.parse(readFileSync(file, "utf8")) as { expect: { outcome: string } };
  const r = parseProposal(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return { raw, proposal: r.proposal };
}

describe("pre-review over more notices", () => {
  it("keeps every fixture's outcome", async () => {
    for (const d of ["test/fixtures/proposals", "test/fixtures/proposals-extra"]) {
      for (const f of readdirSync(d).filter((x) => x.endsWith(".json"))) {
        const { raw, proposal } = load(path.join(d, f));
        expect((await prereview(proposal)).outcome, f).toBe(raw.expect.outcome);
      }
    }
  });

  it("grounds findings in the more direct clauses when the corpus has them", async () => {
    const pi1 = await prereview(load("test/fixtures/proposals-extra/PX13.json").proposal);
    const purchaser = pi1.checks.find((k) => k.id === "purchaser_eligible")!;
    expect(purchaser.status).toBe("fail");
    expect(purchaser.citations[0]!.text).toMatch(/公益一类.*不作为/);

    const goods = await prereview(load("test/fixtures/proposals-extra/PX21.json").proposal);
    const pm = goods.checks.find((k) => k.id === "prohibited_matters")!;
    expect(pm.citations[0]!.text).toMatch(/不得.*货物|货物.*不得/);

    const term = await prereview(load("test/fixtures/proposals/DP04.json").proposal);
    expect(term.checks.find((k) => k.id === "contract_term")!.citations[0]!.text).toMatch(/期限.*不超过/);
  });
});
