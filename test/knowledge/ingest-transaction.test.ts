/**
 * One ingest is one transaction. A process killed (SIGKILL) between writing a new notice's file row and its clauses
 * leaves the store as it was: the notice is not "unchanged" afterwards, and the next ingest adds it and answers from
 * it. (With the old JSON files, the entries file could be written and the corpus not, and the notice then dropped out
 * of answers for good.) Also: the same file twice changes nothing, two admins importing at once (two processes) both
 * succeed without duplicating a clause, and a bad file changes nothing.
 */
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { ingestPaths } from "../../src/ingest/ingest.js";
import { loadCorpus, withKbDatabase, revisionOf } from "../../src/knowledge/store.js";

const tsx = path.join(projectRoot, "node_modules/.bin/tsx");
const PAIR = path.join(projectRoot, "test/fixtures/repeal-pair");
let work: string;
let dataDir: string;
let notices: string;

beforeEach(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "zhice-kb-tx-"));
  dataDir = path.join(work, "data");
  notices = path.join(work, "notices");
  mkdirSync(notices);
  copyFileSync(path.join(projectRoot, "knowledge/caizong-2022-51.txt"), path.join(notices, "caizong-2022-51.txt"));
  await ingestPaths([notices], { dataDir });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const revision = () => withKbDatabase(dataDir, revisionOf);

describe("one ingest, one transaction", () => {
  it("a kill -9 between the file row and its clauses loses nothing: the next ingest adds the notice and it is answerable", async () => {
    copyFileSync(path.join(PAIR, "measures-2025.txt"), path.join(notices, "measures-2025.txt"));
    const before = await revision();
    // node itself (not the tsx wrapper, which would outlive it) so the signal ends the process that writes
    const child = spawnSync(process.execPath, ["--import", "tsx", path.join(projectRoot, "test/knowledge/kill-child.ts"), dataDir, notices], { cwd: projectRoot, encoding: "utf8", env: { ...process.env, KILL_PG_URL: "" } });
    expect(child.signal).toBe("SIGKILL");
    expect(child.stdout).not.toContain("not killed");

    const after = (await loadCorpus(dataDir))!;
    expect(after.documents.map((d) => d.id)).toEqual(["caizong-2022-51"]);
    expect(await revision()).toBe(before);

    const r = await ingestPaths([notices], { dataDir });
    expect(r.added.map((f) => path.basename(f))).toEqual(["measures-2025.txt"]);
    expect(r.unchanged.map((f) => path.basename(f))).toEqual(["caizong-2022-51.txt"]);
    const c = (await loadCorpus(dataDir))!;
    expect(c.clauses.filter((x) => x.docId === "measures-2025").map((x) => x.path)).toEqual(["", "第一条", "第二条", "第三条"]);
  });

  it("importing the same file twice changes nothing (not even the revision)", async () => {
    const before = await revision();
    const r = await ingestPaths([path.join(notices, "caizong-2022-51.txt")], { dataDir });
    expect(r).toMatchObject({ added: [], updated: [], failed: [] });
    expect(await revision()).toBe(before);
  });

  it("an empty file or a corrupt PDF is refused by name with the reason, and nothing changes", async () => {
    writeFileSync(path.join(work, "empty.txt"), "");
    writeFileSync(path.join(work, "broken.pdf"), "%PDF-1.7\nthis is not a PDF body");
    const before = await loadCorpus(dataDir);
    const r = await ingestPaths([path.join(work, "empty.txt"), path.join(work, "broken.pdf")], { dataDir });
    expect(r.failed.map((f) => path.basename(f.file)).sort()).toEqual(["broken.pdf", "empty.txt"]);
    for (const f of r.failed) expect(f.reason).toMatch(/ \/ /); // 中文 / English
    expect(await loadCorpus(dataDir)).toEqual(before);
  });

  it("two admins importing at the same time (two processes) both succeed, and no clause is duplicated", async () => {
    const a = path.join(work, "a");
    const b = path.join(work, "b");
    mkdirSync(a);
    mkdirSync(b);
    copyFileSync(path.join(PAIR, "measures-2025.txt"), path.join(a, "measures-2025.txt"));
    copyFileSync(path.join(PAIR, "interim-measures-2014.txt"), path.join(b, "interim-measures-2014.txt"));
    const shared = path.join(PAIR, "measures-2025.txt"); // both also import the same file
    const run = (dir: string) =>
      new Promise<number | null>((resolve) => {
        const p = spawn(tsx, [path.join(projectRoot, "src/cli/main.ts"), "ingest", dir, shared, "--data-dir", dataDir], { env: { ...process.env, DATABASE_URL: "" }, stdio: "ignore" });
        p.on("exit", (code) => resolve(code));
      });
    expect(await Promise.all([run(a), run(b)])).toEqual([0, 0]);
    const c = (await loadCorpus(dataDir))!;
    expect(c.documents.map((d) => d.title).sort()).toEqual(
      expect.arrayContaining(["某市政府购买服务管理办法", "某市政府购买服务管理暂行办法"]),
    );
    expect(new Set(c.clauses.map((x) => x.id)).size).toBe(c.clauses.length);
    const texts = c.clauses.map((x) => `${x.docId}|${x.text}`);
    expect(new Set(texts).size).toBe(texts.length);
  });
});
