/** Regulations and orders: 令号 and issuer, enactment records in the header, list articles with their lead-in and closing text. */
import { describe, expect, it } from "vitest";
import { parseDocNo } from "../../src/ingest/metadata.js";
import { parseFile } from "../../src/ingest/parse.js";

const parse = (text: string, name = "regulation.txt") => parseFile(name, Buffer.from(text, "utf8"));

describe("令号 with the national prefix", () => {
  it("reads 中华人民共和国…令第N号 as the order number without the prefix", () => {
    expect(parseDocNo("中华人民共和国财政部令第102号")).toBe("财政部令第102号");
    expect(parseDocNo("中华人民共和国国务院令第658号")).toBe("国务院令第658号");
    expect(parseDocNo("2015年1月30日 中华人民共和国国务院令第658号公布")).toBe("国务院令第658号");
    expect(parseDocNo("根据中华人民共和国国务院令第658号")).toBe("国务院令第658号");
  });

  it("gives the order's number and issuer from a 文号 label", async () => {
    const p = await parse("标题: 中华人民共和国政府采购法实施条例\n文号: 中华人民共和国国务院令第658号\n发布日期: 2015-01-30\n\n第一章 总则\n第一条 根据政府采购法，制定本条例。\n第二条 本条例所称财政性资金是指纳入预算管理的资金。\n第三条 本条例自2015年3月1日起施行。\n");
    expect(p.meta.docNo).toBe("国务院令第658号");
    expect(p.meta.issuer).toBe("国务院");
  });
});
