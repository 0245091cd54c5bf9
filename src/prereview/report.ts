/**
 * The readable Chinese checklist for the terminal and chat: a summary line, then one line per item (icon, check name,
 * short reason). A failed or warned item adds what triggered it and ONE cited clause — 《title》 文号 path (as `ask` names it) and the
 * sentence of the clause that states the rule, trimmed; a passed item names only its source. The full clause text stays
 * in the JSON output.
 */
import { citationRef } from "../knowledge/citation.js";
import type { Citation } from "../knowledge/schema.js";
import type { Checklist, CheckId, CheckResult, CheckStatus, Outcome } from "./schema.js";

export const checkNames: Record<CheckId, string> = {
  prohibited_matters: "禁止性事项",
  budget_arranged: "预算安排",
  purchaser_eligible: "购买主体资格",
  contractor_eligible: "承接主体资格",
  procurement_method: "采购方式",
  contract_term: "合同期限",
  performance_targets: "绩效目标",
  prior_assessment: "事前评估",
};

const icons: Record<CheckStatus, string> = { pass: "✅", warn: "⚠️", fail: "❌", "n/a": "➖" };

export const outcomeNames: Record<Outcome, string> = {
  blocked: "❌ 不通过：存在必须整改的问题，不能提交审批 / blocked",
  ready_with_warnings: "⚠️ 有提示：可以提交审批，请关注提示事项 / ready with warnings",
  ready: "✅ 通过：可以提交审批 / ready",
};

const outcomeShort: Record<Outcome, string> = {
  blocked: "❌ 不通过",
  ready_with_warnings: "⚠️ 有提示",
  ready: "✅ 通过",
};

const outcomeAdvice: Record<Outcome, string> = {
  blocked: "须整改后再提交 / blocked",
  ready_with_warnings: "可提交，请关注提示 / ready with warnings",
  ready: "可提交审批 / ready",
};

const REASON_MAX = 70;
const QUOTE_MAX = 120;
const NAME_WIDTH = Math.max(...Object.values(checkNames).map((n) => n.length));

const NO_GROUNDING = /（知识库中未检索到可引用的依据条款，(.+?)。）/;
/** A parenthetical part that only names the legal basis or quotes the source (shown elsewhere in the report). */
const BASIS_PART = /^(依据|原文)|财政部令|〔\d{4}〕|第[一二三四五六七八九十百零]+条|实施方案|通知|政府采购法/;

function trimTo(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : s;
}

const OPEN = "（「“《(";
const CLOSE = "）」”》)";

/** Splits at top-level (outside brackets and quotes) stops; returns the first piece. */
function firstPiece(s: string, stops: RegExp): string {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && stops.test(s.slice(i))) return s.slice(0, i);
  }
  return s;
}

/** Drops the basis / source parts of top-level （…） groups; keeps what describes the finding. */
function dropBasis(s: string): string {
  let out = "";
  let depth = 0;
  let group = "";
  for (const ch of s) {
    if (ch === "（" && depth === 0) {
      depth = 1;
      group = "";
      continue;
    }
    if (depth > 0) {
      if (ch === "（") depth++;
      if (ch === "）") depth--;
      if (depth === 0) {
        const kept = splitTopLevel(group).filter((p) => !BASIS_PART.test(p.trim()));
        if (kept.length) out += `（${kept.join("；")}）`;
      } else group += ch;
      continue;
    }
    out += ch;
  }
  return depth > 0 ? out + `（${group}` : out;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && ch === "；") {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** The reason in a few words: the message's first statement, without the legal basis (cited below it). */
export function shortReason(message: string): string {
  const body = message.replace(NO_GROUNDING, "");
  const first = firstPiece(body, /^([。；]|[：，]依据)/);
  return trimTo(dropBasis(first).trim(), REASON_MAX);
}

export function sourceRef(c: Citation): string {
  return citationRef(c);
}

function bigrams(s: string): Set<string> {
  const t = s.replace(/[\s\p{P}\p{S}\d]/gu, "");
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t.slice(i, i + 2));
  return out;
}

const NORMATIVE = /不得|严禁|禁止|应当|必须|须|不超过|可以|要/;

/**
 * The sentence of the cited clause that states the rule the check is about: the one sharing most wording with the
 * finding (message + trigger), a normative sentence preferred, a bare heading (（十一）严禁变相用工。) only as a last resort.
 */
export function relevantSentence(citationText: string, finding: string, trigger = ""): string {
  const text = citationText.replace(/^.*?……/, ""); // the lead-in is context, not the rule
  const sentences = text
    .split(/(?<=[。；！？])|\n+/u)
    .map((s) => s.replace(/\s+/g, " ").trim().replace(/^[（(][一二三四五六七八九十百零\d]+[）)]/, "").replace(/^[一二三四五六七八九十百零\d]+[、.．]/, ""))
    .filter(Boolean);
  if (!sentences.length) return trimTo(citationText, QUOTE_MAX);
  const want = bigrams(finding);
  const phrase = trigger.split("（")[0]!.trim();
  let best = sentences[0]!;
  let bestScore = -1;
  for (const s of sentences) {
    const grams = bigrams(s);
    if (!grams.size) continue;
    let shared = 0;
    for (const g of grams) if (want.has(g)) shared++;
    const score =
      shared / Math.sqrt(grams.size) +
      (NORMATIVE.test(s) ? 0.5 : 0) +
      (phrase && s.includes(phrase) ? 2 : 0) -
      (s.length < 14 ? 1 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = s;
    }
  }
  return aroundPhrase(best, phrase, QUOTE_MAX);
}

/** Trims a long sentence so the phrase stays visible: from the comma before it when it would fall past the cut. */
function aroundPhrase(sentence: string, phrase: string, max: number): string {
  const chars = [...sentence];
  if (chars.length <= max || !phrase) return trimTo(sentence, max);
  const at = sentence.indexOf(phrase);
  if (at < 0 || [...sentence.slice(0, at + phrase.length)].length <= max - 1) return trimTo(sentence, max);
  const comma = sentence.lastIndexOf("，", at);
  const from = comma >= 0 ? comma + 1 : at;
  return `…${trimTo(sentence.slice(from), max - 1)}`;
}

/** What the finding is about, for matching a clause: the message without the proposal's quoted words and the basis. */
function findingWords(message: string): string {
  return dropBasis(message.replace(NO_GROUNDING, "").replace(/「[^」]*」/g, ""));
}

function pad(name: string): string {
  return name + "　".repeat(Math.max(0, NAME_WIDTH - name.length));
}

function renderCheck(c: CheckResult): string[] {
  const head = `${icons[c.status]} ${pad(checkNames[c.id])}  ${shortReason(c.message)}`;
  const missing = NO_GROUNDING.exec(c.message);
  if (c.status === "pass" || c.status === "n/a") {
    const cit = c.citations[0];
    if (cit) return [`${head} · ${sourceRef(cit)}`];
    return [missing ? `${head} · 未检索到依据条款` : head];
  }
  const lines = [head];
  if (c.trigger) lines.push(`   触发：${c.trigger}`);
  const cit = c.citations[0];
  if (cit) lines.push(`   依据：${sourceRef(cit)}：“${relevantSentence(cit.text, findingWords(c.message), c.trigger)}”`);
  else lines.push(`   依据：知识库中未检索到可引用的依据条款${missing ? `，${missing[1]}` : ""}`);
  return lines;
}

export function renderChecklist(checklist: Checklist, title?: string): string {
  const count = (s: CheckStatus) => checklist.checks.filter((c) => c.status === s).length;
  const counts = [
    `${count("fail")} 项不通过`,
    `${count("warn")} 项提示`,
    `${count("pass")} 项通过`,
    ...(count("n/a") ? [`${count("n/a")} 项不适用`] : []),
  ].join(" · ");
  const lines: string[] = [];
  if (title) lines.push(`项目预审 / Pre-review：${title}`);
  lines.push(`结论：${outcomeShort[checklist.outcome]}（${counts}）— ${outcomeAdvice[checklist.outcome]}`, "");
  // Problems first (fail, then warn), then the rest in contract order.
  const rank: Record<CheckStatus, number> = { fail: 0, warn: 1, pass: 2, "n/a": 3 };
  const ordered = checklist.checks.map((c, i) => ({ c, i })).sort((a, b) => rank[a.c.status] - rank[b.c.status] || a.i - b.i);
  for (const { c } of ordered) lines.push(...renderCheck(c));
  return lines.join("\n").trimEnd() + "\n";
}
