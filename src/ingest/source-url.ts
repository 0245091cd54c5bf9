/**
 * Where a notice is published, read from the file itself: a 来源 label that is a link, front matter `url` / `link` /
 * `source`, or the page's own address in HTML (<link rel="canonical">, <meta property="og:url">). Null when the
 * file does not say; `ingest --url` gives it instead.
 */
const HTTP_URL = /^https?:\/\/[^\s<>"'）)】]+$/i;

export function httpUrl(v: string | null | undefined): string | null {
  const t = (v ?? "").trim().split(/\s+/)[0] ?? "";
  return HTTP_URL.test(t) ? t : null;
}

export function sourceUrlOf(raw: string, frontMatter: Record<string, string>, labelled: string | null): string | null {
  const fromLabel = httpUrl(labelled);
  if (fromLabel) return fromLabel;
  for (const k of ["url", "link", "source", "source_url", "canonical_url"]) {
    const u = httpUrl(frontMatter[k]);
    if (u) return u;
  }
  const head = raw.slice(0, 20_000);
  const canonical =
    /<link\b[^>]*\brel=["']canonical["'][^>]*\bhref=["']([^"']+)["']/i.exec(head) ??
    /<link\b[^>]*\bhref=["']([^"']+)["'][^>]*\brel=["']canonical["']/i.exec(head) ??
    /<meta\b[^>]*\bproperty=["']og:url["'][^>]*\bcontent=["']([^"']+)["']/i.exec(head);
  return httpUrl(canonical?.[1]);
}
