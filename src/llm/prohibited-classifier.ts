/**
 * Optional LLM check for pre-review: does a proposal's free text (title + service) describe a prohibited matter
 * (102号令 第十条 and the yearly notices)? The model must quote the phrase that triggered the finding; a finding whose
 * phrase is not in the text is treated as unreliable (null), as is any failed call.
 */
import { z } from "zod";
import type { LlmConfig } from "./chat-model.js";
import { structuredCall } from "./structured-call.js";

/** Categories the model may choose, with the description it is shown. */
export const PROHIBITED_CATEGORIES = {
  labour_dispatch: "劳务派遣、派遣人员到机关工作 / labour dispatch",
  hiring: "购买主体的人员招聘、聘用及变相用工（以购买服务名义聘用辅助人员、顶岗） / the purchaser's own hiring, disguised hiring",
  public_welfare_post: "设置公益性岗位 / public-welfare posts",
  financing: "融资行为：垫资建设、分期回购、变相举债 / financing, contractor pre-financing, deferred buy-back, disguised debt",
  works_or_goods: "政府采购法规定的货物和工程，或将工程与服务打包 / goods and works, or works bundled with services",
  direct_duty:
    "应当由政府直接履职的事项：行政决策、行政许可、行政处罚、行政强制、行政检查与执法 / duties the government must perform itself (licensing, penalties, enforcement)",
  outside_duties: "不属于政府职责范围的事项 / matters outside the government's own duties",
  other_legal_ban: "法律、行政法规规定不得购买的其他事项 / other matters barred by law",
} as const;

export type ProhibitedCategory = keyof typeof PROHIBITED_CATEGORIES;
const categoryIds = Object.keys(PROHIBITED_CATEGORIES) as [ProhibitedCategory, ...ProhibitedCategory[]];

export const ProhibitedMatterSchema = z.object({
  prohibited: z.boolean().describe("true when the described service is a prohibited matter"),
  category: z.enum([...categoryIds, "none"]).describe('one of the listed category ids, or "none" when not prohibited'),
  phrase: z.string().describe("the phrase copied verbatim from the text that shows the prohibited matter; empty when none"),
});

export interface ProhibitedFinding {
  prohibited: boolean;
  category: string;
  phrase: string;
}

const squash = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");

export async function classifyProhibitedMatters(
  text: string,
  llm: LlmConfig,
  opts: { timeoutMs?: number } = {},
): Promise<ProhibitedFinding | null> {
  if (!text.trim()) return null;
  const out = await structuredCall(
    llm,
    "prohibited-matters",
    { text, categories: Object.entries(PROHIBITED_CATEGORIES).map(([id, d]) => `- ${id}: ${d}`).join("\n") },
    ProhibitedMatterSchema,
    { name: "prohibited_matter", timeoutMs: opts.timeoutMs },
  );
  if (!out) return null;
  if (!out.prohibited) return { prohibited: false, category: "none", phrase: "" };
  const phrase = out.phrase.trim().replace(/^["'“”‘’「」]+|["'“”‘’「」]+$/g, "");
  if (out.category === "none" || !phrase || !squash(text).includes(squash(phrase))) return null;
  return { prohibited: true, category: out.category, phrase };
}
