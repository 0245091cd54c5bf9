/**
 * How zhice reaches Slack through a proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, as curl reads them): one undici
 * EnvHttpProxyAgent serves both the Web API (WebClient's `fetch` option) and the Socket Mode WebSocket (the Socket
 * Mode client's `dispatcher`). Without a proxy configured nothing changes (Node's own fetch, direct connections).
 */
import type { FetchFunction } from "@slack/web-api";
import { EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from "undici";
import type { Config } from "../config.js";

export interface SlackTransport {
  dispatcher?: Dispatcher;
  fetch?: FetchFunction;
  /** The proxy as it may be shown (no user name or password), for messages. */
  proxyLabel?: string;
}

/** "proxy:8080" is read as curl reads it: http://proxy:8080. */
const withScheme = (u: string | undefined) => (u && !/^[a-z][a-z0-9+.-]*:\/\//i.test(u) ? `http://${u}` : u);

export function proxyLabel(u: string): string {
  try {
    const url = new URL(withScheme(u)!);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "(无效的代理地址 / invalid proxy URL)";
  }
}

export function slackTransport(proxy: Config["slack"]["proxy"]): SlackTransport {
  const https = withScheme(proxy.https);
  const http = withScheme(proxy.http);
  if (!https && !http) return {};
  const dispatcher = new EnvHttpProxyAgent({ httpsProxy: https ?? http, httpProxy: http, noProxy: proxy.noProxy ?? "" });
  const fetch = ((url, init) => undiciFetch(url, { ...(init as object), dispatcher })) as FetchFunction;
  return { dispatcher, fetch, proxyLabel: proxyLabel((https ?? http)!) };
}
