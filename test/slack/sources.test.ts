import { describe, expect, it } from "vitest";
import { safeUrl, sourcesContext, streamSources, titleLink } from "../../src/slack/blocks/sources.js";

const cite = (title: string, url?: string) => ({ docId: title, title, docNo: null, clausePath: "一、", text: "……", ...(url ? { url } : {}) });

describe("clickable sources", () => {
  it("links only http(s) URLs, with Slack's link delimiters encoded so a title cannot break out", () => {
    expect(safeUrl("javascript:alert(1)")).toBeNull();
    expect(safeUrl("not a url")).toBeNull();
    expect(titleLink(cite("通知", "https://a.gov.cn/x|y>z"))).toBe("<https://a.gov.cn/x%7Cy%3Ez|《通知》>");
    expect(titleLink(cite("<!channel>通知", "ftp://a"))).toBe("《&lt;!channel&gt;通知》");
  });

  it("lists each linked notice once, keeps citation numbers, and gives no block when nothing has a URL", () => {
    const ctx = sourcesContext([cite("甲", "https://a.gov.cn/1"), cite("乙"), cite("甲", "https://a.gov.cn/1"), cite("丙", "https://a.gov.cn/3")]) as any;
    expect(ctx.elements.map((e: any) => e.text)).toEqual(["*来源 / Sources*", "[1] <https://a.gov.cn/1|《甲》>", "[4] <https://a.gov.cn/3|《丙》>"]);
    expect(sourcesContext([cite("乙")])).toBeNull();
    expect(streamSources([cite("甲", "https://a.gov.cn/1"), cite("乙")])).toEqual([{ type: "url", url: "https://a.gov.cn/1", text: "《甲》" }]);
  });
});
