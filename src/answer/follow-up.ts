/**
 * A follow-up read with the question before it. An elliptical question (「那公益性岗位呢？」, 「如果是稳定连续的项目呢？」,
 * "What about public-welfare posts?") names a new object or a condition but leaves the act and the frame to the turn
 * before; its analysis takes them from the previous turn's analysis:
 *  - substitution (那…呢 / what about …): the new words replace the previous question's objects; its act, frame
 *    (form, asking, answer shape) and frame words stay;
 *  - condition (如果…呢 / what if …): the previous question stays whole and the condition's words join it.
 * Terms are merged as analysed words, never by joining the two questions' texts.
 */
import type { QueryAnalysis, TermGroup } from "../retrieval/query.js";
import type { QuestionAnalysis, TermAnalyser } from "./analysis.js";
import { isGenericTerm } from "./question.js";

export type FollowUpKind = "substitute" | "condition";

const ZH_CONDITION = /^(?:那|那么)?(?:如果|要是|假如|假设|若是|倘若|万一)/;
const ZH_SUBSTITUTE = /^(?:那|那么|还有|另外)(?!些|个|里|样|么样)|呢[？?。!！\s]*$/;
const EN_CONDITION = /^\s*(?:and\s+|but\s+)?(?:what\s+if|if|suppose|supposing|in\s+case)\b/i;
const EN_SUBSTITUTE = /^\s*(?:and\s+|but\s+|so\s+)?(?:what\s+about|how\s+about|and\s+for|same\s+for|what\s+of)\b|^\s*and\s+\w+/i;
/** Words that only mark the ellipsis: not terms of their own. */
const MARKERS = new Set(["如果", "要是", "假如", "假设", "若是", "倘若", "万一", "那", "那么", "还有", "另外", "呢"]);
/** A question word of its own: the question is complete ("那承接主体有哪些？"). */
const OWN_QUESTION = /哪些|哪个|哪类|什么|多少|几[年个项类家名次月天]|谁|如何|怎么|怎样|何时|多久|多长|\b(?:what|which|who|how\s+(?:many|much|long))\b(?!\s+(?:about|if|of)\b)/i;
/** A bare phrase with no frame of its own ("公益性岗位？", "public-welfare posts?"): short, few terms. */
const BARE_MAX_CHARS = 14;

const contentGroups = (q: QuestionAnalysis) => q.terms.groups.filter((g) => !MARKERS.has(g.alternatives[0]!) && !isGenericTerm(g.alternatives[0]!));

/** How a question leans on the one before it, or null when it stands on its own. */
export function followUpKind(q: QuestionAnalysis): FollowUpKind | null {
  if (q.help || q.act.length > 0) return null;
  const text = q.written.trim();
  if (OWN_QUESTION.test(text.replace(/^(?:what|how)\s+(?:about|if)\b/i, ""))) return null;
  const condition = q.lang === "en" ? EN_CONDITION : ZH_CONDITION;
  if (condition.test(text)) return "condition";
  const substitute = q.lang === "en" ? EN_SUBSTITUTE : ZH_SUBSTITUTE;
  if (substitute.test(text)) return "substitute";
  const bare = q.form === "fact" && contentGroups(q).length <= 2 && (q.lang === "en" ? text.split(/\s+/).length <= 4 : text.length <= BARE_MAX_CHARS);
  return bare ? "substitute" : null;
}

const firstForms = (groups: TermGroup[]) => groups.map((g) => g.alternatives[0]!);
const shares = (a: TermGroup, b: TermGroup) => a.alternatives.some((x) => b.alternatives.includes(x));

/**
 * The analysis of `current` read with `previous` (the asker's earlier questions in this conversation, oldest first):
 * each elliptical turn is read with the one before it, so a chain of follow-ups keeps the first question's act.
 * A question that stands on its own is returned unchanged.
 */
export function readWithPrevious(current: QuestionAnalysis, previous: readonly QuestionAnalysis[], terms: TermAnalyser): QuestionAnalysis {
  if (!previous.length) return current;
  let context = previous[0]!;
  for (const turn of previous.slice(1)) context = readWith(turn, context, terms);
  return readWith(current, context, terms);
}

function readWith(current: QuestionAnalysis, previous: QuestionAnalysis, terms: TermAnalyser): QuestionAnalysis {
  const kind = followUpKind(current);
  if (!kind) return current;
  const own = contentGroups(current);
  const before = previous.terms.groups;
  const actBefore = previous.act.map((i) => before[i]!);
  let kept = before;
  let newIsAct = false;
  if (kind === "substitute" && own.length) {
    // The previous question's objects give way to the new words: those outside its act, or, when its object sat
    // inside the act (「能否以劳务派遣方式用工」), the content words of the act, whose place the new words take.
    const content = before.filter((g) => !isGenericTerm(g.alternatives[0]!));
    const objects = content.filter((g) => !actBefore.includes(g));
    const dropped = objects.length ? objects : content;
    newIsAct = dropped.some((g) => actBefore.includes(g));
    kept = before.filter((g) => !dropped.includes(g));
  }
  const words = [...firstForms(kept), ...firstForms(own)];
  const merged = mergedTerms(terms(words.join(" ")), previous.terms, current.terms);
  const act = merged.groups
    .map((g, i) => ({ g, i }))
    .filter(({ g }) => actBefore.some((a) => shares(g, a)) || (newIsAct && own.some((o) => shares(g, o))))
    .map(({ i }) => i);
  const ownForm = current.form !== "fact";
  return {
    ...current,
    form: ownForm ? current.form : previous.form,
    factShape: ownForm ? current.factShape : previous.factShape,
    asking: ownForm ? current.asking : previous.asking,
    terms: merged,
    act,
    // the merged terms are analysed anew: the asking clause's groups of the elliptical question no longer index them
    asked: [],
    negated: kind === "condition" ? [...new Set([...previous.negated, ...current.negated])] : current.negated,
    amounts: current.amounts.length ? current.amounts : previous.amounts,
  };
}

/** The re-analysed words, with the answer-shape wishes of both turns (「最长几年」 still wants a figure). */
function mergedTerms(words: QueryAnalysis, previous: QueryAnalysis, current: QueryAnalysis): QueryAnalysis {
  return {
    ...words,
    cues: [...new Set([...previous.cues, ...current.cues])],
    wantsQuantity: previous.wantsQuantity || current.wantsQuantity,
    wantsPurpose: previous.wantsPurpose || current.wantsPurpose,
    wantsDefinition: previous.wantsDefinition || current.wantsDefinition,
  };
}
