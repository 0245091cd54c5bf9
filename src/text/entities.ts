/**
 * HTML character references → characters: every numeric reference (&#21153; &#x52a1;) and the named ones that occur
 * in Chinese notices (&nbsp; &ldquo; &middot; …). Unknown names are left as written.
 */
const NAMED_ENTITIES: Record<string, string> = {
  nbsp: " ", ensp: " ", emsp: " ", thinsp: " ", amp: "&", lt: "<", gt: ">", quot: '"', apos: "'",
  ldquo: "“", rdquo: "”", lsquo: "‘", rsquo: "’", mdash: "—", ndash: "–", hellip: "……", middot: "·",
  times: "×", divide: "÷", copy: "©", reg: "®", deg: "°", plusmn: "±", laquo: "«", raquo: "»", bull: "•",
  yen: "¥", permil: "‰", sect: "§", lsaquo: "‹", rsaquo: "›",
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d?);?/gi, (m, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    const v = NAMED_ENTITIES[body.toLowerCase()];
    return v !== undefined && (m.endsWith(";") || body.length >= 4) ? v : m;
  });
}

