/**
 * `zhice ask "QUESTION" [--json] [--data-dir DIR] [--previous "EARLIER QUESTION" …]` and `zhice ask --json --batch FILE.jsonl [--data-dir DIR]`.
 * With --json, stdout carries only JSON (one object per question); progress and logs go to stderr.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../config.js";
import { QuestionError } from "../answer/index.js";
import type { Answer } from "../answer/schema.js";
import { verdictHeadline } from "../answer/extractive.js";
import { standingNote } from "../knowledge/standing.js";
import { openKnowledge } from "../knowledge/index.js";
import { argumentError } from "./arg-errors.js";
import { citationRef } from "../knowledge/citation.js";

const USAGE = `用法 / usage:
  npm run -s zhice -- ask "问题 / QUESTION" [--json] [--data-dir DIR] [--previous "上一问 / EARLIER QUESTION" …]
  npm run -s zhice -- ask --json --batch FILE.jsonl [--data-dir DIR]   (每行 / each line: {"id": …, "q": "…"})`;

/** The `ask --json` contract: one object per question. */
export function toJsonRecord(id: unknown, a: Answer) {
  return {
    id,
    q: a.q,
    verdict: a.verdict,
    abstained: a.abstained,
    answer: a.answer,
    citations: a.citations.map((c) => ({
      docId: c.docId, title: c.title, docNo: c.docNo, clausePath: c.clausePath, text: c.text, role: c.role ?? "basis",
      status: c.status ?? "in_force", supersededBy: c.supersededBy ?? null, url: c.url ?? null,
    })),
    ...(a.note ? { note: a.note } : {}),
  };
}

/** Cited text in the terminal view: at most CITED_CHARS characters (the JSON keeps the whole clause). */
export const CITED_CHARS = 200;
export function shortText(text: string, max = CITED_CHARS): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length <= max ? t : `${t.slice(0, max).trimEnd()}…`;
}

/** The answer as people read it in a terminal. */
export function renderAnswer(a: Answer): string {
  const label = verdictHeadline(a);
  const lines = [a.lang === "en" ? `[${label.en}]` : `【${label.zh} · ${label.en}】`, "", a.answer];
  if (a.note) lines.push("", a.note);
  const en = a.lang === "en";
  const groups = a.abstained
    ? [{ head: en ? "Nearest clauses (not support):" : "最接近的条款（不构成依据）：", cites: a.citations }]
    : [
        { head: en ? "Basis:" : "依据：", cites: a.citations.filter((c) => c.role !== "related") },
        { head: en ? "Related:" : "相关条款：", cites: a.citations.filter((c) => c.role === "related") },
      ];
  let n = 0;
  for (const g of groups) {
    if (!g.cites.length) continue;
    lines.push("", g.head);
    for (const c of g.cites) {
      lines.push(`[${++n}] ${citationRef(c)}${standingNote(c)}`, `    “${shortText(c.text)}”`);
      if (c.url) lines.push(`    ${c.url}`);
    }
  }
  return lines.join("\n");
}

/** Anything a library prints with console.log must not reach stdout in --json mode. */
function routeConsoleToStderr(): void {
  const toErr = (...args: unknown[]) => console.error(...args);
  console.log = toErr;
  console.info = toErr;
  console.debug = toErr;
}

export async function run(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        batch: { type: "string" },
        previous: { type: "string", multiple: true },
        "data-dir": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    console.error(argumentError(err, USAGE));
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  const json = values.json ?? false;
  const question = positionals.join(" ");
  if (!values.batch && !question.trim()) {
    console.error(`问题不能为空 / the question is empty\n${USAGE}`);
    return 2;
  }
  if (values.batch && !json) {
    console.error(`--batch 需要同时使用 --json / --batch requires --json\n${USAGE}`);
    return 2;
  }
  /** Non-blank lines of the batch file with their physical line numbers (1-based), for error messages. */
  let batchLines: { no: number; line: string }[] = [];
  if (values.batch) {
    try {
      batchLines = readFileSync(values.batch, "utf8")
        .split(/\r?\n/)
        .map((line, i) => ({ no: i + 1, line }))
        .filter((l) => l.line.trim() !== "");
    } catch (err) {
      console.error(`无法读取批量文件 / cannot read batch file ${values.batch}: ${err instanceof Error ? err.message : String(err)}`);
      return 2;
    }
  }
  if (json) routeConsoleToStderr();
  const out = (obj: unknown) => process.stdout.write(JSON.stringify(obj) + "\n");

  const config = loadConfig(process.env, { dataDir: values["data-dir"] });
  const knowledge = await openKnowledge(config, { autoIngest: true, quiet: json });
  try {
    if (values.batch) {
      let failures = 0;
      for (const [n, { no, line }] of batchLines.entries()) {
        let id: unknown = null;
        let q = "";
        try {
          const rec = JSON.parse(line) as { id?: unknown; q?: unknown };
          id = rec.id ?? null;
          q = typeof rec.q === "string" ? rec.q : "";
        } catch {
          failures++;
          out({ id: null, q: "", verdict: "unknown", abstained: true, answer: "", citations: [], error: `第 ${no} 行不是合法 JSON / line ${no} is not valid JSON` });
          continue;
        }
        try {
          out(toJsonRecord(id, await knowledge.ask(q)));
        } catch (err) {
          failures++;
          const message = err instanceof QuestionError ? err.message : `错误 / error: ${err instanceof Error ? err.message : String(err)}`;
          out({ id, q, verdict: "unknown", abstained: true, answer: "", citations: [], error: message });
        }
        if (process.stderr.isTTY) process.stderr.write(`\r${n + 1}/${batchLines.length}`);
      }
      if (process.stderr.isTTY) process.stderr.write("\n");
      // Bad lines are reported in-band (an `error` field on their record); every line still got its answer line.
      if (failures) process.stderr.write(`${failures} 行无法回答 / ${failures} line(s) could not be answered (see "error")\n`);
      return 0;
    }
    try {
      const answer = await knowledge.ask(question, { previous: values.previous ?? [] });
      if (json) out(toJsonRecord(null, answer));
      else console.log(renderAnswer(answer));
      return 0;
    } catch (err) {
      if (err instanceof QuestionError) {
        console.error(err.message);
        return 2;
      }
      throw err;
    }
  } finally {
    await knowledge.close();
  }
}
