/**
 * `npm run bench`: runs the default export (`async () => void`) of every bench/*.bench.ts, in name order.
 * Other modules add a file; nothing to register. `npm run bench -- retrieval` runs only names containing "retrieval".
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const benchDir = path.dirname(new URL(import.meta.url).pathname);
const filters = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const files = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error(`没有基准测试 / no bench/*.bench.ts matched ${filters.join(" ") || ""}`);
  process.exit(1);
}

let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const t0 = performance.now();
  try {
    const mod = (await import(pathToFileURL(path.join(benchDir, f)).href)) as { default?: () => Promise<void> };
    if (typeof mod.default !== "function") throw new Error("no default export function");
    await mod.default();
    console.log(`=== ${f} done in ${((performance.now() - t0) / 1000).toFixed(1)} s ===`);
  } catch (err) {
    failed++;
    console.error(`=== ${f} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
