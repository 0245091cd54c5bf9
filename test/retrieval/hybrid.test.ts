import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { HybridRetriever } from "../../src/retrieval/hybrid.js";
import { defaultGlossary } from "../../src/retrieval/glossary.js";
import { HybridClauseRetriever } from "../../src/retrieval/clause-retriever.js";
import { clause, doc, toyCorpus } from "./synthetic.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-hybrid-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const config = loadConfig({}, { dataDir: tmp });

describe("glossary", () => {
  it("maps English policy phrases to Chinese terms, longest phrase first", () => {
    const g = defaultGlossary();
    const t = g.translate("Can a labour dispatch post be purchased?");
    expect(t.zh).toContain("劳务派遣");
    expect(t.zh).toContain("岗位");
    expect(t.unknown).toEqual([]);
    expect(g.translate("the district's guidance catalogues").zh).toContain("指导性目录");
    expect(g.translate("How do I reset my VPN password?").unknown).toEqual(expect.arrayContaining(["vpn", "password"]));
    // Everyday phrasings of procurement acts reach the texts' terms.
    expect(g.translate("The officer used to work for the supplier").zh).toContain("劳动关系");
    expect(g.translate("Can the winner sublet part of the work?").zh).toContain("分包");
    expect(g.translate("Can the contract be awarded directly without competition?").zh).toContain("单一来源采购");
    // Words that shape the question are neither topic nor unknown.
    expect(g.translate("Is it allowed to use disinfection services?").unknown).toEqual([]);
  });
});

describe("HybridRetriever", () => {
  it("finds the clause that actually contains the key term, with matched terms recorded", async () => {
    const r = await HybridRetriever.open(config, toyCorpus());
    const hits = await r.search("劳务派遣岗位能否纳入政府购买服务？", 3);
    expect(hits[0]!.clause.id).toBe("notice#1");
    expect(hits[0]!.matched).toContain("劳务派遣");
    expect(hits[0]!.coverage).toBeGreaterThan(hits[hits.length - 1]!.coverage - 1e-9);
    for (const h of hits) expect(Number.isFinite(h.score)).toBe(true);
  });

  it("reaches Chinese clauses from English questions through the glossary", async () => {
    const r = await HybridRetriever.open(config, toyCorpus());
    expect((await r.search("Can we purchase disinfection services for epidemic prevention?", 3))[0]!.clause.text).toContain("消毒消杀");
    expect((await r.search("Can online education services be purchased?", 3))[0]!.clause.text).toContain("在线教育");
    expect((await r.search("Who convenes the provincial joint meeting?", 3))[0]!.clause.text).toContain("联席会议");
  });

  it("finds the notices' wording from a colloquial synonym (派遣工 → 劳务派遣)", async () => {
    const r = await HybridRetriever.open(config, toyCorpus());
    const hits = await r.search("派遣工可以用吗", 3);
    expect(hits[0]!.clause.id).toBe("notice#1");
    expect(hits[0]!.matched).toContain("劳务派遣");
  });

  it("reaches the written register from spoken money wording (没钱 → 预算未安排)", async () => {
    const r = await HybridRetriever.open(config, toyCorpus());
    const hits = await r.search("没钱还能买服务吗", 3);
    expect(hits[0]!.clause.id).toBe("notice#3");
    expect(hits[0]!.matched).toContain("预算未安排");
  });

  it("returns a duplicated text once, from the more authoritative document", async () => {
    const r = await HybridRetriever.open(config, toyCorpus());
    const hits = await r.search("核酸检测 消毒消杀", 5);
    const copies = hits.filter((h) => h.clause.text.includes("核酸检测"));
    expect(copies).toHaveLength(1);
    expect(copies[0]!.doc.id).toBe("services");
  });

  it("quotes a passage once when an excerpt of the same notice holds it with its 文号 line and more", async () => {
    const passage = "政府购买服务改革是一项重要改革工作，各地积极推进政府购买服务改革取得明显成效，在改善人民群众生活等方面发挥了重要作用。";
    const full = doc("full", "关于做好政府购买服务改革重点工作的通知", 3, { docNo: "财综〔2022〕51号" });
    const excerpt = doc("excerpt", "关于做好政府购买服务改革重点工作的通知", 2, { docNo: "财综〔2022〕51号", excerpt: true, sameAs: "full" });
    const corpus = {
      documents: [full, excerpt],
      clauses: [
        clause("full", 1, passage),
        clause("full", 2, "为进一步贯彻落实重要决策部署，现就有关事项通知如下："),
        clause("excerpt", 1, `财综〔2022〕51号\n${passage}为进一步贯彻落实重要决策部署，强化政策……`),
      ],
      version: "excerpt-v1",
    };
    const r = await HybridRetriever.open(loadConfig({}, { dataDir: path.join(tmp, "excerpt") }), corpus);
    const hits = await r.search("政府购买服务改革取得了什么成效", 5);
    const copies = hits.filter((h) => h.clause.text.includes("取得明显成效"));
    expect(copies).toHaveLength(1);
    expect(copies[0]!.doc.id).toBe("full");
  });

  it("credits a clause that states a compound's parts apart, and a figure for a how-long question", async () => {
    const base = toyCorpus();
    const corpus = {
      ...base,
      clauses: [
        ...base.clauses,
        clause("notice", 9, "（九）政府购买服务合同履行期限一般不超过1年，预算有保障的可以签订不超过3年的合同。"),
      ],
    };
    const r = await HybridRetriever.open(loadConfig({}, { dataDir: path.join(tmp, "term") }), corpus);
    const hits = await r.search("政府购买服务合同期限最长几年", 3);
    expect(hits[0]!.clause.id).toBe("notice#9");
    expect(hits[0]!.coverage).toBeGreaterThan(0.6);
    expect(r.queryTerms("政府购买服务合同期限最长几年").wantsQuantity).toBe(true);
  });

  it("makes the prohibition the topic of a 'what may not' question, not of a yes/no one", async () => {
    const r = await HybridRetriever.open(config, toyCorpus());
    const list = r.queryTerms("哪些事项不得纳入购买服务范围").groups.map((g) => g.alternatives[0]);
    expect(list).toContain("不得");
    const yesNo = r.queryTerms("养老服务不得购买吗").groups.map((g) => g.alternatives[0]);
    expect(yesNo).not.toContain("不得");
  });

  it("keeps an acronym the glossary cannot place as a term of a Chinese question, lowering coverage", async () => {
    const r = await HybridRetriever.open(config, toyCorpus());
    expect(r.queryTerms("PPP项目可以购买吗").groups.map((g) => g.alternatives[0])).toContain("ppp");
    const withAcronym = await r.search("PPP养老服务可以购买吗", 1);
    const without = await r.search("养老服务可以购买吗", 1);
    expect(withAcronym[0]!.coverage).toBeLessThan(without[0]!.coverage);
  });

  it("exposes the query's key terms and cues for abstention", async () => {
    const r = await HybridRetriever.open(config, toyCorpus());
    const a = r.queryTerms("公益性岗位可以购买吗");
    expect(a.groups.map((g) => g.alternatives[0])).toContain("公益性岗位");
    expect(a.cues).toContain("可以");
    expect(r.queryTerms("How do I reset my VPN password?").unknownEnglish.length).toBeGreaterThan(0);
    expect(await r.search("明天会下雨吗", 3)).toEqual([]);
  });

  it("works behind LangChain's BaseRetriever interface", async () => {
    const r = await HybridRetriever.open(config, toyCorpus());
    const docs = await new HybridClauseRetriever(r, 2).invoke("Can a labour dispatch post be purchased?");
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.length).toBeLessThanOrEqual(2);
    expect(docs[0]!.metadata["clauseId"]).toBe("notice#1");
    expect(docs[0]!.pageContent).toContain("以下各项不得纳入购买服务范围");
  });

  it("survives two opens building the same index at once", async () => {
    const cfg = loadConfig({}, { dataDir: path.join(tmp, "race") });
    const [a, b] = await Promise.all([HybridRetriever.open(cfg, toyCorpus()), HybridRetriever.open(cfg, toyCorpus())]);
    expect((await a.search("劳务派遣", 1))[0]!.clause.id).toBe("notice#1");
    expect((await b.search("劳务派遣", 1))[0]!.clause.id).toBe("notice#1");
    const c = await HybridRetriever.open(cfg, toyCorpus());
    expect(c.vectors?.rebuilt).toBe(false);
    expect(fs.readdirSync(path.join(tmp, "race", "index")).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("opens an empty corpus and answers every search with nothing", async () => {
    const cfg = loadConfig({}, { dataDir: path.join(tmp, "empty") });
    const r = await HybridRetriever.open(cfg, { documents: [], clauses: [], version: "empty" });
    expect(r.size).toBe(0);
    expect(await r.search("劳务派遣", 5)).toEqual([]);
  });

  it("keeps one index directory per embedding model, reloaded without rebuild, rebuilt when the corpus changes", async () => {
    const own = path.join(tmp, "own");
    const cfg = loadConfig({}, { dataDir: own });
    const dir = path.join(own, "index", "local-lsa-256");
    const first = await HybridRetriever.open(cfg, toyCorpus("v1"));
    expect(first.vectors?.rebuilt).toBe(true);
    expect(fs.existsSync(path.join(dir, "hnswlib.index"))).toBe(true);
    expect(fs.existsSync(path.join(dir, "lsa.json"))).toBe(true);
    const mtime = fs.statSync(path.join(dir, "hnswlib.index")).mtimeMs;
    const second = await HybridRetriever.open(cfg, toyCorpus("v1"));
    expect(second.vectors?.rebuilt).toBe(false);
    expect(first.lexicalLoaded).toBe(false);
    expect(second.lexicalLoaded).toBe(true);
    expect(fs.statSync(path.join(dir, "hnswlib.index")).mtimeMs).toBe(mtime);
    const q = "养老服务 康复护理";
    expect((await second.search(q, 3)).map((h) => h.clause.id)).toEqual((await first.search(q, 3)).map((h) => h.clause.id));
    const vq = await second.vectors!.search(q, 2);
    expect(vq[0]!.clauseId).toBe("services#3");
    const third = await HybridRetriever.open(cfg, toyCorpus("v2"));
    expect(third.vectors?.rebuilt).toBe(true);
    expect(third.lexicalLoaded).toBe(false);
    expect(fs.readdirSync(path.join(own, "index")).sort()).toEqual(["lexical", "local-lsa-256"]);
  });
});

describe("everyday wording reaches the law's terms (glossary synonyms)", () => {
  // Three articles in the laws' wording, none sharing a word with the spoken questions below.
  const law = doc("law", "中华人民共和国政府采购法", 4, { kind: "regulation" });
  const corpus = {
    documents: [law],
    clauses: [
      clause("law", 1, "第四十八条 经采购人同意，中标、成交供应商可以依法采取分包方式履行合同。"),
      clause("law", 2, "（一）参加采购活动前3年内与供应商存在劳动关系；", { leadIn: "采购人员与供应商有下列利害关系之一的，应当回避：" }),
      clause("law", 3, "第二十五条 供应商不得与采购人、其他供应商或者采购代理机构恶意串通。"),
      clause("law", 4, "第四十四条 政府采购合同应当采用书面形式。"),
      clause("law", 5, "第四十九条 中标或者成交供应商拒绝与采购人签订合同的，采购人可以确定下一候选人为中标或者成交供应商。"),
      clause("law", 6, "财政部门受理投诉后，投诉人书面申请撤回投诉的，财政部门应当终止投诉处理程序。"),
    ],
    version: "v1",
  };

  it.each([
    ["中标那家想把一部分活分给别人干，行不行？", "分包"],
    ["我们的采购员前两年在那家公司上班，这次还能参与吗？", "劳动关系"],
    ["几家投标的私下搞暗箱操作，怎么处理？", "恶意串通"],
    ["那家公司死活不签合同，咱们怎么办？", "拒绝"],
    ["投诉递上去以后还能撤掉吗？", "撤回"],
  ])("%s → the clause naming %s", async (q, term) => {
    const r = await HybridRetriever.open(config, corpus);
    const hits = await r.search(q, 2);
    expect(hits[0]!.clause.text).toContain(term);
    expect(hits[0]!.matched).toContain(term);
  });
});
