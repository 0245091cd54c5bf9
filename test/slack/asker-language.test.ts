/** When the question's wording settles the asker's language, and how a Slack locale reads when it does not. */
import { describe, expect, it } from "vitest";
import { clearLanguage } from "../../src/answer/language.js";
import { langOfLocale } from "../../src/slack/asker-language.js";

describe("asker language", () => {
  it("is settled by Chinese, by English, and by Chinese with acronyms; not by one English frame word or no words", () => {
    expect(clearLanguage("劳务派遣岗位能纳入吗？")).toBe("zh");
    expect(clearLanguage("PPP项目合作期限最长多少年")).toBe("zh");
    expect(clearLanguage("Can a labour dispatch post be purchased?")).toBe("en");
    expect(clearLanguage("Is 劳务派遣 allowed?")).toBe("en");
    expect(clearLanguage("劳务派遣 allowed?")).toBeNull();
    expect(clearLanguage("？？ 123")).toBeNull();
  });

  it("reads Slack locales: zh-* Chinese, en-* English, others unknown", () => {
    expect(langOfLocale("zh-CN")).toBe("zh");
    expect(langOfLocale("zh-TW")).toBe("zh");
    expect(langOfLocale("en-GB")).toBe("en");
    expect(langOfLocale("ja-JP")).toBeNull();
    expect(langOfLocale(undefined)).toBeNull();
  });
});
