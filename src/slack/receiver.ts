/**
 * Bolt's HTTPReceiver behind a guard that checks each request to the Slack endpoint before Bolt dispatches it:
 *  - a timestamp more than 5 minutes in the future is refused (401); Bolt refuses only the past, Slack documents ±5;
 *  - a signed body that does not parse to an object (`null`, `payload=null`, an array, a number …) is refused with 400.
 *    Bolt 5.1 reads `body.ssl_check` from whatever JSON.parse returned, outside any try, so a signed `null` throws in a
 *    detached promise and the unhandled rejection takes the process down.
 * Everything else goes to Bolt unchanged (it verifies the signature again and answers as it always does). The body is
 * buffered once here; Bolt reuses the buffer (`rawBody`) instead of reading the stream a second time.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPModuleFunctions, HTTPReceiver, defaultBodyLimit, isValidSlackRequest, type App, type BufferedIncomingMessage, type HTTPReceiverOptions, type Logger } from "@slack/bolt";

/** Slack's window for X-Slack-Request-Timestamp, each way. */
export const TIMESTAMP_WINDOW_SECONDS = 5 * 60;

export type RequestVerdict = { ok: true } | { ok: false; status: 400 | 401; reason: string };

export interface SlackRequest {
  headers: IncomingMessage["headers"];
  rawBody: Buffer;
}

function header(headers: IncomingMessage["headers"], name: string): string | undefined {
  const v = headers[name];
  return typeof v === "string" ? v : undefined;
}

/** The body as Bolt will see it: JSON, or a form whose `payload` field is JSON. Throws when it does not parse. */
function parsedBody(req: SlackRequest): unknown {
  return HTTPModuleFunctions.parseHTTPRequestBody(req as BufferedIncomingMessage);
}

/**
 * What to do with one request to the Slack endpoint. `ok` hands it to Bolt, which still verifies the signature and
 * answers bodies that do not parse. Plain and synchronous: the caller supplies the clock.
 */
export function checkSlackRequest(req: SlackRequest, signingSecret: string, nowMs: number): RequestVerdict {
  const ts = Number(header(req.headers, "x-slack-request-timestamp"));
  if (Number.isFinite(ts) && ts > Math.floor(nowMs / 1000) + TIMESTAMP_WINDOW_SECONDS)
    return { ok: false, status: 401, reason: `x-slack-request-timestamp ${ts} is more than ${TIMESTAMP_WINDOW_SECONDS} s in the future` };
  let body: unknown;
  try {
    body = parsedBody(req);
  } catch {
    return { ok: true }; // Bolt answers 401 (unsigned) or 400 (malformed) itself
  }
  if (body !== null && typeof body === "object" && !Array.isArray(body)) return { ok: true };
  const signed = isValidSlackRequest({
    signingSecret,
    body: req.rawBody.toString(),
    headers: { "x-slack-signature": header(req.headers, "x-slack-signature") ?? "", "x-slack-request-timestamp": ts },
    nowMilliseconds: nowMs,
  });
  const shape = body === null ? "null" : Array.isArray(body) ? "an array" : typeof body;
  return signed ? { ok: false, status: 400, reason: `request body is ${shape}, not an object` } : { ok: false, status: 401, reason: "signature verification failed" };
}

export interface GuardedReceiverOptions extends HTTPReceiverOptions {
  /** Clock for the timestamp window (tests). */
  now?: () => number;
}

/** Bolt's HTTPReceiver with `checkSlackRequest` in front of its endpoints. */
export class GuardedHTTPReceiver extends HTTPReceiver {
  /** The app's logger once Bolt has called init(app); the given logger until then. */
  private log: Logger | undefined;

  override init(app: App): void {
    super.init(app);
    this.log = app.logger;
  }

  constructor(opts: GuardedReceiverOptions) {
    super(opts);
    const endpoints = opts.endpoints === undefined ? ["/slack/events"] : Array.isArray(opts.endpoints) ? opts.endpoints : [opts.endpoints];
    const limit = typeof opts.bodyLimit === "number" ? opts.bodyLimit : defaultBodyLimit;
    const now = opts.now ?? Date.now;
    this.log = opts.logger;
    const bolt = this.requestListener;
    this.requestListener = (req: IncomingMessage, res: ServerResponse) => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      // everything else (404s, custom routes) is Bolt's, synchronously, so its dispatch error handler still applies
      if (req.method?.toUpperCase() !== "POST" || !endpoints.includes(path)) return bolt(req, res);
      void guard(req, res).catch((e: unknown) => {
        this.log?.error("Slack 请求处理出错 / error while handling a Slack request", e);
        if (!res.headersSent) reply(res, 500);
      });
    };

    const guard = async (req: IncomingMessage, res: ServerResponse) => {
      let buffered: BufferedIncomingMessage;
      try {
        buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, limit);
      } catch (e) {
        const tooLarge = HTTPModuleFunctions.isRawBodyError(e) && (e.type === "entity.too.large" || e.statusCode === 413);
        this.log?.warn(`Slack 请求体无法读取 / request body unreadable: ${e instanceof Error ? e.message : String(e)}`);
        return reply(res, tooLarge ? 413 : 400);
      }
      const verdict = checkSlackRequest(buffered, opts.signingSecret, now());
      if (!verdict.ok) {
        this.log?.warn(`Slack 请求已拒绝 / request refused (${verdict.status}): ${verdict.reason}`);
        return reply(res, verdict.status);
      }
      bolt(buffered, res);
    };
  }
}

function reply(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/**
 * Last line of defence for a long-running server: an error that escapes every handler is logged, and the process
 * keeps serving the other requests instead of exiting. Returns a function that removes the handlers.
 */
export function keepServingOnUncaughtErrors(logger: Pick<Logger, "error">, proc: NodeJS.Process = process): () => void {
  const onRejection = (reason: unknown) => logger.error("未处理的异步错误，服务继续运行 / unhandled rejection (still serving)", reason);
  const onException = (error: Error) => logger.error("未捕获的异常，服务继续运行 / uncaught exception (still serving)", error);
  proc.on("unhandledRejection", onRejection);
  proc.on("uncaughtException", onException);
  return () => {
    proc.off("unhandledRejection", onRejection);
    proc.off("uncaughtException", onException);
  };
}
