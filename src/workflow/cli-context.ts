/**
 * What the workflow's CLI verbs (submit, proposals, decide, remind, audit) share: argument parsing with the
 * common --data-dir, opening the workflow (with or without the real pre-review), and the refusal line format.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { loadConfig, type Config } from "../config.js";
import { openWorkflow, type DecisionResult, type WorkflowService } from "./index.js";
import { argumentError } from "../cli/arg-errors.js";
import { userFacingError } from "../cli/user-errors.js";
import { ensureDataDir } from "../store/data-dir.js";

export function parseCli<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...options, "data-dir": { type: "string" } } });
  } catch (e) {
    console.error(argumentError(e, usage));
    return null;
  }
}

export function cliConfig(dataDir: string | undefined): Config {
  const config = loadConfig(process.env, { dataDir });
  ensureDataDir(config.dataDir);
  return config;
}

/** The workflow for verbs that never pre-check (decide, proposals, remind, audit): no knowledge base is opened. */
export async function openWorkflowWithoutPrereview(config: Config, opts: { inspect?: boolean } = {}): Promise<WorkflowService> {
  return openWorkflow(config, {
    inspect: opts.inspect,
    prereview: async () => {
      throw new Error("此命令不做预审 / this command does not pre-review");
    },
  });
}

/** A refusal as one line: "中文 / English". */
export function refusalLine(r: Extract<DecisionResult, { ok: false }>): string {
  return `${r.messageZh} / ${r.messageEn}`;
}

/** With --json, library chatter must not reach stdout. */
export function keepStdoutForJson(json: boolean): void {
  if (!json) return;
  const toErr = (...a: unknown[]) => console.error(...a);
  console.log = toErr;
  console.info = toErr;
}

export const STATE_LABEL: Record<string, string> = {
  draft: "草稿 / draft",
  blocked: "预审未通过 / blocked",
  pending: "审批中 / pending",
  changes_requested: "退回修改 / changes requested",
  approved: "已批准 / approved",
  rejected: "已驳回 / rejected",
  withdrawn: "已撤回 / withdrawn",
};

/** Runs a verb; errors a user can act on (bad routing file, data dir, store, unreadable snapshot) print their message, not a stack. */
export async function guardCli(fn: () => Promise<number>): Promise<number> {
  try {
    return await fn();
  } catch (e) {
    const known = userFacingError(e);
    if (!known) throw e;
    console.error(known.message);
    return known.exitCode;
  }
}
