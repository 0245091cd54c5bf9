/**
 * Sign requests exactly as Slack does (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret, sent as `X-Slack-Signature` with
 * `X-Slack-Request-Timestamp`. Helpers build the three kinds of bodies Slack posts: Events API JSON, slash-command
 * forms and interactivity forms (`payload=` JSON).
 */
import { createHmac } from "node:crypto";

export function slackSignature(secret: string, timestamp: number, body: string): string {
  return "v0=" + createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
}

export interface SlackPost {
  body: string;
  contentType: string;
}

export function eventBody(event: Record<string, unknown>, opts: { eventId?: string; teamId?: string; apiAppId?: string } = {}): SlackPost {
  return {
    contentType: "application/json",
    body: JSON.stringify({
      token: "legacy-verification-token",
      team_id: opts.teamId ?? "T_TEST",
      api_app_id: opts.apiAppId ?? "A_TEST",
      event,
      type: "event_callback",
      event_id: opts.eventId ?? `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: opts.teamId ?? "T_TEST", user_id: "U_BOT", is_bot: true }],
    }),
  };
}

export function commandBody(fields: Record<string, string>): SlackPost {
  return { contentType: "application/x-www-form-urlencoded", body: new URLSearchParams({ team_id: "T_TEST", api_app_id: "A_TEST", ...fields }).toString() };
}

export function interactionBody(payload: Record<string, unknown>): SlackPost {
  return {
    contentType: "application/x-www-form-urlencoded",
    body: new URLSearchParams({ payload: JSON.stringify({ team: { id: "T_TEST" }, api_app_id: "A_TEST", ...payload }) }).toString(),
  };
}

export interface SendOptions {
  secret?: string;
  /** Seconds since the epoch to sign with (default now). */
  timestamp?: number;
  /** Send without signature headers. */
  unsigned?: boolean;
  /** Change the body after signing. */
  tamper?: (body: string) => string;
  headers?: Record<string, string>;
}

/** POST a signed request to the app's `/slack/events` endpoint over real HTTP. */
export async function sendToSlackApp(url: string, post: SlackPost, opts: SendOptions = {}): Promise<{ status: number; text: string; json: unknown }> {
  const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { "content-type": post.contentType, ...opts.headers };
  if (!opts.unsigned) {
    headers["x-slack-request-timestamp"] = String(ts);
    headers["x-slack-signature"] = slackSignature(opts.secret ?? "", ts, post.body);
  }
  const body = opts.tamper ? opts.tamper(post.body) : post.body;
  const res = await fetch(url, { method: "POST", headers, body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}
