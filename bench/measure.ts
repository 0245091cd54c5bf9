/** Small measuring tools shared by bench modules (not a bench itself: no .bench.ts suffix). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ingestPaths } from "../src/ingest/ingest.js";

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export async function timeEach<T>(items: T[], fn: (item: T) => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (const it of items) {
    const t0 = performance.now();
    await fn(it);
    out.push(performance.now() - t0);
  }
  return out;
}

export function fmtMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function fmtBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
}

/** Total size of the files under a directory. */
export function dirSize(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return total;
}

/** Peak resident set size of this process so far. */
export function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}

export function row(label: string, value: string): void {
  console.log(`  ${label.padEnd(48)} ${value}`);
}

/** The value after a command-line flag (`--data-dir DIR`), if given. */
export function flag(name: string): string | undefined {
  return process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
}

/**
 * Runs `f` over a data dir holding `sources`: `given` as it is (already ingested), else a temporary one ingested from
 * them now and removed afterwards.
 */
export async function withIngested<T>(sources: string[], given: string | undefined, f: (dataDir: string) => Promise<T>): Promise<T> {
  const dataDir = given ?? fs.mkdtempSync(path.join(os.tmpdir(), "zhice-bench-"));
  try {
    if (!given) await ingestPaths(sources, { dataDir });
    return await f(dataDir);
  } finally {
    if (!given) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
