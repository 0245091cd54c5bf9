/**
 * The local mode's conversation, as plain logic: one input line in, text out. It drives the same cores and the same
 * workflow rules as the Slack app (ask, pre-review, submit, decide as a named user, inbox, show), and prints the
 * workflow's notifications as they would be delivered ("📨 → USER: …"). The terminal loop is in ./terminal.ts.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { QuestionError } from "../answer/index.js";
import { renderAnswer } from "../cli/ask.js";
import type { Core } from "../core.js";
import { parseProposal } from "../prereview/index.js";
import { renderChecklist } from "../prereview/report.js";
import type { Proposal } from "../prereview/schema.js";
import type { Notification } from "../workflow/index.js";
import { formFields, proposalFromAnswers, type FormField } from "./form.js";

export const HELP = `知策 本地模式 / zhice local mode — 命令 / commands:
  直接输入问题                      提问，回答附引用条款 / type a question to get a cited answer
  /prereview FILE.json              预审项目文件 / pre-review a proposal file
  /prereview                        逐项填写后预审 / fill in the proposal field by field
  /submit [FILE.json]               提交审批（默认为刚预审的项目）/ submit (default: the last pre-reviewed proposal)
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
  /help                             帮助 / this help
  /quit                             退出 / quit`;

export interface LocalSessionOptions {
  user: string;
  /** Where relative file paths are resolved. */
  cwd?: string;
}

type CoreLike = Pick<Core, "knowledge" | "prereview" | "workflow">;

export class LocalSession {
  user: string;
  private readonly cwd: string;
  private lastProposal: Proposal | null = null;
  private form: { fields: FormField[]; index: number; values: Record<string, string> } | null = null;
  private readonly pendingNotes: string[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly core: CoreLike,
    opts: LocalSessionOptions,
  ) {
    this.user = opts.user;
    this.cwd = opts.cwd ?? process.cwd();
    this.unsubscribe = core.workflow.onNotify((n) => {
      this.pendingNotes.push(notificationLine(n));
    });
  }

  close(): void {
    this.unsubscribe();
  }

  /** true while a proposal is being filled in field by field. */
  get inForm(): boolean {
    return this.form !== null;
  }

  /** The prompt to show before the next line (the current form question while filling a proposal in). */
  prompt(): string {
    if (this.form) {
      const f = this.form.fields[this.form.index]!;
      return `${f.label}${f.hint ? `（${f.hint}）` : ""}${f.optional ? " [可留空 / optional]" : ""}: `;
    }
    return `知策(${this.user})> `;
  }

  /** Handle one line; `quit` when the user asked to leave. */
  async handle(line: string): Promise<{ output: string; quit?: boolean }> {
    const out = await this.dispatch(line);
    const notes = this.pendingNotes.splice(0);
    return { ...out, output: [out.output, ...notes].filter(Boolean).join("\n") };
  }

  private async dispatch(raw: string): Promise<{ output: string; quit?: boolean }> {
    const line = raw.trim();
    if (this.form) return this.formAnswer(line);
    if (!line) return { output: "" };
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
      case "/submit":
        return { output: await this.submit(arg) };
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
        return { output: r.ok ? `已催办 / reminded (${r.state})` : `⛔ ${r.messageZh} / ${r.messageEn}` };
      }
      default:
        return { output: `未知命令 / unknown command: ${cmd}\n输入 /help 查看命令 / type /help for commands` };
    }
  }

  private async ask(q: string): Promise<string> {
    try {
      return renderAnswer(await this.core.knowledge.ask(q));
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
        : "输入 /submit 提交审批 / type /submit to submit it for approval.";
    return `${renderChecklist(checklist, parsed.proposal.title)}\n\n${next}`;
  }

  private async prereviewFile(file: string): Promise<string> {
    const r = this.readJson(file);
    return r.ok ? this.prereviewValue(r.json) : `⚠️ ${r.error}`;
  }

  private startForm(): { output: string } {
    this.form = { fields: formFields(), index: 0, values: {} };
    return { output: "逐项填写项目信息（输入 /cancel 放弃）/ Fill in the proposal (type /cancel to stop)." };
  }

  private async formAnswer(line: string): Promise<{ output: string }> {
    const form = this.form!;
    if (line === "/cancel") {
      this.form = null;
      return { output: "已取消 / cancelled" };
    }
    const field = form.fields[form.index]!;
    if (!line && !field.optional) return { output: `此项必填 / this field is required` };
    const err = line ? field.check?.(line) : undefined;
    if (err) return { output: `⚠️ ${err}` };
    if (line) form.values[field.path] = line;
    form.index += 1;
    if (form.index < form.fields.length) return { output: "" };
    this.form = null;
    return { output: await this.prereviewValue(proposalFromAnswers(form.values)) };
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
      if (!parsed.ok) return ["项目信息有误 / invalid proposal:", ...parsed.errors.map((e) => `  ${e.field}: ${e.messageZh} / ${e.messageEn}`)].join("\n");
    }
    const r = await this.core.workflow.submit(json, this.user);
    this.lastProposal = null;
    if (r.state === "blocked")
      return `${renderChecklist(r.checklist)}\n\n⛔ 预审未通过，未进入审批 / blocked by the pre-check; not submitted for approval (${r.id})`;
    const view = await this.core.workflow.show(r.id);
    const step = view?.step ? `，当前步骤 / step: ${view.step.name}（${view.step.approvers.join(", ")}）` : "";
    return `已提交审批 / submitted: ${r.id}，状态 / state: ${r.state}${step}`;
  }

  private async listing(filter: { approver?: string; submitter?: string }, heading: string): Promise<string> {
    const rows = await this.core.workflow.list(filter);
    if (!rows.length) return `${heading}: 无 / none`;
    return [
      `${heading}:`,
      ...rows.map((p) => `  ${p.id}  ${p.title}  [${p.state}]${p.step ? `  第${p.step.index + 1}步 ${p.step.name}` : ""}  ${p.amountYuan.toLocaleString("zh-CN")} 元`),
    ].join("\n");
  }

  private async show(id: string | undefined): Promise<string> {
    if (!id) return "用法 / usage: /show ID";
    const v = await this.core.workflow.show(id);
    if (!v) return `找不到项目 / proposal not found: ${id}`;
    const lines = [`${v.id}  ${v.title}`, `提交人 / submitter: ${v.submitter}`, `状态 / state: ${v.state}`];
    if (v.step)
      lines.push(
        `当前步骤 / step ${v.step.index + 1}: ${v.step.name}（${v.step.mode === "all" ? "会签 all" : "或签 any"}）审批人 / approvers: ${v.step.approvers.join(", ")}；已批准 / approved: ${v.step.decided.join(", ") || "—"}`,
      );
    lines.push("记录 / history:");
    for (const h of v.history) lines.push(`  ${h.at}  ${h.actor}  ${h.type}${h.reason ? `：${h.reason}` : ""}`);
    return lines.join("\n");
  }

  private async decide(id: string | undefined, action: string, opts: { reason?: string; to?: string } = {}): Promise<string> {
    if (!id) return `用法 / usage: /${action === "request_changes" ? "changes" : action} ID${action === "reject" || action === "request_changes" ? " 理由/reason" : action === "transfer" ? " USER" : ""}`;
    const r = await this.core.workflow.decide(id, action, this.user, { reason: opts.reason || undefined, to: opts.to || undefined });
    if (!r.ok) return `⛔ ${r.messageZh} / ${r.messageEn}`;
    const step = r.step && r.state === "pending" ? `，当前步骤 / step: ${r.step.name}` : "";
    return `✅ 已处理 / done: ${id} → ${r.state}${step}`;
  }
}

export function notificationLine(n: Notification): string {
  return `📨 → ${n.recipients.join(", ")}: ${n.messageZh} / ${n.messageEn}`;
}
