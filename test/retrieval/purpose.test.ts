/** A "why" question prefers the clause that states a purpose or significance (often a preamble before 一、). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { HybridRetriever } from "../../src/retrieval/hybrid.js";
import { clause, doc } from "./synthetic.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zhice-purpose-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("purpose questions", () => {
  it("ranks the preamble stating why first for a why-question, not for a what-question", async () => {
    const corpus = {
      documents: [doc("n", "关于推进购买服务改革的通知", 3), doc("o", "关于做好养老服务工作的通知", 3)],
      clauses: [
        clause("n", 0, "为进一步转变政府职能，提高公共服务供给水平，现就推进购买服务改革通知如下。", { path: "", level: 0 }),
        clause("n", 1, "（一）推进购买服务改革，各地应当编制购买服务指导性目录，推进购买服务改革试点。"),
        clause("n", 2, "（二）推进购买服务改革中，各地应当加强购买服务合同管理，规范合同订立和履约验收。"),
        clause("o", 1, "（一）各地应当加强养老服务设施建设，提高养老服务质量。"),
        clause("o", 2, "（二）各地应当做好养老服务补贴发放工作。"),
      ],
      version: "purpose-v1",
    };
    const r = await HybridRetriever.open(loadConfig({}, { dataDir: tmp }), corpus, { lexicalOnly: true });
    expect((await r.search("为什么要推进购买服务改革", 3))[0]!.clause.id).toBe("n#0");
    expect((await r.search("Why should the purchase of services be reformed?", 3))[0]!.clause.id).toBe("n#0");
    expect((await r.search("推进购买服务改革要编制什么目录", 3))[0]!.clause.id).toBe("n#1");
    expect(r.queryTerms("为什么要推进购买服务改革").wantsPurpose).toBe(true);
  });
});

describe("definition questions", () => {
  it("ranks the clause defining a term first for a what-does-it-mean question", async () => {
    const corpus = {
      documents: [doc("d", "关于购买服务的指导意见", 3), doc("o", "关于做好养老服务工作的通知", 3)],
      clauses: [
        clause("d", 1, "（一）购买服务的主体是各级行政机关，购买服务应当编制预算并依法签订合同。"),
        clause("d", 2, "（二）购买服务，就是把政府直接提供的一部分服务事项交由具备条件的社会力量承担。"),
        clause("d", 3, "（三）购买服务的内容为适合市场化方式提供的服务，购买服务应当公开择优。"),
        clause("o", 1, "（一）各地应当加强养老服务设施建设，提高养老服务质量。"),
        clause("o", 2, "（二）各地应当做好养老服务补贴发放工作。"),
      ],
      version: "definition-v1",
    };
    const r = await HybridRetriever.open(loadConfig({}, { dataDir: path.join(tmp, "def") }), corpus, { lexicalOnly: true });
    expect((await r.search("什么是购买服务", 3))[0]!.clause.id).toBe("d#2");
    expect((await r.search("What does purchase of services mean?", 3))[0]!.clause.id).toBe("d#2");
    expect(r.queryTerms("购买服务的主体是谁").wantsDefinition).toBe(false);
    // 「…所称的X」 asks what the text means by X, the way exam items word it
    expect((await r.search("本意见所称的购买服务包括哪些", 3))[0]!.clause.id).toBe("d#2");
  });
});
