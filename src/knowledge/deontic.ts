/**
 * Deontic statements of a clause: each sentence with what it does to the acts it names — forbids, obliges, permits,
 * encourages, sanctions or defines — plus the conditions and exceptions it attaches and what it marks as missing
 * (预算未安排 → 安排). A statement of scope (「承接主体包括…」) permits the members it lists, on their qualifiers. An item under a lead-in (「以下各项不得纳入…：（五）…」, 「有下列情形之一的，责令限期改正…：」)
 * takes the lead-in's modality; the sentences of an item under a modal title (「（四）鼓励政府购买就业公共服务。…」) take
 * the title's. Extracted once at ingest and stored with the clause; answers align questions
 * against them. Statements are stored at ingest: a change to the cue tables needs a PARSER_VERSION bump (ingest/parse.ts)
 * so existing stores re-read their clauses.
 */
import { z } from "zod";
import { bigramShare } from "../text/bigrams.js";
import { negatedWords } from "../text/negation.js";
import { segments, sentences } from "../text/sentences.js";

export const ModalitySchema = z.enum(["prohibition", "obligation", "permission", "encouragement", "sanction", "definition"]);
export type Modality = z.infer<typeof ModalitySchema>;

export const SegmentSchema = z.object({ text: z.string(), modality: ModalitySchema.nullable(), cue: z.string().nullable() });
export type Segment = z.infer<typeof SegmentSchema>;

export const StatementSchema = z.object({
  /** The sentence as it stands. */
  text: z.string(),
  /** The strongest modality the sentence states (or inherits), null for a plain statement of fact. */
  modality: ModalitySchema.nullable(),
  /** The modality comes from the lead-in of an enumeration the clause is an item of, or from the item's title. */
  inherited: z.boolean(),
  /** Condition phrases (经…批准, 符合…条件, 改革当年, 不超过…, 有下列情形之一的). */
  conditions: z.array(z.string()),
  /** 但…除外 / 除…外: the rule has stated exceptions. */
  exception: z.boolean(),
  /** Words the statement marks as missing or not done (未安排 → 安排, 未经…同意 → 同意). */
  negations: z.array(z.string()),
  segments: z.array(SegmentSchema),
});
export type Statement = z.infer<typeof StatementSchema>;

/**
 * Cue classes, strongest first: the first class that matches a segment gives its modality. The texts ban with 不得 /
 * 禁止 / 严禁; their 不能 says what cannot be done (「因不可抗力不能履行合同的」「不能事先计算出价格总额的」), a condition.
 */
const CUES: { modality: Modality; re: RegExp }[] = [
  {
    modality: "prohibition",
    re: /一律不得|不得(?!不)|不准|不许|不允许|不应当?|不应该|不宜|不可以|不可(?!或缺|替代|分割|预见|抗力|避免|能)|不予|不作为|不属于|不纳入|严禁|(?<!被|受到|已)禁止(?!性事项)|杜绝|无权|(?:列入|纳入|列为)[^，。；]{0,16}(?:禁止性事项|负面清单)|(?:应当|必须|应)(?:自行)?回避|属于.{0,6}(?:串通|违法|违规)|视为.{0,6}(?:串通|违法|违规)/,
  },
  {
    modality: "sanction",
    re: /(?<!被|已被|受到)(?:处以|罚款|责令|给予警告)|追究.{0,8}责任|给予.{0,8}处分|列入不良行为记录|没收|吊销|予以惩戒|依法处理|无效|中标无效|成交无效/,
  },
  // Neither the adjective 必要 (「可以…作必要的澄清」) nor the noun 负责人 obliges anyone (a modal word naming a kind of
  // matter is masked first: ATTRIBUTIVE).
  { modality: "obligation", re: /(?:应当|应该|(?<![反对适响供相])应(?![当该用对急聘邀答]))|必须|(?<![无毋])须(?![知])|负责(?!人)|有义务|(?<![重主需只不想必纲概摘])要(?![求点素件闻是])(?=\p{Script=Han})/u },
  { modality: "permission", re: /可以|有权|允许|准许|方可|均可|都可|能够|(?<![不])可(?=[按通以由向采委直购开提申纳适参自要根依结视对在将把从与设组选另予作延先暂进实])/ },
  // A notice that has a service provided through purchase (「加强劳动者权益保障，通过政府购买服务提供劳动人事争议调解…等服务」)
  // directs that it be bought; a relative clause naming what suits purchase (「适宜通过政府购买提供的养老服务，…」) does not.
  { modality: "encouragement", re: /鼓励|支持|提倡|倡导|推广|推进|推动|加大|扩大|积极|大力|引导|(?<!适宜|适合)通过政府购买(?:服务)?(?=提供|开展|为|扩大|创新)/ },
  { modality: "definition", re: /是指|所称|系指/ },
];

const CONDITION =
  /经.{0,30}?(?:批准|同意|审核|审批|认定|备案)|符合.{0,16}?条件|具备.{0,10}?条件|在.{0,16}?(?:情况下|前提下|条件下)|改革当年|方可|原则上|确需|特殊情况|不超过[^，。；]{0,12}|最长[^，。；]{0,8}|一般(?:不|为|应)|有下列情形之一的|符合下列情形之一的|[^，。；]{0,16}的，/g;
const EXCEPTION = /但.{0,60}除外|除.{0,40}(?:外|以外)[，,]/;

/**
 * An exception that names no case of its own, only other rules (「除国务院财政部门规定的情形外」「法律另有规定的除外」):
 * the text gives the asker no case to stand in.
 */
export function exceptionByReference(text: string): boolean {
  const m = EXCEPTION.exec(text);
  return m !== null && /另有规定|规定的(?:情形|情况|除外|其他)|规定(?:外|以外)[，,]/.test(m[0]);
}

/**
 * A statement of scope (「承接政府购买服务的主体包括…」「购买内容包括…」) admits the members it lists: it reads as a
 * permission for them, conditional on the qualifiers a member carries (「依法…登记成立且连续两年以上年检合格的3A级以上
 * 社会组织」 → 依法…年检合格).
 */
const SCOPE = /(?:主体|范围|对象|内容|事项|领域)(?:主要)?(?:包括|包含|涵盖)/;

function scopeQualifiers(text: string): string[] {
  const m = SCOPE.exec(text);
  if (!m) return [];
  return text
    .slice(m.index + m[0].length)
    .split(/[、，,；;。]|以及|及其|和(?=[\p{Script=Han}])/u)
    .map((part) => /^(.{4,60}?)的[^的]{2,16}$/u.exec(part.trim())?.[1])
    .filter((q): q is string => q !== undefined);
}

/**
 * A modal word inside a relative clause that names a kind of thing (「依法必须进行招标的项目」「应当实行集中采购的政府采购
 * 项目」「可以质疑的采购文件」「应当由政府直接履职的事项」): it says what the thing is, not what this sentence requires or
 * permits.
 */
const ATTRIBUTIVE =
  /(?:必须|应当|可以)(?!将|把|按照|对|向|与|从|要求|包括)(?=[^，。；、：]{0,8}?的(?:项目|事项|政府采购项目|采购文件|货物|服务|工程))|(?<!不)(?:应当|应该|应)(?=由[^，。；、]{0,12}(?:事项|职责|职能|事务))/g;

function modalityOf(raw: string): { modality: Modality | null; cue: string | null } {
  const text = raw.replace(ATTRIBUTIVE, (cue) => "＿".repeat(cue.length));
  for (const c of CUES) {
    const m = c.re.exec(text);
    if (m) return { modality: c.modality, cue: m[0] };
  }
  return { modality: null, cue: null };
}

const RANK: Record<Modality, number> = { prohibition: 6, sanction: 5, obligation: 4, permission: 3, encouragement: 2, definition: 1 };

export function strongest(ms: (Modality | null)[]): Modality | null {
  let best: Modality | null = null;
  for (const m of ms) if (m && (!best || RANK[m] > RANK[best])) best = m;
  return best;
}

/**
 * The modality an enumeration's lead-in hands to its items: a ban or a sanction makes each item a forbidden act
 * (「以下各项不得纳入…」, 「…有下列情形之一的，责令限期改正…」, 「有下列利害关系之一的，应当回避」); a permission makes each
 * item a condition under which the act is allowed.
 */
function leadInModality(leadIn: string | null): Modality | null {
  if (!leadIn) return null;
  const m = strongest(segments(leadIn).map((s) => modalityOf(s).modality));
  return m === "sanction" ? "prohibition" : m;
}

/**
 * An item of a penalty list that names a failure (「（十）未按照规定组织对供应商履约情况进行验收」), or an act a violation left
 * impossible (「（四）违反…规定导致无法组织对供应商履约情况进行验收…」): it punishes leaving the act undone, so it bans no act
 * it names.
 */
export function penalisedOmission(statement: { text: string; inherited: boolean }, leadIn: string | null): boolean {
  return statement.inherited && penalisingLeadIn(leadIn) && (OMISSION.test(statement.text) || FAILED_RESULT.test(statement.text));
}

/** A lead-in that penalises what its items list (「…有下列情形之一的，责令限期改正，给予警告」): the items are violations. */
export function penalisingLeadIn(leadIn: string | null): boolean {
  return leadIn !== null && segments(leadIn).some((s) => modalityOf(s).modality === "sanction");
}

/** An item's title: its first sentence, short, after the item marker (「（四）鼓励政府购买就业公共服务。」). */
const TITLE = /^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)\s*([^，,。；;：:]{2,24})。/;

/**
 * The modality an item's title hands to the sentences after it that state none of their own: under 「（四）鼓励政府
 * 购买就业公共服务。」 the sentence listing 职业技能培训 is what is encouraged, under 「（十一）严禁变相用工。」 what follows
 * describes the banned practice.
 */
function titleModality(body: string): { modality: Modality; title: string } | null {
  const m = TITLE.exec(body);
  if (!m || sentences(body).length < 2) return null;
  const { modality } = modalityOf(m[1]!);
  return modality && modality !== "definition" && modality !== "sanction" ? { modality, title: m[0].trim() } : null;
}

/** An item that names a failure to act: 未按照规定…, 未依法…, 不按照…, 拒绝…, 拒不…, 无正当理由不…. */
const OMISSION = /^\s*(?:[（(][一二三四五六七八九十\d]+[）)]\s*)?(?:未|不按|不依|没有|拒绝|拒不|无正当理由(?:不|拒))/;

/** An item that names an act left impossible as the result of a violation: 「…违反…规定导致无法组织…验收」. */
const FAILED_RESULT = /(?:导致|致使|造成)(?:无法|不能|未能)/;

/** An act stated as no longer done: 不再 / 不再由. */
const NO_LONGER = /不再/;

/**
 * A notice's account of itself (「2021年，各地区、各部门积极推进政府购买服务改革取得明显成效」「但在改革推进过程中，还存在…
 * 不够规范…等问题，需要进一步加大…力度」): what was achieved and what is still wrong, which directs no act.
 */
const NARRATIVE = /取得了?[^，。；]{0,12}(?:成效|成绩|进展|成果)|(?:还|仍|仍然|依然)(?:存在|面临)[^。；]{0,80}?(?:问题|不足|短板)/;

export function statementsOf(clause: { text: string; leadIn: string | null }, leadInBanned = false): Statement[] {
  const body = clause.leadIn && clause.text.startsWith(clause.leadIn) ? clause.text.slice(clause.leadIn.length) : clause.text;
  const title = clause.leadIn ? null : titleModality(body);
  const fromLeadIn = leadInBanned || leadInModality(clause.leadIn) !== null;
  const inheritedModality = leadInBanned ? "prohibition" : (leadInModality(clause.leadIn) ?? title?.modality ?? null);
  return sentences(body).map((text) => {
    const narrative = NARRATIVE.test(text);
    const read = segments(text).map((s) => (narrative ? { text: s, modality: null, cue: null } : { text: s, ...modalityOf(s) }));
    const own = strongest(read.map((s) => s.modality));
    const scope = own === null && !inheritedModality ? SCOPE.exec(text) : null;
    const segs = scope ? read.map((sg) => (sg.text.includes(scope[0]) ? { ...sg, modality: "permission" as const, cue: scope[0] } : sg)) : read;
    // A lead-in's ban or sanction governs every item, and its modality replaces an item's own obligation; a title's
    // only fills the sentences that state none, and never one that says an act is no longer done (「…，政府不再直接
    // 举办公办养老机构提供」 under 「推广政府购买基本养老服务」 encourages no 举办).
    const titleFills = fromLeadIn || !NO_LONGER.test(text);
    const inherited =
      !narrative && inheritedModality !== null && titleFills && (own === null || (fromLeadIn && (inheritedModality === "prohibition" || own === "obligation")));
    const conditions = [...text.matchAll(CONDITION)].map((m) => m[0]);
    if (scope) conditions.push(...scopeQualifiers(text));
    if (inherited && inheritedModality === "permission") conditions.push(clause.leadIn!);
    return {
      text,
      modality: inherited ? inheritedModality : scope ? "permission" : own,
      inherited,
      conditions,
      exception: EXCEPTION.test(text),
      negations: negatedWords(text),
      segments: inherited
        ? segs.map((s) => ({ ...s, modality: s.modality === "prohibition" ? s.modality : inheritedModality, cue: s.cue ?? clause.leadIn ?? title?.title ?? null }))
        : segs,
    };
  });
}

/** The kind of act an enumeration's lead-in says its items are: 「有下列情形之一的，属于以不合理的条件…差别待遇」 → 以不合理的条件…差别待遇. */
function leadInCategory(leadIn: string): string | null {
  const m = /(?:属于|视为|构成)([^，。；：:]{4,60}?)(?:的(?:情形|行为))?[：:。；]?\s*$/.exec(leadIn);
  return m ? m[1]! : null;
}

/**
 * The whole corpus's statements. An enumeration whose lead-in files its items under a kind of act
 * (「有下列情形之一的，属于以不合理的条件对供应商实行差别待遇或者歧视待遇」) forbids them when another clause of the corpus
 * forbids that kind of act (「不得以不合理的条件对供应商实行差别待遇或者歧视待遇」): each item is read as the ban's.
 */
export function corpusStatements<C extends { text: string; leadIn: string | null }>(clauses: C[]): (C & { statements: Statement[] })[] {
  const read = clauses.map((c) => ({ ...c, statements: statementsOf(c) }));
  const bans = read.flatMap((c) => c.statements.filter((s) => s.modality === "prohibition" && !s.inherited).map((s) => s.text));
  const banned = new Map<string, boolean>();
  return read.map((c) => {
    if (!c.leadIn || c.statements.every((s) => s.modality === "prohibition")) return c;
    const kind = leadInCategory(c.leadIn);
    if (!kind) return c;
    if (!banned.has(kind)) banned.set(kind, bans.some((b) => b.includes(kind) || bigramShare(kind, b) >= 0.8));
    return banned.get(kind) ? { ...c, statements: statementsOf(c, true) } : c;
  });
}

/** A clause's statements as stored at ingest, read afresh for a clause that predates them. */
export function clauseStatements(clause: { text: string; leadIn: string | null; statements?: Statement[] }): Statement[] {
  return clause.statements ?? statementsOf(clause);
}
