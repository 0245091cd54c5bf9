/**
 * Slack message text → the plain question: mentions of the bot removed, Slack's link / mention markup turned back
 * into what the user saw, and the three escaped characters restored.
 */
export function questionFromSlackText(text: string, botUserId?: string): string {
  let t = text;
  if (botUserId) t = t.split(`<@${botUserId}>`).join(" ");
  t = t
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => (name ? `@${name}` : `@${id}`))
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `#${name || id}`)
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, "@$1")
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, name?: string) => name ?? "@group")
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, "$2")
    .replace(/<((?:https?|mailto):[^>]+)>/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  return t.replace(/\s+/g, " ").trim();
}

/** Whether a message mentions the bot (then the app_mention listener answers it, not the thread follow-up one). */
export function mentionsBot(text: string | undefined, botUserId: string | undefined): boolean {
  return !!botUserId && !!text && text.includes(`<@${botUserId}>`);
}
