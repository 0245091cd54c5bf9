/**
 * prohibited_matters — reads title + service with (1) the domain lexicon (terms, patterns, counter-cues), (2) the knowledge
 * base (prohibitive clauses whose object reappears in the text), (3) the LLM when configured. Names the triggering phrase.
 */
import type { Citation } from "../../knowledge/schema.js";
import { hiddenTextNote } from "../hidden-text.js";
import { knowledgeOverlap } from "../kb-overlap.js";
import { originalWording } from "../original-wording.js";
import { matchLexicon, termForm, proposalText, type Category, type LexiconMatch } from "../lexicon.js";
import { normalizeText } from "../../text/normalize.js";
import type { Check, CheckContext } from "./context.js";
import { ground, result } from "./context.js";

/** The findings' citations by rank (the best clause of each finding first), at most `max`, without repeats. */
function mergeCitations(lists: Citation[][], max: number): Citation[] {
  const out: Citation[] = [];
  const key = (c: Citation) => `${c.docId}#${c.clausePath}`;
  const depth = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < depth; i++)
    for (const list of lists) {
      const c = list[i];
      if (out.length >= max) return out;
      if (c && !out.some((o) => key(o) === key(c))) out.push(c);
    }
  return out;
}

async function llmFinding(ctx: CheckContext, text: string) {
  if (!ctx.llm) return null;
  try {
    const { classifyProhibitedMatters } = await import("../../llm/prohibited-classifier.js");
    return await classifyProhibitedMatters(text, ctx.llm, { timeoutMs: ctx.llm.timeoutMs });
  } catch {
    return null; // the LLM is an optional second opinion; a failure must not stop pre-review
  }
}

function quote(m: LexiconMatch): string {
  return m.sentence.length > 60 ? m.phrase : m.sentence;
}

/**
 * The lexicon, knowledge-base and LLM reading of the normalised text; then, when the title or service hides characters,
 * that is said too, and a pass becomes a warn.
 */
export const checkProhibitedMatters: Check = async (ctx) => {
  const r = await readProhibitedMatters(ctx);
  const hidden = hiddenTextNote([
    { label: "项目名称", text: ctx.proposal.title },
    { label: "服务内容", text: ctx.proposal.service },
  ]);
  if (!hidden) return r;
  return { ...r, status: r.status === "pass" ? "warn" : r.status, message: `${r.message}${hidden}` };
};

const readProhibitedMatters: Check = async (ctx) => {
  const { lexicon } = ctx;
  const text = proposalText(ctx.proposal);
  const all = matchLexicon(text, lexicon);
  const byCategory = new Map<string, LexiconMatch>();
  // Per category, the trigger is the first lexicon term (with what merged into it) when there is one, else the longest
  // pattern match.
  const better = (m: LexiconMatch, prior: LexiconMatch) =>
    m.rule === "term"
      ? prior.rule !== "term" || m.span.start < prior.span.start
      : prior.rule !== "term" && m.phrase.length > prior.phrase.length;
  for (const m of all) {
    if (m.benignBecause) continue;
    const prior = byCategory.get(m.category.id);
    if (!prior || better(m, prior)) byCategory.set(m.category.id, m);
  }
  const findings = [...byCategory.values()].sort((a, b) => a.span.start - b.span.start);
  const basis = lexicon.basis;
  const shown = (normalised: string) => originalWording(normalised, [ctx.proposal.title, ctx.proposal.service]) ?? normalised;

  if (findings.length) {
    const citations = mergeCitations(
      await Promise.all(findings.map((f) => ground(ctx, f.category.grounding, f.phrase))),
      ctx.rules.maxCitations,
    );
    const parts = findings.map(
      (f) => `「${shown(f.phrase)}」（${f.category.label}；原文：「${shown(quote(f))}」；依据${f.category.basis}）`,
    );
    return result(
      "prohibited_matters",
      "fail",
      `发现禁止性事项：${parts.join("；")}。以上事项不得纳入政府购买服务范围，请调整购买内容。`,
      citations,
      findings[0]!.category.basis,
      shown(findings[0]!.phrase),
    );
  }

  // A phrase the lexicon already judged benign (counter-cue, negation) is not re-raised by the knowledge-base check.
  const benignSpans = all.filter((m) => m.benignBecause).map((m) => m.span);
  const isExcused = (phrase: string) => {
    for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
      const end = at + phrase.length;
      const excused =
        benignSpans.some((s) => s.start < end && at < s.end) ||
        lexicon.negations.some((n) => text.slice(Math.max(0, at - lexicon.negationWindow), at).includes(termForm(n)));
      if (!excused) return false;
    }
    return true;
  };
  const [overlap, llm] = await Promise.all([
    knowledgeOverlap(ctx.search, text, lexicon, isExcused),
    llmFinding(ctx, `${normalizeText(ctx.proposal.title)}\n${normalizeText(ctx.proposal.service)}`),
  ]);

  if (llm?.prohibited) {
    const categoryId = lexicon.llmCategories[llm.category];
    const category: Category | undefined = lexicon.categories.find((c) => c.id === categoryId);
    const citations = await ground(ctx, category?.grounding ?? lexicon.generalGrounding, llm.phrase);
    return result(
      "prohibited_matters",
      lexicon.llmStatus,
      `模型判断可能涉及禁止性事项：「${llm.phrase}」（${category?.label ?? llm.category}）。词库未命中，请人工复核是否属于${category?.basis ?? basis}所列不得购买的事项。`,
      citations,
      category?.basis ?? basis,
      llm.phrase,
    );
  }
  if (overlap) {
    return result(
      "prohibited_matters",
      lexicon.kbOverlap.status,
      `项目内容「${shown(overlap.phrase)}」与知识库中的禁止性条款（《${overlap.citation.title}》${overlap.citation.clausePath}）表述相同，请人工复核是否属于不得纳入政府购买服务的事项。`,
      [overlap.citation],
      basis,
      shown(overlap.phrase),
    );
  }

  const benign = all.filter((m) => m.benignBecause);
  const note = benign.length
    ? `（提及「${shown(benign[0]!.phrase)}」，但${benign[0]!.benignBecause}表明并非${benign[0]!.category.label}。）`
    : "";
  const citations = await ground(ctx, lexicon.generalGrounding);
  return result(
    "prohibited_matters",
    "pass",
    `未发现禁止性事项（劳务派遣/变相用工、公益性岗位、融资垫资、工程或货物、应由政府直接履职的事项等）。${note}`,
    citations,
    basis,
  );
};
