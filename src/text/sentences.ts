/** The one sentence splitter: a text → its sentences, each keeping its closing punctuation. */
export function sentences(text: string): string[] {
  return (text.match(/[^。；;！!？?\n]+[。；;！!？?]*/g) ?? [text]).map((s) => s.trim()).filter(Boolean);
}

/** The parts of a sentence between commas and colons (a modal word governs the part it stands in). */
export function segments(sentence: string): string[] {
  return (sentence.match(/[^，,：:]+[，,：:]*/g) ?? [sentence]).map((s) => s.trim()).filter(Boolean);
}
