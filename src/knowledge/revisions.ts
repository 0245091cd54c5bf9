/**
 * How a replica learns that the shared knowledge base changed: PostgreSQL LISTEN on the store's channel (a change is
 * announced by NOTIFY in the same transaction), and polling every pollMs as the fallback (SQLite, or a dropped
 * listener connection). Knowledge also checks the revision before every answer, so polling only warms indexes early.
 */
import type { Database } from "../store/index.js";
import { KB_CHANNEL } from "./store.js";

export async function watchRevisions(db: Database, pollMs: number, onChange: () => void): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  if (db.listen) {
    try {
      stops.push(await db.listen(KB_CHANNEL, onChange));
    } catch {
      // no listener: polling (and the check before each answer) still finds the change
    }
  }
  if (pollMs > 0) {
    const timer = setInterval(onChange, pollMs);
    timer.unref();
    stops.push(async () => clearInterval(timer));
  }
  return async () => {
    for (const stop of stops) await stop();
  };
}
