/**
 * When not to answer: questions that try to extract instructions or secrets, and questions the notices do not
 * cover. Abstaining is a normal answer (verdict "unknown", the nearest clauses shown as such), never an error.
 */

/**
 * Prompt-injection and secret-extraction wording, by family: "ignore/forget previous instructions", "system
 * prompt / 提示词 / 系统指令", credentials (API key, token, password, 密钥, 口令), configuration and environment.
 */
const INJECTION: RegExp[] = [
  /\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:previous|prior|above|earlier|all|your|the)\b.{0,30}\b(?:instructions?|rules?|prompts?|guidelines?|constraints?)/i,
  /\b(?:system|developer|hidden|initial|original)\s+(?:prompt|message|instructions?)\b/i,
  /\b(?:api[\s_-]?keys?|secret\s+keys?|access\s+tokens?|bot\s+tokens?|signing\s+secrets?|passwords?|credentials?|env(?:ironment)?\s+variables?|\.env\b|xox[bpa]-)/i,
  /\b(?:jailbreak|DAN mode|developer mode|you are now|pretend (?:to be|you are)|reveal your|print your|show me your)\b/i,
  /(?:忽略|无视|忘记|忘掉|绕过|跳过|不要理会|不用管).{0,12}(?:之前|以上|上面|前面|先前|所有|原有|你的)?.{0,8}(?:规则|指令|指示|提示|设定|要求|限制|约束)/,
  /提示词|系统提示|系统指令|系统设定|初始指令|隐藏指令|prompt/i,
  /密钥|秘钥|口令|密码|令牌|凭证|凭据|私钥|access.?key|token|环境变量|配置文件|\.env/i,
  /假装你是|假设你是|你现在是|从现在起你(?:是|要)|扮演(?:一个|一名)?(?:没有|不受)/,
];

export function isInjection(q: string): boolean {
  return INJECTION.some((re) => re.test(q));
}

/** What the retrieval found for a question, as the abstention rule sees it. */
export interface Evidence {
  /** Characters of the question's key-term material (Chinese fragments, or glossary terms for English). */
  termChars: number;
  /** Best share of the question's fragments found verbatim in one of the top clauses (0…1). */
  fragmentCoverage: number;
  /** Best idf-weighted term-group coverage the retriever reports for the top clauses (0…1), when it reports one. */
  retrieverCoverage: number | null;
  /** English content words nobody could place (not in the glossary, not question words), as a share (0…1). */
  unknownShare: number;
  /** Number of hits retrieved at all. */
  hits: number;
  /** The combined score the threshold applies to. */
  score: number;
}

/**
 * Calibration, measured with the offline retriever on the dev set (test/fixtures/qa-dev.jsonl: 16 in scope, 4 out
 * of scope), the held-out set (test/fixtures/qa-extra.jsonl: 25 in scope, 6 out of scope), probe questions
 * (test/fixtures/qa-probe.jsonl: 45 in scope, 13 out of scope) and questions over test/fixtures/notices-other/
 * (test/fixtures/qa-other-notices.jsonl), with knowledge/ alone and with notices-other/ ingested next to it:
 * - retriever coverage (idf-weighted term groups) of the best top-3 clause: out of scope 0.20–0.44, in scope
 *   0.38–1.00 — alone it does not separate ("社区矫正服务可以购买吗" 0.40 vs "政府采购法第几条…" 0.44);
 * - fragment coverage (verbatim pieces of the Chinese question; a piece found only in the title or headings
 *   counts half): out of scope 0.15–0.44 (one outlier 0.88), in scope 0.50–1.00 for Chinese questions;
 * - Chinese score = mean of both: out of scope ≤ 0.40 (one outlier 0.66: "政府采购法第几条规定了公开招标", whose
 *   words are all in the notices), in scope ≥ 0.50; English score = retriever coverage of the glossary groups,
 *   times (1 − 0.8 × the share of English content words nobody could place): out of scope ≤ 0.40 ("What is the
 *   salary scale for civil servants?" finds only scale → 规模), in scope ≥ 0.52;
 * - a quantity question ("多少 / how many") whose top clauses state no quantity keeps 0.7 of its score
 *   ("How many employees does the Ministry of Finance have?" 0.52 → 0.36).
 * - English attribute words (term, rate, ratio, scale, minimum …) are the question's frame, not its topic
 *   (src/answer/index.ts, ATTRIBUTE_WORDS): "How long is the repayment term of a special bond?" used to score 0.42–0.50
 *   on 期限 alone and now scores ≤ 0.30; with the attribute rule, re-measured on dev + extra (incl. E42–E45, finance
 *   questions built on term / rate / capital / ratio) + probe: English out of scope ≤ 0.40, English in scope ≥ 0.59
 *   (one known miss, "Is it OK to purchase goods…", 0.00); Chinese out of scope ≤ 0.41 (outlier 0.65 as above).
 *   Position questions ("第三部分的第二项") score 0.31–0.42 on words but are answered by their numbering
 *   (src/answer/position.ts), not by this threshold.
 * - An English question after an attribute ("rate", "term" …) whose owning noun phrase holds a word the glossary
 *   cannot place ("What VAT rate …", "corporate income tax rate") scores 0 (src/answer/index.ts, ownerUnknown): it
 *   scored 0.46–0.47 on side words (applies → 申报, contractor → 承接主体) while the Chinese 增值税 question abstains.
 * - A figure question whose clause names the measure next to the topic without a number ("不得超出法定期限签订…合同")
 *   keeps its full score (no 0.7): "合同最长可以签几年" 0.35 → 0.50, answered "no specific figure, only the rule".
 * - Question shape and polarity (SHAPE_CREDIT, POLARITY_CREDIT, added in src/answer/index.ts evidenceOf): an
 *   independent set of colloquial questions (32 in scope, 8 out of scope) had in-scope answers abstain with the right
 *   clause ranked 1–2: "…最迟什么时候要编完" 0.45 (the clause says "于2022年6月底前完成"), "…是什么意思" 0.45 (the
 *   clause says "…，就是…"), "…longer than the legal limit" 0.44 ("不得超出法定期限签订…合同"). A when-question and a
 *   clause stating a date next to its terms, or a definition question and a clause defining its term, add 0.20; a
 *   yes/no question whose terms stand in a sentence with a ban adds 0.10; spoken wording is matched in the notices'
 *   register (没安排 → 未安排, 搞 → 开展; question.ts writtenRegister). Re-measured (dev, extra incl. E56–E63, the
 *   older and the new independent set, probe): out of scope ≤ 0.38 on all but probe, whose ≤ 0.42 plus the two known
 *   outliers (0.66 above; "How many employees does the Ministry of Finance have?" 0.47) are unchanged by the credits;
 *   in scope, the credited questions now score 0.47–0.65. Still abstaining: paraphrases with no shared word
 *   ("招几个临时工" ~ "不得将人员招、聘用…纳入", 0.14), which a lower threshold would not reach without taking
 *   out-of-scope questions along.
 * The threshold sits midway between 0.40 and 0.50. A wrong abstention still shows the nearest clauses; a wrong
 * answer presents unrelated clauses as support.
 */
export const ABSTAIN_THRESHOLD = 0.45;

/**
 * Credit for a question whose shape the top clauses answer: a when-question and a clause stating a date next to the
 * question's terms ("…月底前完成"), a definition question ("…是什么意思") and a clause defining one of its terms
 * ("…，是指 / 就是 / 即…"). Added to the word score, so only questions already near the threshold cross it.
 */
export const SHAPE_CREDIT = 0.2;

/** Credit for a yes/no question whose topic words stand in a sentence of a top clause with a ban. */
export const POLARITY_CREDIT = 0.1;

/** A sentence holding one of the terms and a ban (不得 / 严禁 / 禁止 / 不准 / 不允许). */
export function bansNear(text: string, terms: string[]): boolean {
  const sents = text.match(/[^。；;！!？?\n]+[。；;！!？?\n]*/g) ?? [text];
  return sents.some((s) => terms.some((t) => t.length >= 2 && s.includes(t)) && /不得|严禁|禁止(?!性)|不准|不允许|一律不/.test(s));
}

/** A question asking what a term means ("是什么意思", "什么是…", "what does … mean"). */
export function asksDefinition(q: string): boolean {
  return /是什么意思|什么叫|什么是|是指什么|指的是什么|含义是什么|怎么理解|what\s+(?:does|do|is meant by)\b.*\bmean|\bdefinition\b|\bdefined?\b/i.test(q);
}

/**
 * The term a Chinese definition question asks about, whole ("政府向社会力量购买服务是什么意思" → the full phrase): the
 * topic fragments drop words as common as 购买服务, but a definition is found by the exact term it defines.
 */
export function definedTerm(q: string): string | null {
  const m =
    /([^，,。？?；;：:\s]{2,30}?)(?:到底|究竟)?(?:是什么意思|是指什么|指的是什么|的含义是什么|的意思是什么|怎么理解)/.exec(q) ??
    /什么(?:是|叫)(?:做)?([^，,。？?；;：:\s]{2,30}?)(?:[？?。]|$)/.exec(q);
  return m ? m[1].replace(/^(?:这里的|所说的|所谓的?|里的?|中的?)/, "") : null;
}

/** A sentence defining one of the terms ("政府向社会力量购买服务，就是通过…", "…是指…"). */
export function definesNear(text: string, terms: string[]): boolean {
  const sents = text.match(/[^。；;！!？?\n]+[。；;！!？?\n]*/g) ?? [text];
  return sents.some((s) => terms.some((t) => { const i = s.indexOf(t); return i >= 0 && /^[^。]{0,12}?(?:是指|就是|即)/.test(s.slice(i + t.length)); }));
}

export function evidenceScore(e: Omit<Evidence, "score">, lang: "zh" | "en"): number {
  if (e.hits === 0) return 0;
  // No topic words at all (only question words): nothing to stand on unless the retriever found its own terms.
  if (e.termChars === 0 && (e.retrieverCoverage === null || lang === "en")) return 0;
  const base =
    e.retrieverCoverage === null
      ? e.fragmentCoverage
      : lang === "zh"
        ? (e.retrieverCoverage + e.fragmentCoverage) / 2
        : e.retrieverCoverage;
  return base * (1 - 0.8 * e.unknownShare);
}

export function lacksEvidence(ev: Evidence): boolean {
  return ev.score < ABSTAIN_THRESHOLD;
}
