/**
 * Child process for ingest-bombs.bench.ts: ingests one directory into a data dir and prints one JSON line with the
 * report's counts, the refusal reasons and this process's peak RSS (so each case is measured in a fresh process).
 * Usage: tsx bench/ingest-once.ts DIR DATA_DIR
 */
import { loadConfig } from "../src/config.js";
import { ingestPaths } from "../src/ingest/ingest.js";

const [dir, dataDir] = process.argv.slice(2);
if (!dir || !dataDir) {
  console.error("usage: tsx bench/ingest-once.ts DIR DATA_DIR");
  process.exit(2);
}
const config = loadConfig(process.env, { dataDir });
const t0 = performance.now();
const r = await ingestPaths([dir], { dataDir, limits: config.ingest });
console.log(
  JSON.stringify({
    added: r.added.length,
    failed: r.failed.map((f) => f.reason),
    ms: performance.now() - t0,
    peakRss: process.resourceUsage().maxRSS * 1024,
  }),
);
