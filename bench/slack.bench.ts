/**
 * The Slack face under load, end to end: the real Bolt app in HTTP mode (the e2e rig: real core, real SQLite, the
 * stand-in Web API on a real socket), driven with requests signed as Slack signs them.
 *  - ack latency: signed POST of an app_mention → the app's HTTP 200 (Slack wants it within 3 s);
 *  - mention-to-answer: the same POST → the answer's chat.postMessage reaching the stand-in;
 * measured one mention at a time (the dev question set), then as a burst of mentions sent together.
 */
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../src/config.js";
import { eventBody } from "../test/support/slack-signing.js";
import { slackTs, startRig, type Rig } from "../test/e2e/harness.js";
import { fmtMs, percentile, row } from "./measure.js";

const SEQUENTIAL = 40;
const BURST = 20;

function questions(n: number): string[] {
  const lines = fs.readFileSync(path.join(projectRoot, "test/fixtures/qa-dev.jsonl"), "utf8").split("\n").filter(Boolean);
  const qs = lines.map((l) => (JSON.parse(l) as { q: string }).q);
  return Array.from({ length: n }, (_, i) => qs[i % qs.length]!);
}

/** Resolves when the answer to the mention with this ts reaches the stand-in (checked every millisecond). */
function answered(rig: Rig, ts: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const end = Date.now() + 60_000;
    const check = () => {
      if (rig.api.calls.some((c) => c.method === "chat.postMessage" && c.args.thread_ts === ts)) return resolve(performance.now());
      if (Date.now() > end) return reject(new Error(`no answer to the mention ${ts}`));
      setTimeout(check, 1);
    };
    check();
  });
}

async function mention(rig: Rig, q: string): Promise<{ ack: number; answer: number }> {
  const ts = slackTs();
  const event = { type: "app_mention", user: "U_BENCH", text: `<@U_BOT> ${q}`, ts, channel: "C_BENCH", event_ts: ts };
  const t0 = performance.now();
  const done = answered(rig, ts);
  const res = await rig.send(eventBody(event));
  const ack = performance.now() - t0;
  if (res.status !== 200) throw new Error(`the app answered ${res.status} to a signed mention`);
  return { ack, answer: (await done) - t0 };
}

function report(label: string, ms: number[]): void {
  row(`${label} (n=${ms.length})`, `p50 ${fmtMs(percentile(ms, 50))} · p95 ${fmtMs(percentile(ms, 95))} · max ${fmtMs(Math.max(...ms))}`);
}

export default async function bench(): Promise<void> {
  const t0 = performance.now();
  const rig = await startRig();
  row("start: core + Bolt app over HTTP", fmtMs(performance.now() - t0));
  try {
    for (const q of questions(3)) await mention(rig, q); // warm-up: indexes paged in, JIT
    const one: { ack: number; answer: number }[] = [];
    for (const q of questions(SEQUENTIAL)) one.push(await mention(rig, q));
    report("ack latency, one mention at a time", one.map((r) => r.ack));
    report("mention-to-answer, one mention at a time", one.map((r) => r.answer));
    const burst = await Promise.all(questions(BURST).map((q) => mention(rig, q)));
    report(`ack latency, ${BURST} mentions at once`, burst.map((r) => r.ack));
    report(`mention-to-answer, ${BURST} mentions at once`, burst.map((r) => r.answer));
    row("calls Slack refused", String(rig.api.rejected.length));
  } finally {
    await rig.close();
  }
}
