/**
 * `npm start`: the mode is decided by the environment (a contract other tooling uses):
 *  - SLACK_APP_TOKEN set            → Slack, Socket Mode;
 *  - SLACK_BOT_TOKEN + SIGNING_SECRET → Slack, HTTP mode on PORT (Bolt's /slack/events: events, commands, interactivity);
 *  - neither                        → local mode: an interactive terminal session driving the same cores.
 * On an empty data dir the notices in knowledge/ are ingested before anything listens. The workflow scheduler
 * (reminders, escalations) runs in every mode. In the Slack modes an error that escapes every handler is logged and the
 * process keeps serving.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, type Config } from "./config.js";
import { createCore } from "./core.js";
import { loadRouting } from "../flows/routing.js";
import { openAuditTrust } from "./audit/checkpoint-writer.js";
import { resolveAuditKey } from "./audit/trust.js";
import { userFacingError } from "./cli/user-errors.js";
import { ensureDataDir } from "./store/data-dir.js";
import { openDatabase } from "./store/index.js";

export type Mode = "socket" | "http" | "local";

export function modeOf(config: Pick<Config, "slack">): Mode {
  if (config.slack.appToken) return "socket";
  if (config.slack.botToken && config.slack.signingSecret) return "http";
  return "local";
}

/** The store and its audit trust (marker, checkpoints) are checked before anything is ingested. */
async function checkStore(config: Config): Promise<void> {
  const db = await openDatabase(config);
  try {
    await openAuditTrust(config, db);
  } finally {
    await db.close();
  }
}

export async function main(): Promise<number> {
  const config = loadConfig();
  const mode = modeOf(config);
  // What would otherwise fail half-way through start-up (after ingesting): one clear line each, exit 2.
  ensureDataDir(config.dataDir);
  loadRouting(config.routingFile);
  resolveAuditKey(config);
  await checkStore(config);
  const core = await createCore(config, { quiet: false });
  // The scheduler starts once the face listens to notifications, so a reminder due at start-up is not lost.
  let stopScheduler = () => {};
  const startScheduler = () => {
    stopScheduler = core.workflow.startScheduler(config.schedulerIntervalMs);
  };

  if (mode === "local") {
    const { runLocal } = await import("./local/terminal.js");
    try {
      return await runLocal(core, { input: process.stdin, output: process.stdout, onReady: startScheduler });
    } finally {
      stopScheduler();
      await core.close();
    }
  }

  const { createSlackApp } = await import("./slack/app.js");
  const { keepServingOnUncaughtErrors } = await import("./slack/receiver.js");
  const app = createSlackApp(core, config);
  // one bad request (or a bug in a listener) is logged; the server keeps answering everyone else
  const releaseCrashGuard = keepServingOnUncaughtErrors(app.logger);
  startScheduler();
  if (mode === "socket") {
    await app.start();
    process.stderr.write(`知策 Slack 应用已启动（Socket Mode）/ zhice is running in Socket Mode\n`);
  } else {
    await app.start(config.slack.port);
    process.stderr.write(`知策 Slack 应用已启动 / zhice is listening on :${config.slack.port}/slack/events (HTTP mode)\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  stopScheduler();
  await app.stop();
  releaseCrashGuard();
  await core.close();
  return 0;
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const known = userFacingError(err);
      if (known) console.error(known.message);
      else console.error(`错误 / error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = known?.exitCode ?? 1;
    },
  );
}
