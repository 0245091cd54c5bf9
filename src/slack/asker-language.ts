/**
 * The asker's language: decided by the question when its wording settles it, else by the user's Slack locale
 * (users.info with include_locale, cached per user for an hour), else unknown — then labels stay bilingual.
 */
import type { Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { clearLanguage } from "../answer/language.js";
import type { Lang } from "../answer/schema.js";

const LOCALE_TTL_MS = 60 * 60 * 1000;
const locales = new Map<string, { lang: Lang | null; at: number }>();

/** "zh-CN", "zh-TW" → zh; "en-US", "en-GB" → en; anything else → null. */
export function langOfLocale(locale: string | undefined): Lang | null {
  if (!locale) return null;
  if (/^zh\b/i.test(locale)) return "zh";
  if (/^en\b/i.test(locale)) return "en";
  return null;
}

async function localeLang(client: WebClient, userId: string, logger: Pick<Logger, "warn">): Promise<Lang | null> {
  const cached = locales.get(userId);
  if (cached && Date.now() - cached.at < LOCALE_TTL_MS) return cached.lang;
  try {
    const r = await client.users.info({ user: userId, include_locale: true });
    const lang = langOfLocale((r.user as { locale?: string } | undefined)?.locale);
    locales.set(userId, { lang, at: Date.now() });
    return lang;
  } catch (e) {
    logger.warn("users.info failed; the language stays undecided", e);
    return null;
  }
}

/** The language to speak to the asker in, or null when neither the question nor their locale settles it. */
export async function askerLanguage(question: string, who: { client: WebClient; userId?: string }, logger: Pick<Logger, "warn">): Promise<Lang | null> {
  return clearLanguage(question) ?? (who.userId ? localeLang(who.client, who.userId, logger) : null);
}
