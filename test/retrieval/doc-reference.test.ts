/**
 * A document named in the question (year + kind, 文号, place, level, kind word, title words) pulls retrieval
 * toward that document's clauses; a question asking for a 文号 gets the named document's opening clause.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import type { Clause, Document } from "../../src/knowledge/schema.js";
import { DocumentReferences } from "../../src/retrieval/doc-reference.js";
import { HybridRetriever } from "../../src/retrieval/hybrid.js";
import { clause, doc } from "./synthetic.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-docref-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Three documents that say nearly the same thing about the guidance catalogue, differing in who/when/what. */
function corpus(): { documents: Document[]; clauses: Clause[]; version: string } {
  const documents = [
    doc("n2021", "财政部关于做好2021年政府购买服务工作的通知", 4, {
      issuer: "财政部",
      docNo: "财综〔2021〕12号",
      date: "2021-03-01",
    }),
    doc("n2020", "财政部关于做好2020年政府购买服务工作的通知", 4, {
      issuer: "财政部",
      docNo: "财综〔2020〕7号",
      date: "2020-03-01",
    }),
    doc("plan", "推进政府购买服务改革实施方案", 3, { kind: "local_plan" }),
    doc("news", "江西推进政府购买服务改革", 1, { kind: "news", date: "2021-08-01" }),
  ];
  const clauses = [
    clause("n2021", 0, "各省级财政部门：为推进政府购买服务改革，现就有关事项通知如下。", { level: 0, path: "" }),
    clause("n2021", 1, "（一）各地应当动态调整政府购买服务指导性目录，做好目录编制工作。"),
    clause("n2021", 2, "（二）加强政府购买服务合同管理，明确违约责任。"),
    clause("n2020", 1, "（一）各地应当编制政府购买服务指导性目录，加强目录管理。"),
    clause("n2020", 2, "（二）加强政府购买服务绩效管理。"),
    clause("plan", 1, "（一）全区政府购买服务指导性目录由区财政局会同相关部门编制。"),
    clause("plan", 2, "（二）本区各部门应当按照目录开展购买服务。"),
    clause("news", 1, "全省编制政府购买服务指导性目录，目录涵盖多个领域。"),
  ];
  return { documents, clauses, version: "docref-v1" };
}

async function open(): Promise<HybridRetriever> {
  return HybridRetriever.open(loadConfig({}, { dataDir: tmp }), corpus(), { lexicalOnly: true });
}

describe("document references", () => {
  it("takes a document's name in the question as a reference, the longest name first", () => {
    const law = doc("law", "中华人民共和国政府采购法", 5, { kind: "regulation" });
    const rules = doc("rules", "中华人民共和国政府采购法实施条例", 5, { kind: "regulation" });
    const refs = new DocumentReferences([law, rules], [clause("law", 2, "本法所称采购，是指以合同方式有偿取得货物、工程和服务的行为。"), clause("rules", 2, "政府采购法第二条所称财政性资金是指纳入预算管理的资金。")]);
    const analysis = (q: string) => ({ question: q, groups: [] }) as unknown as Parameters<DocumentReferences["resolve"]>[0];
    const strongest = (q: string) => [...refs.resolve(analysis(q)).docs].filter(([, s]) => s === 1).map(([id]) => id);
    expect(strongest("《政府采购法》所称的采购包括哪些行为？")).toEqual(["law"]);
    expect(strongest("政府采购法实施条例所称的财政性资金是指什么？")).toEqual(["rules"]);
    expect(refs.resolve(analysis("《政府采购法》所称的采购包括哪些行为？")).confidence).toBe(1);
  });


  it("profiles documents from metadata and text: year + kind, 文号, place, level", async () => {
    const r = await open();
    const ref = (q: string) => r.documentReference(r.queryTerms(q));
    expect([...ref("2020年通知对指导性目录有什么要求").docs].find(([, s]) => s === 1)?.[0]).toBe("n2020");
    expect([...ref("财综〔2021〕12号对指导性目录有什么要求").docs].find(([, s]) => s === 1)?.[0]).toBe("n2021");
    expect([...ref("江西的指导性目录涵盖哪些领域").docs].find(([, s]) => s === 1)?.[0]).toBe("news");
    expect([...ref("What does the district's plan say about the guidance catalogue?").docs].find(([, s]) => s === 1)?.[0]).toBe("plan");
    // A topical question names no document; a subject (省级财政部门, 规定程序, break the rules) is not a reference.
    expect(ref("指导性目录由谁编制").docs.size).toBe(0);
    expect(ref("省级财政部门应在什么时间前完成指导性目录编制").docs.size).toBe(0);
    expect(ref("没有履行规定程序的事项可以纳入指导性目录吗").docs.size).toBe(0);
    expect(ref("Can contractors that break the rules be listed in the guidance catalogue?").docs.size).toBe(0);
  });

  it("ranks the named document's clause first among near-identical clauses", async () => {
    const r = await open();
    expect((await r.search("2020年通知对指导性目录有什么要求", 3))[0]!.clause.docId).toBe("n2020");
    expect((await r.search("Under the 2021 notice, what must be done about the guidance catalogue?", 3))[0]!.clause.docId).toBe("n2021");
    expect((await r.search("区里的指导性目录由谁编制", 3))[0]!.clause.docId).toBe("plan");
    expect((await r.search("新闻稿里指导性目录涵盖什么", 3))[0]!.clause.docId).toBe("news");
  });

  it("answers a 文号 question with the named document's opening clause (the Hit carries the docNo)", async () => {
    const r = await open();
    const hits = await r.search("2021年政府购买服务工作的通知文号是什么", 3);
    expect(hits[0]!.clause.id).toBe("n2021#0");
    expect(hits[0]!.doc.docNo).toBe("财综〔2021〕12号");
    expect(r.documentReference(r.queryTerms("What is the document number of the 2020 notice?")).asksDocNo).toBe(true);
    // Issue date / issuer questions likewise cite the named document's opening clause.
    const dated = await r.search("2021年政府购买服务工作的通知是什么时候印发的", 3);
    expect(dated[0]!.clause.id).toBe("n2021#0");
    expect(r.documentReference(r.queryTerms("When was the 2021 notice issued?")).asksMetadata).toBe(true);
    expect(r.documentReference(r.queryTerms("2021年通知对合同管理有什么要求")).asksMetadata).toBe(false);
  });

  it("is built from documents alone (no corpus-specific rules)", () => {
    const c = corpus();
    const refs = new DocumentReferences(c.documents, c.clauses);
    const none = refs.resolve({ question: "今天天气如何", groups: [] } as never);
    expect(none.docs.size).toBe(0);
    expect(none.asksDocNo).toBe(false);
  });
});
