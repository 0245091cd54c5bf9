/**
 * Index files damaged on disk (garbage lsa.json, truncated lsa-basis.f32 or hnswlib.index, a flipped byte, an
 * unreadable stamp) are rebuilt from the clause store with one warning, and searching works; temp dirs left by
 * interrupted saves are cleaned up.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig, type Config } from "../../src/config.js";
import { openKnowledge } from "../../src/knowledge/index.js";
import { ClauseVectorIndex } from "../../src/retrieval/vector-store.js";
import { toyCorpus } from "./synthetic.js";

let dataDir: string;
let config: Config;
const modelDir = () => path.join(dataDir, "index", "local-lsa-256");

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-heal-"));
  config = loadConfig({}, { dataDir });
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function open(warnings: string[] = []) {
  return ClauseVectorIndex.open(config, toyCorpus(), { warn: (m) => warnings.push(m) });
}

const damages: [string, () => void, RegExp][] = [
  ["garbage lsa.json", () => fs.writeFileSync(path.join(modelDir(), "lsa.json"), "{not json at all"), /lsa\.json/],
  [
    "truncated lsa-basis.f32",
    () => {
      const f = path.join(modelDir(), "lsa-basis.f32");
      fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2) + 1);
    },
    /lsa-basis\.f32/,
  ],
  [
    "a flipped byte inside lsa-basis.f32 (same size)",
    () => {
      const f = path.join(modelDir(), "lsa-basis.f32");
      const b = fs.readFileSync(f);
      b[Math.floor(b.length / 2)] = b[Math.floor(b.length / 2)]! ^ 0xff;
      fs.writeFileSync(f, b);
    },
    /lsa-basis\.f32 校验和不符/,
  ],
  ["truncated hnswlib.index", () => fs.truncateSync(path.join(modelDir(), "hnswlib.index"), 100), /hnswlib\.index/],
  ["missing docstore.json", () => fs.rmSync(path.join(modelDir(), "docstore.json")), /docstore\.json/],
  ["garbage index-meta.json", () => fs.writeFileSync(path.join(modelDir(), "index-meta.json"), "\u0000\u0001"), /index-meta\.json/],
];

describe("corrupt vector index files", () => {
  it.each(damages)("%s: rebuilt from the clause store with one warning, and search works", async (_name, damage, names) => {
    const first = await open();
    expect(first.rebuilt).toBe(true);
    damage();
    const warnings: string[] = [];
    const healed = await open(warnings);
    expect(healed.rebuilt).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/索引文件损坏.*已根据条款库重建 \/ warning: index files were corrupt/);
    expect(warnings[0]).toMatch(names);
    const hits = await healed.search("劳务派遣 用工", 3);
    expect(hits.length).toBeGreaterThan(0);
    // healed for good: the next open loads from disk, silently
    const again: string[] = [];
    const next = await open(again);
    expect(next.rebuilt).toBe(false);
    expect(again).toEqual([]);
  });

  it("a stale index (another corpus version) is rebuilt without a warning", async () => {
    await open();
    const warnings: string[] = [];
    const idx = await ClauseVectorIndex.open(config, toyCorpus("v2"), { warn: (m) => warnings.push(m) });
    expect(idx.rebuilt).toBe(true);
    expect(warnings).toEqual([]);
  });

  it("removes temp dirs left by interrupted saves, keeps one a running process is writing", async () => {
    await open();
    const root = path.join(dataDir, "index");
    const dead = path.join(root, "local-lsa-256.tmp-999999999-1700000000000");
    const running = path.join(root, `local-lsa-256.tmp-${process.ppid}-${Date.now()}`);
    for (const d of [dead, running]) {
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, "hnswlib.index"), "partial");
    }
    await open();
    expect(fs.existsSync(dead)).toBe(false);
    expect(fs.existsSync(running)).toBe(true);
  });
});

describe("ask after the index files were damaged", () => {
  it("answers, and says once on stderr that the index was rebuilt", async () => {
    const cfg = loadConfig({ ZHICE_DATA_DIR: dataDir });
    const k1 = await openKnowledge(cfg, { quiet: true });
    await k1.close();
    fs.writeFileSync(path.join(modelDir(), "lsa.json"), "garbage");
    const basis = path.join(modelDir(), "lsa-basis.f32");
    fs.truncateSync(basis, 10);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const k2 = await openKnowledge(cfg, { quiet: true });
      const a = await k2.ask("劳务派遣岗位能否纳入政府购买服务？");
      await k2.close();
      expect(a.verdict).toBe("prohibited");
      const warnings = stderr.mock.calls.map((c) => String(c[0])).filter((s) => s.includes("index files were corrupt"));
      expect(warnings).toHaveLength(1);
    } finally {
      stderr.mockRestore();
    }
  });
});
