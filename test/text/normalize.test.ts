/** The one text normaliser: the matching form hides nothing a reader would see, and display text keeps its look. */
import { describe, expect, it } from "vitest";
import { hiddenCharacters, normalizeText, stripInvisible } from "../../src/text/normalize.js";
import { DISGUISED_LABOUR_DISPATCH } from "../prereview/disguised-variants.js";

describe("normalizeText", () => {
  it.each(DISGUISED_LABOUR_DISPATCH.filter(([name]) => !name.startsWith("English")))("reads %s as 劳务派遣", (_n, written) => {
    expect(normalizeText(`以${written}方式`)).toBe("以劳务派遣方式");
  });

  it("maps radicals and full-width forms to the ordinary characters (NFKC plus the radicals supplement)", () => {
    expect(normalizeText("⻙⼈ＡＢＣ１２３")).toBe("韦人ABC123");
  });

  it("keeps case, Chinese punctuation, newlines and spaces between words", () => {
    expect(normalizeText("Labor  Dispatch\n一、总则。")).toBe("Labor Dispatch\n一、总则。");
  });
});

describe("stripInvisible (display-safe)", () => {
  it("removes what cannot be seen and keeps what can", () => {
    expect(stripInvisible("劳\u200b务·派遣 勞務 ＡＢ，")).toBe("劳务·派遣 勞務 ＡＢ，");
    expect(stripInvisible("\u202e遣派务劳\u202c")).toBe("劳务派遣");
    expect(stripInvisible("\uf92f⻙")).toBe("勞韦");
  });
});

describe("hiddenCharacters", () => {
  it("names hidden characters inside Chinese words, bidi controls, HTML references and look-alikes", () => {
    expect(hiddenCharacters("劳\u200b务").map((h) => h.kind)).toEqual(["invisible"]);
    expect(hiddenCharacters("\u202e遣派\u202c").map((h) => h.kind)).toEqual(["bidi", "bidi"]);
    expect(hiddenCharacters("劳&#21153;").map((h) => h.written)).toEqual(["&#21153;"]);
    expect(hiddenCharacters("⻙").map((h) => h.kind)).toEqual(["lookalike"]);
  });

  it("leaves honest text alone: an emoji's variation selector, a space between words, tabs and newlines", () => {
    expect(hiddenCharacters("好👍\ufe0f 服务\t项目\n完成 R&D")).toEqual([]);
  });
});
