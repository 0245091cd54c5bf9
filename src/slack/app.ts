/**
 * The Bolt app: receivers by mode (HTTP behind a request guard, receiver.ts), event dedupe, listeners registered per surface, workflow notifications → DMs and
 * card updates. Listeners are thin; the work lives in the cores and in plain modules (answering, decisions, blocks).
 */
import { App, LogLevel, SocketModeReceiver, type Middleware, type AnyMiddlewareArgs, type Receiver } from "@slack/bolt";
import type { Config } from "../config.js";
import type { Core } from "../core.js";
import type { SlackDeps } from "./deps.js";
import { registerFiles } from "./listeners/files.js";
import { registerActions } from "./listeners/actions.js";
import { registerAskCommand } from "./listeners/ask-command.js";
import { registerAgent } from "./listeners/agent.js";
import { registerAssistant } from "./listeners/assistant.js";
import { registerCommands } from "./listeners/commands.js";
import { publishHome, registerHome } from "./listeners/home.js";
import { registerKnowledgeAdmin } from "./listeners/knowledge.js";
import { registerMessageListeners } from "./listeners/messages.js";
import { registerShortcuts } from "./listeners/shortcuts.js";
import { registerViews } from "./listeners/views.js";
import { SlackNotifier } from "./notifier.js";
import { slackTransport } from "./proxy.js";
import { SlackLogger } from "./reachability.js";
import { GuardedHTTPReceiver } from "./receiver.js";
import { ConversationStore } from "../store/conversations.js";
import { SlackStore } from "./store.js";
import { createKnowledgeAdmin } from "./knowledge-admin.js";

export interface SlackAppOptions {
  /** A receiver to use instead of the one the mode implies (tests, custom HTTP servers). */
  receiver?: Receiver;
  /** Override ZHICE_STREAMING. */
  streaming?: boolean;
  /** Where the one "cannot reach Slack" line goes (default stderr). */
  tell?: (line: string) => void;
}

const LOG_LEVELS: Record<Config["logLevel"], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/**
 * Events are acknowledged by Bolt before any middleware runs; this drops an event whose `event_id` another delivery or
 * replica already took (the first INSERT into slack_events wins, in the shared database). Retries (X-Slack-Retry-Num)
 * are not dropped as such: Slack retries when the first copy never arrived (connection_failed, http_error, a restart),
 * so a retry may be the only copy. If the table cannot be reached the event is handled anyway: a rare duplicate answer
 * is better than a question silently lost.
 */
export function dedupeEvents(store: SlackStore): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next, logger }) => {
    const b = body as { type?: string; event_id?: string };
    if (b.type === "event_callback" && b.event_id) {
      let first = true;
      try {
        first = await store.claimEvent(b.event_id);
      } catch (e) {
        logger.warn(`事件去重不可用，照常处理 / event dedupe unavailable, handling ${b.event_id} anyway`, e);
      }
      if (!first) {
        const retry = context.retryNum ? ` (retry #${context.retryNum}, ${context.retryReason ?? "?"})` : "";
        logger.info(`重复事件已忽略 / duplicate event ${b.event_id} ignored${retry}`);
        return;
      }
    }
    await next();
  };
}

/**
 * The Bolt app for zhice. Synchronous (the Slack tables are created in the background; every store call waits for
 * them), so `createSlackApp(core, config)` is a Bolt `App`; `await` it if you like.
 */
export function createSlackApp(core: Core, config: Config, opts: SlackAppOptions = {}): App {
  const s = config.slack;
  if (!s.botToken) throw new Error("缺少 SLACK_BOT_TOKEN / SLACK_BOT_TOKEN is required for the Slack app");
  const slackApiUrl = s.apiUrl ? (s.apiUrl.endsWith("/") ? s.apiUrl : `${s.apiUrl}/`) : undefined;
  // HTTPS_PROXY: the Web API's fetch and the Socket Mode WebSocket go through the proxy
  const transport = slackTransport(s.proxy);
  const clientOptions = slackApiUrl || transport.fetch ? { ...(slackApiUrl ? { slackApiUrl } : {}), ...(transport.fetch ? { fetch: transport.fetch } : {}) } : undefined;
  const logger = new SlackLogger({
    tell: opts.tell ?? ((line) => process.stderr.write(`${line}\n`)),
    apiUrl: slackApiUrl ?? "https://slack.com/api/",
    proxy: transport.proxyLabel,
  });
  const common = { token: s.botToken, clientOptions, logger, logLevel: LOG_LEVELS[config.logLevel] };
  let app: App;
  if (opts.receiver) app = new App({ ...common, receiver: opts.receiver });
  else if (s.appToken) {
    // SocketModeReceiver opens its connection (apps.connections.open) with installerOptions.clientOptions: same base URL
    const receiver = new SocketModeReceiver({ appToken: s.appToken, logger, logLevel: common.logLevel, installerOptions: { clientOptions }, dispatcher: transport.dispatcher });
    receiver.client.on("connected", () => logger.reachable());
    app = new App({ ...common, receiver });
  } else if (s.signingSecret) app = new App({ ...common, receiver: new GuardedHTTPReceiver({ signingSecret: s.signingSecret, logLevel: common.logLevel }) });
  else throw new Error("HTTP 模式需要 SLACK_SIGNING_SECRET / set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)");

  const store = new SlackStore(core.workflow.db);
  const kb = createKnowledgeAdmin(config, core.knowledge);
  const conversations = new ConversationStore(core.workflow.db);
  const deps: SlackDeps = { core, store, conversations, logger: app.logger, streaming: opts.streaming ?? s.streaming, kb };

  app.use(dedupeEvents(store));
  registerAssistant(app, deps); // before messages: it takes threaded DMs (the assistant container)
  registerMessageListeners(app, deps);
  registerFiles(app, deps);
  registerCommands(app, deps);
  registerAskCommand(app, deps);
  registerShortcuts(app, deps);
  registerViews(app, deps);
  registerActions(app, deps);
  registerHome(app, deps);
  registerKnowledgeAdmin(app, deps);
  registerAgent(app, deps);
  app.error(async (e) => {
    app.logger.error("Slack 监听器出错 / listener error", e);
  });

  const notifier = new SlackNotifier(app.client, core.workflow, store, app.logger, (user) => publishHome(deps, app.client, user));
  const unsubscribe = core.workflow.onNotify(notifier.listener);
  const stop = app.stop.bind(app);
  app.stop = (async (...args: unknown[]) => {
    unsubscribe();
    await notifier.drain();
    return (stop as (...a: unknown[]) => Promise<unknown>)(...args);
  }) as App["stop"];
  return app;
}
