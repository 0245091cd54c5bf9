/**
 * The knowledge-base command lines as an admin runs them, on each store (SQLite; PostgreSQL in a fresh schema when it
 * answers): `ingest FILE --preview` then `ingest FILE --url …`, `kb list --json` (the contract other tooling reads),
 * `kb retire` / `kb restore` exit codes, and `ask --json` citations carrying status / supersededBy / url. The repeal
 * pair is a test fixture (test/fixtures/repeal-pair), not real notices.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../src/config.js";
import { makeStore, runZhice, STORES, type StoreHandle } from "../workflow/harness.js";

const PAIR = path.join(projectRoot, "test/fixtures/repeal-pair");
const NEW = path.join(PAIR, "measures-2025.txt");
const OLD = path.join(PAIR, "interim-measures-2014.txt");

describe.each(STORES)("zhice kb on %s", (kind) => {
  let store: StoreHandle;
  const zhice = (...args: string[]) => runZhice(store, {}, ...args);
  const list = () => JSON.parse(zhice("kb", "list", "--json").out) as Record<string, unknown>[];

  beforeAll(async () => {
    store = await makeStore(kind);
    const r = zhice("ingest", path.join(projectRoot, "knowledge/caizong-2022-51.txt"), OLD, "--as", "U_ADMIN");
    expect(r.code, r.err).toBe(0);
  });
  afterAll(async () => store?.cleanup());

  it("previews a notice without importing it, then imports it with a given URL", () => {
    const p = zhice("ingest", NEW, "--preview", "--json");
    expect(p.code, p.err).toBe(0);
    const preview = JSON.parse(p.out).previews[0];
    expect(preview).toMatchObject({
      change: "new", title: "某市政府购买服务管理办法", docNo: "某财综〔2025〕12号", clauses: 4, firstPaths: ["第一条", "第二条", "第三条"],
      supersedes: [{ docId: "interim-measures-2014", docNo: "某财综〔2014〕96号" }],
    });
    expect(list().map((d) => d.docId)).not.toContain("measures-2025");

    // an option where the URL should be is a missing URL, not a URL to reject
    const noUrl = zhice("ingest", NEW, "--url", "--json");
    expect(noUrl.code).not.toBe(0);
    expect(noUrl.err).toMatch(/--url needs a value/);
    const r = zhice("ingest", NEW, "--url", "https://example.org/notices/12", "--as", "U_ADMIN", "--json");
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).changed).toEqual([
      expect.objectContaining({ docId: "measures-2025", title: "某市政府购买服务管理办法", docNo: "某财综〔2025〕12号", clauses: 4, url: "https://example.org/notices/12" }),
    ]);
  });

  it("kb list --json prints every document with its status, clause count, URL, who added it and when", () => {
    const docs = list();
    for (const d of docs) expect(Object.keys(d)).toEqual(expect.arrayContaining(["docId", "title", "docNo", "status", "clauses", "url", "addedBy", "addedAt"]));
    expect(docs.find((d) => d.docId === "interim-measures-2014")).toMatchObject({ status: "superseded", clauses: 4, addedBy: "U_ADMIN" });
    expect(docs.find((d) => d.docId === "measures-2025")).toMatchObject({ status: "in_force", url: "https://example.org/notices/12" });
    expect(Date.parse(String(docs[0]!.addedAt))).not.toBeNaN();
  });

  it("ask --json cites the superseded measures with status, supersededBy and url", () => {
    const r = zhice("ask", "--json", "机关食堂餐饮服务可以通过政府购买服务购买吗？");
    expect(r.code, r.err).toBe(0);
    const cite = (JSON.parse(r.out).citations as Record<string, unknown>[]).find((c) => c.docId === "interim-measures-2014");
    expect(cite).toMatchObject({ status: "superseded", supersededBy: { title: "某市政府购买服务管理办法", docNo: "某财综〔2025〕12号" }, url: "https://example.org/zhice-fixtures/2014-96.html" });
  });

  it("kb retire / restore exit 0 when applied, 1 with a bilingual line when not, 2 without a reason", () => {
    expect(zhice("kb", "retire", "某财综〔2025〕12号").code).toBe(2);
    expect(zhice("kb", "retire", "某财综〔2025〕12号", "--reason", "口径调整", "--as", "U_ADMIN").code).toBe(0);
    expect(list().find((d) => d.docId === "measures-2025")).toMatchObject({ status: "retired", retiredReason: "口径调整" });
    expect(list().find((d) => d.docId === "interim-measures-2014")!.status).toBe("in_force");
    const again = zhice("kb", "retire", "measures-2025", "--reason", "x");
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/已停用 \/ .*already retired/);
    expect(zhice("kb", "restore", "measures-2025").code).toBe(0);
    expect(zhice("kb", "restore", "measures-2025").code).toBe(1);
    expect(zhice("kb", "restore", "财综〔1999〕1号").err).toMatch(/没有「财综〔1999〕1号」.* \/ no document/);
  });

  it("audit verify covers the knowledge changes", () => {
    const r = zhice("audit", "verify");
    expect(r.code, r.out + r.err).toBe(0);
    const kinds = (JSON.parse(zhice("audit", "export", "--format", "json").out) as { kind: string }[]).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["kb.add", "kb.retire", "kb.restore"]));
  });
});
