/** Character bigrams of a word (劳务派遣 → 劳务, 务派, 派遣), and how many of them a text holds. */
export function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 <= s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** Share of a phrase's bigrams that stand in the text, in [0, 1] (0 for a phrase under two characters). */
export function bigramShare(phrase: string, text: string): number {
  const grams = bigrams(phrase);
  return grams.length ? grams.filter((g) => text.includes(g)).length / grams.length : 0;
}
