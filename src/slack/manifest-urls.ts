/**
 * manifest.json for HTTP mode: the same app with Socket Mode off and every request URL Slack needs filled in from the
 * public base URL — event subscriptions, interactivity (buttons, modals and every shortcut arrive there) and each
 * slash command the manifest lists. Bolt serves all of them on one endpoint, /slack/events.
 */
export const EVENTS_PATH = "/slack/events";

export class ManifestUrlError extends Error {}

/** "https://host[/prefix]" → the URL Bolt's endpoint has behind it; refuses what Slack would refuse. */
export function requestUrl(base: string): string {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new ManifestUrlError(`不是有效的网址：${base}，应形如 https://zhice.example.gov.cn / not a valid URL: ${base} (expected e.g. https://zhice.example.gov.cn)`);
  }
  if (u.protocol !== "https:")
    throw new ManifestUrlError(`Slack 只接受 https 请求地址：${base} / Slack only accepts https request URLs: ${base}`);
  if (u.search || u.hash) throw new ManifestUrlError(`网址不应带 ? 或 # 部分：${base} / the URL must not carry a query or fragment: ${base}`);
  return `${u.origin}${u.pathname.replace(/\/+$/, "")}${EVENTS_PATH}`;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);

/** A copy of `manifest` for HTTP mode at `base`; the manifest itself is left as it is. */
export function manifestWithUrls(manifest: unknown, base: string): Json {
  const url = requestUrl(base);
  const out = structuredClone(obj(manifest) ?? {});
  const settings = (out.settings = obj(out.settings) ?? {});
  settings.socket_mode_enabled = false;
  settings.event_subscriptions = { ...obj(settings.event_subscriptions), request_url: url };
  settings.interactivity = { ...obj(settings.interactivity), is_enabled: true, request_url: url };
  const features = obj(out.features);
  const commands = features?.slash_commands;
  if (features && Array.isArray(commands)) features.slash_commands = commands.map((c) => ({ ...obj(c), url }));
  return out;
}
