/**
 * Findings are made on the normalised text (lexicon.ts matchForm); messages quote the proposal as its author wrote it.
 * `originalWording` finds the shortest stretch of the author's text whose matching form is the normalised phrase —
 * 「建设-移交」 for 建设移交, 「勞務派遣」 for 劳务派遣 — with invisible characters removed for display.
 */
import { stripInvisible } from "../text/normalize.js";
import { matchForm } from "./lexicon.js";

/** The author's wording of `normalised` in one of `originals`, or null (a phrase read from the English gloss). */
export function originalWording(normalised: string, originals: string[]): string | null {
  if (!normalised) return null;
  const first = normalised[0]!;
  for (const raw of originals) {
    const chars = [...raw];
    let best: string | null = null;
    for (let i = 0; i < chars.length; i++) {
      const lead = matchForm(chars[i]!);
      // a stretch starts where its first visible character reads as the phrase's first (or an entity / hidden char does)
      if (lead !== "" && lead[0] !== first && chars[i] !== "&") continue;
      let piece = "";
      for (let j = i; j < chars.length && j - i <= 4 * normalised.length + 24; j++) {
        piece += chars[j];
        const form = matchForm(piece);
        if (form === normalised) {
          if (best === null || piece.length < best.length) best = piece;
          break;
        }
        if (form.length > normalised.length + 8) break;
      }
    }
    if (best !== null) return stripInvisible(best).trim();
  }
  return null;
}
