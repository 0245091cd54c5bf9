/**
 * The local mode's conversation, as plain logic: one input line in, text out. It drives the same cores and the same
 * workflow rules as the Slack app (ask, pre-review, submit, decide as a named user, inbox, show), and prints the
 * workflow's notifications as they would be delivered ("📨 → USER: …"). The terminal loop is in ./terminal.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { acknowledgementOf, thanksReply } from "../answer/acknowledgement.js";
import { QuestionError } from "../answer/index.js";
import { detectLanguage } from "../answer/language.js";
import { ConversationStore } from "../store/conversations.js";
import { renderAnswer } from "../cli/ask.js";
import type { Core } from "../core.js";
import { parseProposal } from "../prereview/index.js";
import { renderChecklist } from "../prereview/report.js";
import type { Proposal } from "../prereview/schema.js";
import { proposalText } from "../workflow/proposal-text.js";
import { beijingTimeLabel, stateWords } from "../workflow/refusals.js";
import { fieldsForError, formFields, proposalFromValues, valuesFromProposal, type FormField } from "./form.js";
import { Notices } from "./notices.js";

export const HELP = `知策 本地模式 / zhice local mode — 命令 / commands:
  直接输入问题                      提问，回答附引用条款 / type a question to get a cited answer
  /prereview FILE.json              预审项目文件 / pre-review a proposal file
  /prereview                        逐项填写后预审 / fill in the proposal field by field
  /edit [ID]                        逐项修改刚填写、刚被拦下的项目或项目 ID；/cancel 后从暂停处继续（回车保留原值）/ edit the last or just-blocked proposal, or proposal ID, field by field; after /cancel it resumes where you paused (Enter keeps a value)
  /submit [FILE.json]               提交审批（默认为刚预审的项目）/ submit (default: the last pre-reviewed proposal)
  /resubmit ID [FILE.json]          退回修改或预审未通过后重新提交（默认为刚预审/修改的项目；ID 默认为刚修改或被拦下的项目）/ resubmit after changes were requested or a block (default: the last pre-reviewed or edited proposal; ID defaults to the one just edited or blocked)
  /as USER                          切换当前用户 / act as USER (e.g. /as U_FIN_REVIEWER)
  /inbox                            待我审批 / proposals waiting for my decision
  /mine                             我提交的项目 / my proposals
  /approve ID                       批准 / approve
  /reject ID 理由                   驳回（需理由）/ reject (reason required)
  /changes ID 理由                  退回修改（需理由）/ request changes (reason required)
  /transfer ID USER [理由]          转交 / transfer the step to USER
  /withdraw ID                      撤回（提交人）/ withdraw (submitter)
  /remind ID                        催办 / remind the approvers
  /show ID                          查看项目与审批记录 / show a proposal and its history
  /help  或 help / 帮助              帮助 / this help
  /quit                             退出 / quit`;

export interface LocalSessionOptions {
  user: string;
  /** Where relative file paths are resolved. */
  cwd?: string;
  /** Prints a notification that arrives between commands (a reminder, an escalation) as it happens. */
  onNotice?: (line: string) => void;
}

type CoreLike = Pick<Core, "knowledge" | "prereview" | "workflow">;

export class LocalSession {
  user: string;
  private readonly cwd: string;
  private lastProposal: Proposal | null = null;
  private form: { fields: FormField[]; index: number; values: Record<string, unknown>; editing: boolean } | null = null;
  /** What was typed in the form, kept across /cancel and failed checks (never discarded). */
  private draft: Record<string, unknown> | null = null;
  /** The submitted proposal being edited (/edit ID): its pre-review points to /resubmit ID. */
  private editingId: string | null = null;
  /** The form field where /cancel paused: /edit resumes there. */
  private pausedAt: string | null = null;
  /** The proposal the last /submit left blocked: /edit without an id edits it. */
  private blockedId: string | null = null;
  private readonly notices: Notices;
  /** This session's questions, per user: a follow-up (「那公益性岗位呢？」) is read with the one before it. */
  private turnStore: ConversationStore | null = null;
  private readonly conversation = `local:${randomUUID()}`;

  constructor(
    private readonly core: CoreLike,
    opts: LocalSessionOptions,
  ) {
    this.user = opts.user;
    this.cwd = opts.cwd ?? process.cwd();
    this.notices = new Notices(core.workflow, opts.onNotice);
  }

  close(): void {
    this.notices.close();
  }

  /** true while a proposal is being filled in field by field. */
  get inForm(): boolean {
    return this.form !== null;
  }

  /** The prompt to show before the next line (the current form question while filling a proposal in). */
  prompt(): string {
    if (this.form) {
      const f = this.form.fields[this.form.index]!;
      const current = this.form.values[f.path];
      const keep =
        current !== undefined
          ? ` [当前 / current: ${f.show ? f.show(current) : String(current)}；回车保留 / Enter keeps${f.optional ? "；- 清空 / - clears" : ""}]`
          : f.optional
            ? " [可留空 / optional]"
            : "";
      return `${f.label}${f.hint ? `（${f.hint}）` : ""}${keep}: `;
    }
    return `知策(${this.user})> `;
  }

  /** Handle one line; `quit` when the user asked to leave. */
  async handle(line: string): Promise<{ output: string; quit?: boolean }> {
    return this.notices.during(() => this.dispatch(line));
  }

  private async dispatch(raw: string): Promise<{ output: string; quit?: boolean }> {
    const line = raw.trim();
    if (this.form) return this.formAnswer(line);
    if (!line) return { output: "" };
    if (/^(help|帮助|\?|？)$/i.test(line)) return { output: HELP };
    if (!line.startsWith("/")) return { output: await this.ask(line) };
    const [cmd, ...rest] = line.split(/\s+/);
    const arg = rest.join(" ");
    switch (cmd) {
      case "/help":
      case "/?":
        return { output: HELP };
      case "/quit":
      case "/exit":
        return { output: "再见 / bye", quit: true };
      case "/as":
        if (!rest[0]) return { output: "用法 / usage: /as USER" };
        this.user = rest[0];
        return { output: `当前用户 / now acting as: ${this.user}` };
      case "/whoami":
        return { output: this.user };
      case "/prereview":
        if (!arg) return this.startForm();
        return { output: await this.prereviewFile(arg) };
      case "/edit":
        return this.startEdit(rest[0]);
      case "/submit":
        return { output: await this.submit(arg) };
      case "/resubmit": {
        // the id may be left out (the proposal just edited or blocked): "/resubmit fixed.json"
        const fileFirst = /\.json$/i.test(rest[0] ?? "");
        return { output: await this.resubmit(fileFirst ? undefined : rest[0], (fileFirst ? rest : rest.slice(1)).join(" ")) };
      }
      case "/inbox":
        return { output: await this.listing({ approver: this.user }, "待我审批 / waiting for you") };
      case "/mine":
      case "/list":
        return { output: await this.listing({ submitter: this.user }, "我提交的项目 / your proposals") };
      case "/show":
        return { output: await this.show(rest[0]) };
      case "/approve":
        return { output: await this.decide(rest[0], "approve") };
      case "/reject":
        return { output: await this.decide(rest[0], "reject", { reason: rest.slice(1).join(" ") }) };
      case "/changes":
        return { output: await this.decide(rest[0], "request_changes", { reason: rest.slice(1).join(" ") }) };
      case "/transfer":
        return { output: await this.decide(rest[0], "transfer", { to: rest[1], reason: rest.slice(2).join(" ") }) };
      case "/withdraw":
        return { output: await this.decide(rest[0], "withdraw", { reason: rest.slice(1).join(" ") }) };
      case "/remind": {
        if (!rest[0]) return { output: "用法 / usage: /remind ID" };
        const r = await this.core.workflow.remind(rest[0], this.user);
        if (!r.ok) return { output: `⛔ ${r.messageZh} / ${r.messageEn}` };
        const w = stateWords(r.state, r.step);
        return { output: `已催办 / reminded: ${rest[0]}（${w.zh} / ${w.en}）` };
      }
      default:
        return { output: `未知命令 / unknown command: ${cmd}\n输入 /help 查看命令 / type /help for commands` };
    }
  }

  /** The conversation turns, opened on the first question. */
  private get turns(): ConversationStore {
    return (this.turnStore ??= new ConversationStore(this.core.workflow.db));
  }

  private async ask(q: string): Promise<string> {
    const ack = acknowledgementOf(q);
    if (ack) return ack === "thanks" ? thanksReply(detectLanguage(q)) : "";
    const place = { conversation: this.conversation, thread: "", userId: this.user };
    try {
      // the conversation memory is an aid: when the database cannot be read the question is answered on its own
      const previous = await this.turns.previous(place).catch(() => []);
      const answer = await this.core.knowledge.ask(q, { previous });
      await this.turns.record(place, q).catch(() => undefined);
      return renderAnswer(answer);
    } catch (e) {
      if (e instanceof QuestionError) return `⚠️ ${e.zh} / ${e.en}`;
      throw e;
    }
  }

  private readJson(file: string): { ok: true; json: unknown } | { ok: false; error: string } {
    const p = path.resolve(this.cwd, file);
    let text: string;
    try {
      text = readFileSync(p, "utf8");
    } catch (e) {
      return { ok: false, error: `无法读取文件 / cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
    try {
      return { ok: true, json: JSON.parse(text) };
    } catch (e) {
      return { ok: false, error: `不是有效的 JSON / not valid JSON in ${file}: ${(e as Error).message}` };
    }
  }

  private async prereviewValue(json: unknown): Promise<string> {
    const parsed = parseProposal(json);
    if (!parsed.ok) return ["项目信息有误 / invalid proposal:", ...parsed.errors.map((e) => `  ${e.field}: ${e.messageZh} / ${e.messageEn}`)].join("\n");
    const checklist = await this.core.prereview(parsed.proposal);
    this.lastProposal = parsed.proposal;
    const next =
      checklist.outcome === "blocked"
        ? "请修改不通过项后重新预审 / fix the failed items and pre-review again."
        : this.editingId
          ? `输入 /resubmit ${this.editingId} 重新提交 / type /resubmit ${this.editingId} to resubmit it.`
          : "输入 /submit 提交审批 / type /submit to submit it for approval.";
    return `${renderChecklist(checklist, parsed.proposal.title)}\n\n${next}`;
  }

  private async prereviewFile(file: string): Promise<string> {
    const r = this.readJson(file);
    return r.ok ? this.prereviewValue(r.json) : `⚠️ ${r.error}`;
  }

  private startForm(): { output: string } {
    this.editingId = null;
    this.blockedId = null;
    this.pausedAt = null;
    this.draft = null;
    this.form = { fields: formFields(), index: 0, values: {}, editing: false };
    return { output: "逐项填写项目信息（输入 /cancel 暂停，已填内容保留）/ Fill in the proposal (type /cancel to pause; what you typed is kept)." };
  }

  /** /edit: the draft (or the last pre-reviewed proposal), or a submitted proposal by id, field by field. */
  private async startEdit(id: string | undefined): Promise<{ output: string }> {
    let values: Record<string, unknown> | null;
    if (id) {
      const v = await this.core.workflow.show(id);
      if (!v) return { output: `找不到项目 / proposal not found: ${id}` };
      values = valuesFromProposal(v.proposal);
      this.editingId = id;
    } else {
      values = this.draft ?? (this.lastProposal ? valuesFromProposal(this.lastProposal) : null);
      if (!values && this.blockedId) return this.startEdit(this.blockedId);
      if (!values) return { output: "没有可修改的项目：先 /prereview，或 /edit ID / nothing to edit: /prereview first, or /edit ID" };
    }
    const fields = formFields();
    const resume = !id && this.draft && this.pausedAt ? Math.max(0, fields.findIndex((f) => f.path === this.pausedAt)) : 0;
    this.pausedAt = null;
    this.form = { fields, index: resume, values: { ...values }, editing: true };
    const what = id ?? this.editingId;
    if (resume > 0) {
      const [zh, en] = fields[resume]!.label.split(/\s*\/\s*/);
      return { output: `从「${zh}」继续${what ? ` ${what}` : ""}（回车保留原值，/cancel 暂停）/ Resuming${what ? ` ${what}` : ""} at "${en ?? fields[resume]!.path}" (Enter keeps a value, /cancel pauses).` };
    }
    return { output: `逐项修改${what ? ` ${what}` : ""}：回车保留原值，/cancel 暂停 / Edit${what ? ` ${what}` : ""} field by field: Enter keeps a value, /cancel pauses.` };
  }

  private async formAnswer(line: string): Promise<{ output: string }> {
    const form = this.form!;
    if (line === "/cancel") {
      this.form = null;
      this.draft = form.values;
      this.pausedAt = form.fields[form.index]?.path ?? null;
      return { output: "已暂停，已填内容保留；输入 /edit 继续修改 / paused; what you typed is kept — type /edit to continue." };
    }
    const field = form.fields[form.index]!;
    if (!line) {
      if (form.values[field.path] === undefined && !field.optional) return { output: `⚠️ ${field.label.split(/\s*\/\s*/)[0]}为必填项，请输入 / ${field.label.split(/\s*\/\s*/)[1] ?? field.path} is required` };
    } else if (line === "-" && field.optional) {
      delete form.values[field.path];
    } else {
      const r = field.parse(line);
      if (!r.ok) {
        const [zh, en] = field.label.split(/\s*\/\s*/);
        return { output: `⚠️ ${zh}「${line}」无效：${r.zh}，请重新输入 / ${en ?? field.path}: "${line}" is not valid — ${r.en}; please enter it again` };
      }
      form.values[field.path] = r.value;
    }
    form.index += 1;
    if (form.index < form.fields.length) return { output: "" };
    return { output: await this.finishForm() };
  }

  /** All fields answered: the whole-proposal check; on failure the draft stays and only the bad fields are asked again. */
  private async finishForm(): Promise<string> {
    const form = this.form!;
    this.form = null;
    this.draft = form.values;
    const parsed = parseProposal(proposalFromValues(form.values));
    if (parsed.ok) return this.prereviewValue(parsed.proposal);
    const all = formFields();
    const bad = all.filter((f) => parsed.errors.some((e) => fieldsForError(all, e.field).includes(f)));
    const lines = ["项目信息有误 / invalid proposal:", ...parsed.errors.map((e) => `  ${e.field}: ${e.messageZh} / ${e.messageEn}`)];
    if (bad.length) {
      this.form = { fields: bad, index: 0, values: form.values, editing: true };
      lines.push("已填内容已保留，请只修改以下项 / what you typed is kept; please fix just these fields:");
    } else lines.push("已填内容已保留，输入 /edit 修改 / what you typed is kept; type /edit to change it.");
    return lines.join("\n");
  }

  private async submit(file: string): Promise<string> {
    let json: unknown = this.lastProposal;
    if (file) {
      const r = this.readJson(file);
      if (!r.ok) return `⚠️ ${r.error}`;
      json = r.json;
    }
    if (!json) return "没有可提交的项目：先 /prereview FILE.json，或 /submit FILE.json / nothing to submit: /prereview a proposal first, or /submit FILE.json";
    if (file) {
      const parsed = parseProposal(json);
      if (!parsed.ok) return invalidProposal(parsed.errors);
    }
    const r = await this.core.workflow.submit(json, this.user);
    this.lastProposal = null;
    this.draft = null;
    this.pausedAt = null;
    this.blockedId = r.state === "blocked" ? r.id : null;
    if (r.state === "blocked")
      return `${renderChecklist(r.checklist)}\n\n⛔ 预审未通过，未进入审批 / blocked by the pre-check; not submitted for approval (${r.id})\n修改后重新提交：/edit，然后 /resubmit / to fix it: /edit, then /resubmit (${r.id})`;
    const view = await this.core.workflow.show(r.id);
    const step = view?.step ? `，当前步骤 / step: ${view.step.name}（${view.step.approvers.join(", ")}）` : "";
    return `已提交审批 / submitted: ${r.id}，状态 / state: ${stateWords(r.state, view?.step).zh} / ${stateWords(r.state, view?.step).en}${step}`;
  }

  /** /resubmit ID [FILE.json]: after changes were requested or a block; default the last pre-reviewed or edited proposal. */
  private async resubmit(given: string | undefined, file: string): Promise<string> {
    const id = given ?? this.editingId ?? this.blockedId;
    if (!id) return "用法：/resubmit ID [FILE.json] / usage: /resubmit ID [FILE.json]";
    let json: unknown = this.lastProposal;
    if (file) {
      const r = this.readJson(file);
      if (!r.ok) return `⚠️ ${r.error}`;
      const parsed = parseProposal(r.json);
      if (!parsed.ok) return invalidProposal(parsed.errors);
      json = parsed.proposal;
    }
    if (!json)
      return `没有可重新提交的内容：先 /edit ${id} 修改，或 /resubmit ${id} FILE.json / nothing to resubmit: /edit ${id} first, or /resubmit ${id} FILE.json`;
    const r = await this.core.workflow.resubmit(id, json, this.user);
    if (!r.ok) return `⛔ ${r.messageZh} / ${r.messageEn}`;
    this.lastProposal = null;
    this.draft = null;
    this.editingId = null;
    this.blockedId = r.state === "blocked" ? id : null;
    if (r.state === "blocked")
      return `${r.checklist ? `${renderChecklist(r.checklist)}\n\n` : ""}⛔ 预审仍未通过，未进入审批 / still blocked by the pre-check (${id})`;
    const w = stateWords(r.state, r.step);
    return `已重新提交 / resubmitted: ${id}，状态 / state: ${w.zh} / ${w.en}${r.step ? `，审批人 / approvers: ${r.step.approvers.join(", ")}` : ""}`;
  }

  private async listing(filter: { approver?: string; submitter?: string }, heading: string): Promise<string> {
    const rows = await this.core.workflow.list(filter);
    if (!rows.length) return `${heading}: 无 / none`;
    return [
      `${heading}:`,
      ...rows.map((p) => {
        const w = stateWords(p.state, p.step);
        return `  ${p.id}  ${p.title}  [${w.zh} / ${w.en}]  ${p.amountYuan.toLocaleString("zh-CN")} 元  更新 / updated ${beijingTimeLabel(p.updatedAt)}`;
      }),
    ].join("\n");
  }

  private async show(id: string | undefined): Promise<string> {
    if (!id) return "用法 / usage: /show ID";
    const v = await this.core.workflow.show(id);
    return v ? proposalText(v) : `找不到项目 / proposal not found: ${id}`;
  }

  /** Users the routing file names (approvers, escalation, cc). */
  private knownUsers(): Set<string> {
    const r = this.core.workflow.routing;
    return new Set([...r.steps.flatMap((s) => s.approvers), ...r.escalateTo, ...r.cc]);
  }

  private async decide(id: string | undefined, action: string, opts: { reason?: string; to?: string } = {}): Promise<string> {
    const verb = action === "request_changes" ? "changes" : action;
    const usage =
      action === "reject" || action === "request_changes"
        ? `用法：/${verb} ID 理由 / usage: /${verb} ID REASON`
        : action === "transfer"
          ? "用法：/transfer ID USER [理由] / usage: /transfer ID USER [REASON]"
          : `用法：/${verb} ID / usage: /${verb} ID`;
    if (!id) return usage;
    const r = await this.core.workflow.decide(id, action, this.user, { reason: opts.reason || undefined, to: opts.to || undefined });
    if (!r.ok) {
      const hint = r.code === "reason_required" || (action === "transfer" && !opts.to) ? `\n${usage}` : "";
      return `⛔ ${r.messageZh} / ${r.messageEn}${hint}`;
    }
    const w = stateWords(r.state, r.step);
    const lines = [`✅ 已处理 / done: ${id} → ${w.zh} / ${w.en}`];
    if (action === "transfer" && opts.to && !this.knownUsers().has(opts.to))
      lines.push(
        `⚠️ ${opts.to} 不在审批路由文件中，请确认用户名无误 / ${opts.to} is not in the routing file — check the user id (the transfer was made)`,
      );
    return lines.join("\n");
  }
}

function invalidProposal(errors: { field: string; messageZh: string; messageEn: string }[]): string {
  return ["项目信息有误 / invalid proposal:", ...errors.map((e) => `  ${e.field}: ${e.messageZh} / ${e.messageEn}`)].join("\n");
}
