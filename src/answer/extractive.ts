/**
 * The offline answer: a verdict sentence (for yes/no questions) and the most relevant sentence(s) of the cited
 * clauses quoted verbatim, in the asker's language. English answers are English prose around the Chinese quotes,
 * each quote titled with 《title》, 文号 and clause path.
 */
import { standingNote, standingOf } from "../knowledge/standing.js";
import type { Hit } from "../knowledge/hit.js";
import { sentences } from "../text/sentences.js";
import { citedText } from "../knowledge/schema.js";
import type { Lang, Verdict } from "./schema.js";
import { asksBan, isHelpRequest, questionForm, type QuestionForm } from "./question.js";
import { verdictLabel, type Answer } from "./schema.js";

export interface Support {
  hit: Hit;
  /** Key terms of the question found in this clause. */
  terms: string[];
}

export interface ExtractiveInput {
  lang: Lang;
  form: QuestionForm;
  verdict: Verdict;
  /** Cited clauses, most relevant first (the first one is the main support). */
  supports: Support[];
  abstained: boolean;
  /** Why it abstained: no evidence in the notices, or a question after instructions / secrets. */
  abstainReason?: "no-basis" | "injection";
  /** The question asks to leave undone what the clause requires ("可以不纳入预算吗"). */
  skipsRequirement?: boolean;
  /** The verdict rests on a rule that requires another means than the one asked about (书面形式 for 口头). */
  requiresOther?: boolean;
  /** The verdict is 仅供参考 because the ban it quotes states an exception (「除…外」「但…除外」) the question does not place. */
  exceptionDecides?: boolean;
  /** The verdict is 仅供参考 because the permission it quotes stands only in a clause retrieval ranked low (leave for a neighbouring case). */
  distantPermission?: boolean;
  /** The verdict is 仅供参考 because the texts cover the question only in part (evidence.ts): the nearest clause is quoted. */
  weakEvidence?: boolean;
  /** The question asks whether the act is required, and the clause requires it. */
  required?: boolean;
  /** The sentence the verdict rests on, quoted from the main clause instead of the best-matching one. */
  quote?: string;
  /** A covering statement pointing the other way (a permission beside a ban), quoted after the main one. */
  conflict?: { support: Support; quote: string };
  /** The question asks whether the act is banned ("Is it forbidden to …?"): yes means prohibited. */
  asksBan?: boolean;
  /** The kind of sentence the question asks for (one stating a quantity, a time): quoted first. */
  prefer?: (sentence: string) => boolean;
}

const MAX_QUOTE = 150;
/** A clause this short is quoted whole; a longer one by its most relevant sentence(s). */
const SHORT_CLAUSE = 60;

/** The most relevant sentence(s) of a clause for the question: those holding the key terms (and the cue). */
export function quoteFor(s: Support, prefer?: (sentence: string) => boolean): string {
  const text = citedText(s.hit.clause);
  const sents = sentences(text);
  // Only a short clause is quoted whole: the citation below already carries the full text.
  if (text.length <= SHORT_CLAUSE || sents.length <= 1) return clip(text, s.terms);
  const scored = sents.map((sent, i) => {
    let score = s.terms.reduce((n, t) => n + (sent.includes(t) ? t.length : 0), 0);
    if (prefer && score > 0 && prefer(sent)) score += 3;
    return { sent, i, score };
  });
  const best = [...scored].sort((a, b) => b.score - a.score || a.i - b.i);
  if (best[0].score === 0) return clip(sents.slice(0, 2).join(""), s.terms);
  const picked = [best[0]];
  const second = best[1];
  if (second && second.score > 0 && best[0].sent.length + second.sent.length <= MAX_QUOTE) picked.push(second);
  picked.sort((a, b) => a.i - b.i);
  // Keep the lead-in when the clause has one: the item without it loses its "不得".
  const lead = s.hit.clause.leadIn && text.startsWith(s.hit.clause.leadIn) && picked[0].i > 0 ? `${s.hit.clause.leadIn}……` : "";
  const body = picked.map((p, k) => (k > 0 && p.i !== picked[k - 1].i + 1 ? "……" : "") + p.sent).join("");
  return lead + clip(body, s.terms);
}

/** A chosen sentence of a clause, with the clause's lead-in when it is an item (the item alone loses its "不得"). */
function withLeadIn(s: Support, sentence: string): string {
  const lead = s.hit.clause.leadIn;
  const body = clip(sentence, s.terms);
  return lead && !sentence.startsWith(lead) ? `${lead}……${body}` : body;
}

/** A quote of at most about MAX_QUOTE characters, cut around the first key term rather than blindly at the end. */
function clip(s: string, terms: string[]): string {
  const t = s.replace(/\s+/g, " ").trim();
  if (t.length <= MAX_QUOTE + 30) return t;
  const hits = terms.map((x) => t.indexOf(x)).filter((i) => i >= 0);
  const first = hits.length ? Math.min(...hits) : 0;
  const start = Math.max(0, Math.min(first - 40, t.length - MAX_QUOTE));
  const end = Math.min(t.length, start + MAX_QUOTE);
  return `${start > 0 ? "……" : ""}${t.slice(start, end)}${end < t.length ? "……" : ""}`;
}

/** "《title》（文号）二、（十一）" in Chinese, "《title》 (文号), clause 二、（十一）" in English. */
export function sourceRef(hit: Hit, lang: Lang): string {
  const { doc, clause } = hit;
  if (lang === "en") {
    const no = doc.docNo ? ` (${doc.docNo})` : "";
    const path = clause.path ? `, clause ${clause.path}` : "";
    return `《${doc.title}》${no}${path}${standingNote(standingOf(doc), "en")}`;
  }
  const no = doc.docNo ? `（${doc.docNo}）` : "";
  return `《${doc.title}》${no}${standingNote(standingOf(doc), "zh")}${clause.path ? ` ${clause.path}` : ""}`;
}

const ZH_VERDICT: Record<Verdict, string> = {
  prohibited: "结论：不可以。相关条款明确禁止：",
  allowed: "结论：可以。相关条款予以支持：",
  conditional: "结论：有条件可以，须满足条款所列条件：",
  info: "",
  unknown: "",
};
const EN_VERDICT: Record<Verdict, string> = {
  prohibited: "No — the rules prohibit this.",
  allowed: "Yes — the rules allow this.",
  conditional: "Only under conditions — the rules allow this subject to the conditions they state.",
  info: "",
  unknown: "",
};

/** A question framed as "is it forbidden …?": the same verdicts, answered yes/no the other way round. */
const ZH_BAN_VERDICT: Partial<Record<Verdict, string>> = {
  prohibited: "结论：是的，明确禁止。相关条款规定：",
  allowed: "结论：不禁止，可以。相关条款予以支持：",
  conditional: "结论：并非一律禁止，但须满足条款所列条件：",
};
const EN_BAN_VERDICT: Partial<Record<Verdict, string>> = {
  prohibited: "Yes — it is prohibited: the rules forbid this.",
  allowed: "No — it is not prohibited; the rules allow this.",
  conditional: "Not outright — it is allowed only under the conditions the rules state.",
};

/** The verdict sentence that opens an answer, worded to answer the question as it was asked. */
function verdictHead(input: ExtractiveInput, required: boolean): string {
  const { lang, verdict, form } = input;
  const en = lang === "en";
  if (required) return en ? "Yes — the rules require it." : "需要。依据";
  if (input.skipsRequirement && verdict === "prohibited") return en ? "No — the rules require it." : "结论：不可以。相关条款明确要求：";
  if (input.requiresOther && verdict === "prohibited")
    return en ? "No — the rule requires another means than the one asked about:" : "结论：不可以。相关条款要求采用另一种方式：";
  if (input.asksBan && (en ? EN_BAN_VERDICT : ZH_BAN_VERDICT)[verdict]) return (en ? EN_BAN_VERDICT : ZH_BAN_VERDICT)[verdict]!;
  if (form === "obligation" && verdict === "prohibited") return en ? "No — the rules rule this out." : "结论：不应当。相关条款规定：";
  // "需要…吗 / should …?" answered yes without a stated requirement: the rules provide for it (not merely allow it).
  if (form === "obligation" && verdict === "allowed") return en ? "Yes — the rules provide for this." : "结论：是。相关条款规定：";
  if (input.exceptionDecides && verdict === "info")
    return en
      ? "For reference only — the rule forbids this except in the cases it names; whether yours is one of them decides."
      : "结论：仅供参考。条款原则上禁止，但规定了除外情形，是否属于除外情形决定能否进行：";
  if (input.weakEvidence && verdict === "info")
    return en
      ? "For reference only — the texts match the question only in part; the nearest rule is quoted, and whether it governs your case is for you to check."
      : "结论：仅供参考。条文只部分对应所问情形，以下为最接近的条款，是否适用请结合具体情况核实：";
  if (input.distantPermission && verdict === "info")
    return en
      ? "For reference only — the texts permit a neighbouring case; whether that leave covers yours is not settled."
      : "结论：仅供参考。条文只对相近情形作了允许性规定，能否适用于所问情形尚不明确：";
  // Two rules that point different ways (a ban beside a rule that requires or permits the act in some cases): say so,
  // rather than that the texts are silent; the second rule follows the first.
  if (input.conflict && verdict === "info")
    return en
      ? "For reference only — the texts provide differently for different cases."
      : "结论：仅供参考。条文对不同情形有不同规定：";
  // A yes/no question the texts do not settle: the nearest rule, for reference only.
  if (form !== "fact" && verdict === "info")
    return en ? "The rules do not settle this explicitly; for reference only." : "结论：条文对此没有明确规定，以下条款仅供参考：";
  return en ? EN_VERDICT[verdict] : ZH_VERDICT[verdict] || "根据";
}

export function composeExtractive(input: ExtractiveInput): string {
  const { lang, verdict, supports, abstained, prefer } = input;
  if (abstained) return composeAbstention(input);
  const [main, ...rest] = supports;
  if (!main) return composeAbstention({ ...input, abstainReason: "no-basis" });
  const quote = input.quote ? withLeadIn(main, input.quote) : quoteFor(main, prefer);
  // A second quote only when another document speaks to the question as fully as the main clause does (never the
  // clause quoted as the conflicting rule: that one is quoted once, as such).
  const weight = (x: Support) => x.terms.reduce((n, t) => n + t.length, 0);
  const conflicting = input.conflict?.support.hit.clause.id;
  const others = rest
    .filter((x) => x.hit.doc.id !== main.hit.doc.id && x.hit.clause.id !== conflicting && weight(x) >= Math.max(4, weight(main)))
    .slice(0, 1);
  const required = input.required ?? false;
  const head = verdictHead(input, required);
  if (lang === "en") {
    const lines = [`${head ? head + " " : ""}The rules say: ${sourceRef(main.hit, "en")}: “${quote}”`];
    for (const o of others) lines.push(`See also ${sourceRef(o.hit, "en")}: “${quoteFor(o, prefer)}”`);
    if (input.conflict)
      lines.push(`But note ${sourceRef(input.conflict.support.hit, "en")}: “${withLeadIn(input.conflict.support, input.conflict.quote)}” — which rule governs depends on the facts; ask the finance department.`);
    lines.push("(Quoted in the original Chinese; see the citations below.)");
    return lines.join("\n");
  }
  const lines = [`${head}${sourceRef(main.hit, "zh")}：“${quote}”`];
  for (const o of others) lines.push(`另见${sourceRef(o.hit, "zh")}：“${quoteFor(o, prefer)}”`);
  if (input.conflict)
    lines.push(`但另有${sourceRef(input.conflict.support.hit, "zh")}：“${withLeadIn(input.conflict.support, input.conflict.quote)}”——适用哪一条取决于具体情形，请与财政部门确认。`);
  return lines.join("\n");
}

function composeAbstention({ lang, supports, abstainReason }: ExtractiveInput): string {
  const refs = supports.slice(0, 3).map((s) => sourceRef(s.hit, lang));
  if (lang === "en") {
    const head =
      abstainReason === "injection"
        ? "I can't help with that: the question tells me how to answer, or asks for instructions, configuration or secrets, which are never disclosed. Verdicts follow only the texts, and the knowledge base has no basis for this one."
        : "The knowledge base has no basis for answering this question, so no verdict is given.";
    return refs.length
      ? `${head}\nThe clauses below are only the nearest matches found — they are not support for an answer: ${refs.join("; ")}.`
      : head;
  }
  const head =
    abstainReason === "injection"
      ? "无法回答：该问题要求改变回答方式，或要求透露系统指令、配置、密钥，这类要求不予执行；结论只依据条文，知识库中也没有相关依据。"
      : "知识库中没有回答这个问题的依据，无法给出结论。";
  return refs.length ? `${head}\n以下条款只是检索到的最接近内容，并不构成依据：${refs.join("；")}。` : head;
}

/**
 * The verdict label worded for the question as asked: "Is it forbidden …?" is answered 禁止 / 不禁止 rather than
 * "No — prohibited" (which would read as "no, it is not forbidden"), and an obligation question's yes is 需要.
 */
export function verdictHeadline(a: Pick<Answer, "q" | "lang" | "verdict" | "abstained">): { zh: string; en: string } {
  // A help request is answered with what the assistant does, not "no basis".
  if (a.abstained && a.verdict === "unknown" && isHelpRequest(a.q)) return { zh: "使用说明", en: "Help" };
  if (a.abstained) return verdictLabel.unknown;
  if (asksBan(a.q, a.lang)) {
    if (a.verdict === "prohibited") return { zh: "禁止", en: "Yes — prohibited" };
    if (a.verdict === "allowed") return { zh: "不禁止", en: "No — not prohibited" };
    if (a.verdict === "conditional") return { zh: "有条件允许", en: "Allowed only under conditions" };
  }
  if (questionForm(a.q, a.lang) === "obligation") {
    if (a.verdict === "allowed") return { zh: "需要 / 可以", en: "Yes" };
    if (a.verdict === "prohibited") return { zh: "不应当", en: "No" };
  }
  return verdictLabel[a.verdict];
}
