/**
 * A message that is not a question but a reply to the answer: thanks (「好的，谢谢」, "thanks!") or a bare
 * acknowledgement (「好的」「收到」, "ok"). Searching the notices for it would only say 「知识库中无依据」: thanks get a
 * short 不客气, an acknowledgement gets nothing.
 */
import type { Lang } from "./schema.js";

export type Acknowledgement = "thanks" | "ack";

const THANKS = /^(?:(?:好的?|嗯|行|ok(?:ay)?|明白了?|知道了|了解了?|收到)[，,。!！~～\s]*)?(?:谢谢|多谢|感谢|辛苦了|谢了|thx|thanks?(?:\s+(?:a\s+lot|so\s+much|you))?|thank\s+you(?:\s+(?:so\s+much|very\s+much))?|cheers|ty)(?:[\s,，]*(?:你|您|啦|了|哈|呀|啊|知策|zhice|[!！。.~～😊🙏👍]))*[!！。.~～\s]*$/iu;
const ACK = /^(?:好的?|好滴|嗯嗯?|哦|噢|行|可以了?|明白了?|知道了|了解了?|收到|懂了|ok(?:ay)?|k|got\s+it|understood|noted|i\s+see|sure|great|perfect|cool|nice|👍|🙏|👌)(?:[\s,，]*(?:的|啦|了|哈|呀|啊|[!！。.~～😊🙏👍]))*[!！。.~～\s]*$/iu;

export function acknowledgementOf(text: string): Acknowledgement | null {
  const t = text.normalize("NFKC").trim();
  if (THANKS.test(t)) return "thanks";
  if (ACK.test(t)) return "ack";
  return null;
}

/** The short reply to thanks, in the asker's language (both when it is unknown). */
export function thanksReply(lang: Lang | null): string {
  const zh = "不客气，有问题随时问我。";
  const en = "You're welcome! Ask again any time.";
  return lang === "en" ? en : lang === "zh" ? zh : `${zh} / ${en}`;
}
