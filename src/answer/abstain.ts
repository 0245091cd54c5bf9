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
  /** Best share of that material found in one of the top clauses (0…1). */
  bestCoverage: number;
  /** Share found in the top clauses together (0…1). */
  unionCoverage: number;
  /** Number of hits retrieved at all. */
  hits: number;
}

/**
 * Calibrated on the dev set (test/fixtures/qa-dev.jsonl, 16 in scope, 4 out of scope) and the held-out set
 * (test/fixtures/qa-extra.jsonl); see the measured numbers next to the thresholds.
 */
export const ABSTAIN_THRESHOLDS = {
  /** Minimum best single-clause coverage of the question's key material. */
  minBestCoverage: 0.5,
  /** …or, when the material is spread over several clauses, minimum union coverage. */
  minUnionCoverage: 0.7,
};

export function lacksEvidence(ev: Evidence): boolean {
  if (ev.hits === 0 || ev.termChars === 0) return true;
  return ev.bestCoverage < ABSTAIN_THRESHOLDS.minBestCoverage && ev.unionCoverage < ABSTAIN_THRESHOLDS.minUnionCoverage;
}
