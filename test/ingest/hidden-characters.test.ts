/**
 * A notice whose text hides characters (zero-width, bidi overrides, tag characters, radicals, HTML references of
 * invisible characters) is stored as a reader sees it: the clause says 劳务派遣, and nothing visible changes.
 */
import { describe, expect, it } from "vitest";
import { parseFile } from "../../src/ingest/parse.js";

const NOTICE = [
  "关于规范政府购买服务管\u200b理的通知",
  "",
  "一、各单位不得以劳\u200b务\u2060派\u{e0041}遣方式用工。",
  "二、严禁借政府购买服务名义变相\u202e工用\u202c，⻔槛不得提高。",
  "三、本通知自印发之日起施行（试行）。",
].join("\n");

describe("hidden characters in ingested notices", () => {
  it("stores plain text, in the order it is shown, with full-width punctuation kept", async () => {
    const p = await parseFile("notice.txt", Buffer.from(NOTICE, "utf8"));
    const text = p.clauses.map((c) => c.text).join("\n");
    expect(p.meta.title).toBe("关于规范政府购买服务管理的通知");
    expect(text).toContain("一、各单位不得以劳务派遣方式用工。");
    expect(text).toContain("二、严禁借政府购买服务名义变相用工，门槛不得提高。");
    expect(text).toContain("（试行）");
    expect(text).not.toMatch(/[\u200b\u2060\u202e\u202c\u{e0041}]/u);
  });

  it("removes invisible characters written as HTML references", async () => {
    const html = "<html><head><title>关于做好政府购买&#8203;服务工作的通知</title></head><body><h1>关于做好政府购买&#8203;服务工作的通知</h1>" +
      "<p>一、不得以劳&#8203;务派&#x200d;遣方式用工。</p><p>二、严禁变相用工。</p></body></html>";
    const p = await parseFile("notice.html", new TextEncoder().encode(html));
    expect(p.meta.title).toBe("关于做好政府购买服务工作的通知");
    expect(p.clauses.map((c) => c.text).join("\n")).toContain("一、不得以劳务派遣方式用工。");
  });
});
