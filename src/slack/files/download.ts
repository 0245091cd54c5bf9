/**
 * A file shared with the bot, fetched as Slack serves it: `files.info` for its name, type and size, then its
 * `url_private_download` with the bot token (files:read). Only PDF, Word (.docx) and text files up to 20 MB are
 * taken; anything else is refused with a reason the user can act on, before anything is downloaded.
 */
import type { WebClient } from "@slack/web-api";
import { z } from "zod";

export const MAX_FILE_BYTES = 20 * 2 ** 20;

/** The types the bot reads, by extension. */
export const READABLE_TYPES = { ".pdf": "PDF", ".docx": "Word (.docx)", ".txt": "TXT" } as const;
export type ReadableExtension = keyof typeof READABLE_TYPES;

/** The part of files.info's `file` used here. */
export const SlackFileSchema = z.object({
  id: z.string(),
  name: z.string().default(""),
  filetype: z.string().optional(),
  mimetype: z.string().optional(),
  size: z.number().optional(),
  url_private: z.string().optional(),
  url_private_download: z.string().optional(),
});
export type SlackFile = z.infer<typeof SlackFileSchema>;

/** Why a file was not read, worded for the user (both languages: a file says nothing of the user's language). */
export interface FileRefusal {
  zh: string;
  en: string;
}

export type FetchedFile = { ok: true; file: SlackFile; ext: ReadableExtension; bytes: Uint8Array } | { ok: false; file?: SlackFile; refusal: FileRefusal };

const FILETYPE_EXT: Record<string, ReadableExtension> = { pdf: ".pdf", docx: ".docx", text: ".txt", txt: ".txt" };

export function readableExtension(file: Pick<SlackFile, "name" | "filetype">): ReadableExtension | null {
  const ext = /\.[a-z0-9]+$/i.exec(file.name)?.[0]?.toLowerCase();
  if (ext && ext in READABLE_TYPES) return ext as ReadableExtension;
  if (ext) return null;
  return FILETYPE_EXT[file.filetype ?? ""] ?? null;
}

const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;

export const REFUSAL = {
  type: (name: string): FileRefusal => ({
    zh: `不支持这种文件：${name}。知策可以读取 PDF、Word（.docx）和 TXT 文件。`,
    en: `${name} is not a file type zhice reads: send a PDF, Word (.docx) or TXT file.`,
  }),
  size: (name: string, size: number): FileRefusal => ({
    zh: `文件太大：${name}（${mb(size)}），最大 20 MB。请压缩或只发送需要的部分。`,
    en: `${name} is too large (${mb(size)}); the limit is 20 MB. Send a smaller file or just the part needed.`,
  }),
  download: (name: string): FileRefusal => ({
    zh: `没能下载文件 ${name}，请稍后重新发送。`,
    en: `${name} could not be downloaded — please send it again in a moment.`,
  }),
  unreadable: (name: string): FileRefusal => ({
    zh: `没能读取文件 ${name}（可能已损坏、加密，或是扫描图片）。请发送可复制文字的 PDF、Word 或 TXT。`,
    en: `${name} could not be read (damaged, encrypted, or a scanned image). Send a PDF, Word or TXT file with selectable text.`,
  }),
};

/**
 * The bot token goes only to Slack's own hosts (slack.com, slack-gov.com, slack-edge.com and their subdomains) or to the
 * host of the configured Web API (SLACK_API_URL), never to wherever a URL points.
 */
export function mayCarryToken(url: string, apiUrl: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (/(^|\.)(slack|slack-gov|slack-edge)\.com$/.test(u.hostname) && u.protocol === "https:") return true;
  try {
    return u.host === new URL(apiUrl).host;
  } catch {
    return false;
  }
}

/** Read a response body, giving up past `max` bytes. */
async function boundedBody(res: Response, max: number): Promise<Uint8Array | null> {
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(await res.arrayBuffer());
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/** files.info, the checks, then the download with the bot token. Never throws. */
export async function fetchSharedFile(client: WebClient, token: string, fileId: string, log: (msg: string, e?: unknown) => void): Promise<FetchedFile> {
  let file: SlackFile;
  try {
    const info = await client.files.info({ file: fileId });
    file = SlackFileSchema.parse(info.file);
  } catch (e) {
    log(`files.info ${fileId} failed`, e);
    return { ok: false, refusal: REFUSAL.download(fileId) };
  }
  const name = file.name || file.id;
  const ext = readableExtension(file);
  if (!ext) return { ok: false, file, refusal: REFUSAL.type(name) };
  if ((file.size ?? 0) > MAX_FILE_BYTES) return { ok: false, file, refusal: REFUSAL.size(name, file.size ?? 0) };
  const url = file.url_private_download ?? file.url_private;
  if (!url || !mayCarryToken(url, client.slackApiUrl)) {
    log(`${name}: no download URL on a Slack host (${url ?? "none"})`);
    return { ok: false, file, refusal: REFUSAL.download(name) };
  }
  try {
    // without the token Slack answers with a redirect to its sign-in page: neither is the file
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, redirect: "manual" });
    if (res.status !== 200 || (res.headers.get("content-type") ?? "").includes("text/html")) {
      log(`downloading ${name} answered ${res.status} ${res.headers.get("content-type") ?? ""}`);
      return { ok: false, file, refusal: REFUSAL.download(name) };
    }
    const bytes = await boundedBody(res, MAX_FILE_BYTES);
    if (!bytes) return { ok: false, file, refusal: REFUSAL.size(name, MAX_FILE_BYTES + 1) };
    return { ok: true, file, ext, bytes };
  } catch (e) {
    log(`downloading ${name} failed`, e);
    return { ok: false, file, refusal: REFUSAL.download(name) };
  }
}
