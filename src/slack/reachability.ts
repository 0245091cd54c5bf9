/**
 * The Slack app's logger (Bolt, the Web API client, Socket Mode all log through it). When Slack cannot be reached —
 * no network, a firewall, a missing proxy — Bolt's clients retry for minutes and warn at every attempt. This logger
 * lets the first failure through (it says what went wrong), then prints ONE clear line — cannot reach Slack, check the
 * network or the proxy settings — and keeps the repeats quiet until Slack answers again. At debug level nothing is held back.
 */
import { inspect } from "node:util";
import { LogLevel, type Logger } from "@slack/bolt";

/** What the Web API client and the Socket Mode client log when a connection cannot be made. */
const UNREACHABLE =
  /fetch failed|request error occurred|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up|UND_ERR_(CONNECT|SOCKET)|Failed to retrieve a new WSS URL|WebSocket error/i;

const ORDER: LogLevel[] = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

export function unreachableLine(apiUrl: string, proxy: string | undefined): string {
  const zhProxy = proxy ? `当前代理 ${proxy}` : "未设置代理";
  const enProxy = proxy ? `proxy in use: ${proxy}` : "no proxy set";
  return (
    `⚠️ 无法连接 Slack（${apiUrl}）：请检查网络或代理设置（HTTPS_PROXY，${zhProxy}）；知策会在后台继续重试 / ` +
    `cannot reach Slack at ${apiUrl}: check the network or the proxy settings (HTTPS_PROXY, ${enProxy}); zhice keeps retrying`
  );
}

export class SlackLogger implements Logger {
  private level: LogLevel = LogLevel.INFO;
  private name = "zhice";
  private failures = 0;
  private told = false;

  constructor(
    private readonly opts: {
      /** Where the unreachable line goes (stderr). */
      tell: (line: string) => void;
      apiUrl: string;
      proxy?: string;
      /** Where log lines go (console by default). */
      print?: (level: LogLevel, text: string) => void;
    },
  ) {}

  debug(...msg: unknown[]): void {
    this.log(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.log(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    if (!this.heldBack(msg)) this.log(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    if (!this.heldBack(msg)) this.log(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  /** Slack answered (the Socket Mode connection opened): a later outage is told again. */
  reachable(): void {
    this.failures = 0;
    this.told = false;
  }

  /** true when a connection failure after the first is not printed (the one clear line stands for it). */
  private heldBack(msg: unknown[]): boolean {
    if (this.level === LogLevel.DEBUG) return false;
    const text = msg.map((m) => (m instanceof Error ? `${m.name} ${m.message} ${(m as { code?: string }).code ?? ""}` : String(m))).join(" ");
    if (!UNREACHABLE.test(text)) return false;
    this.failures++;
    if (this.failures === 1) return false;
    if (!this.told) {
      this.told = true;
      this.opts.tell(unreachableLine(this.opts.apiUrl, this.opts.proxy));
    }
    return true;
  }

  private log(level: LogLevel, msg: unknown[]): void {
    if (ORDER.indexOf(level) < ORDER.indexOf(this.level)) return;
    const text = `[${level.toUpperCase()}] ${this.name} ${msg.map((m) => (m instanceof Error ? (m.stack ?? m.message) : typeof m === "string" ? m : inspect(m, { depth: 3 }))).join(" ")}`;
    if (this.opts.print) this.opts.print(level, text);
    else if (level === LogLevel.ERROR) console.error(text);
    else if (level === LogLevel.WARN) console.warn(text);
    else if (level === LogLevel.INFO) console.info(text);
    else console.debug(text);
  }
}
