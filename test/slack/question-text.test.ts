import { describe, expect, it } from "vitest";
import { mentionsBot, questionFromSlackText } from "../../src/slack/question-text.js";

describe("Slack message text → question", () => {
  it("drops the bot mention and turns Slack markup back into what the user saw", () => {
    expect(questionFromSlackText("<@U_BOT> 劳务派遣 &amp; 公益性岗位 &lt;能否&gt; 购买？", "U_BOT")).toBe("劳务派遣 & 公益性岗位 <能否> 购买？");
    expect(questionFromSlackText("<@U_BOT> 看 <https://example.gov.cn/a|这份通知> 和 <#C123|policy> <@U456>", "U_BOT")).toBe("看 这份通知 和 #policy @U456");
    expect(questionFromSlackText("<!channel> 预算", "U_BOT")).toBe("@channel 预算");
  });
  it("knows whether a message mentions the bot", () => {
    expect(mentionsBot("hi <@U_BOT>", "U_BOT")).toBe(true);
    expect(mentionsBot("hi <@U_OTHER>", "U_BOT")).toBe(false);
    expect(mentionsBot("hi", undefined)).toBe(false);
  });
});
