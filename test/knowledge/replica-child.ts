/**
 * A replica of the answering side, driven over stdin/stdout for the multi-process test: it opens the knowledge base
 * on the shared store, prints {"reloaded": revision} whenever it reloads on its own (NOTIFY or polling), and answers
 * {"ask": "…"} lines with the cited document ids. Env: KB_DATA_DIR, KB_PG_URL + KB_PG_SCHEMA, KB_POLL_MS.
 */
import readline from "node:readline";
import { loadConfig } from "../../src/config.js";
import { openKnowledge } from "../../src/knowledge/index.js";

const say = (o: unknown) => process.stdout.write(JSON.stringify(o) + "\n");
const config = loadConfig({ ZHICE_DATA_DIR: process.env.KB_DATA_DIR, DATABASE_URL: process.env.KB_PG_URL || undefined, ZHICE_KB_POLL_MS: process.env.KB_POLL_MS ?? "0" });
const kb = await openKnowledge(config, { quiet: true, autoIngest: false, pgSchema: process.env.KB_PG_SCHEMA || undefined, onReload: (revision) => say({ reloaded: revision }) });
say({ ready: true, revision: kb.revision() });
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const cmd = JSON.parse(line) as { ask?: string; exit?: boolean };
  if (cmd.exit) break;
  const a = await kb.ask(cmd.ask ?? "");
  say({ cited: a.citations.map((c) => c.docId), revision: kb.revision() });
}
await kb.close();
