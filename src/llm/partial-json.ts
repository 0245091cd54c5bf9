/**
 * Reading a JSON object while a model is still writing it: the text of one string field so far, decoded, so that
 * the answer inside a streamed function call can be shown as it is written.
 */

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };

/** The decoded value of the top-level string field `field` as far as `partial` has written it ("" before it starts). */
export function stringFieldSoFar(partial: string, field: string): string {
  const key = new RegExp(`"${field}"\\s*:\\s*"`).exec(partial);
  if (!key) return "";
  let out = "";
  for (let i = key.index + key[0].length; i < partial.length; i++) {
    const c = partial[i]!;
    if (c === '"') break;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = partial[i + 1];
    if (e === undefined) break; // the escape is not complete yet
    if (e === "u") {
      const hex = partial.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
    } else {
      out += ESCAPES[e] ?? e;
      i += 1;
    }
  }
  // a lone high surrogate waits for its pair
  return /[\uD800-\uDBFF]$/.test(out) ? out.slice(0, -1) : out;
}

/** Follows a growing JSON text and reports what was added to one string field since the last call. */
export class StringFieldFollower {
  private text = "";
  private seen = 0;

  constructor(
    private readonly field: string,
    private readonly onText: (added: string) => void,
  ) {}

  push(piece: string): void {
    this.text += piece;
    const value = stringFieldSoFar(this.text, this.field);
    if (value.length > this.seen) {
      this.onText(value.slice(this.seen));
      this.seen = value.length;
    }
  }
}
