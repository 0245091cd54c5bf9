/**
 * The `zhice` command: `npm run -s zhice -- VERB …`. Each verb lives in its own module (src/cli/VERB.ts)
 * exporting `run(argv: string[]): Promise<number>` (the exit code).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { guardTerminalWrites } from "../text/terminal.js";
import { userFacingError } from "./user-errors.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const verbs = ["ingest", "ask", "eval", "prereview", "submit", "proposals", "decide", "remind", "audit", "backup", "manifest", "kb"] as const;

const usage = `用法 / usage: npm run -s zhice -- <verb> [options]
  ingest [PATH…] [--preview] [--url URL] [--as USER]  导入政策文件（--preview 只预览） / ingest notices (--preview: dry run)
  kb list [--json] · kb retire ID_OR_文号 --reason … · kb restore ID_OR_文号   知识库管理 / manage the knowledge base
  ask "QUESTION" [--json] [--data-dir DIR]        提问 / ask a question
  ask --json --batch FILE.jsonl                   批量提问 / batch questions
  eval [FILE.jsonl]                               开发集评测 / evaluate on a question set
  prereview [--json] FILE.json                    项目预审 / pre-review a proposal
  submit FILE.json --as USER [--json] [--key K]   提交审批 / submit for approval (--key: idempotent)
  proposals [list|show ID] [--json]               查看项目 / list or show proposals
  decide ID approve|reject|request_changes|withdraw|transfer --as USER [--reason …] [--to USER]
  remind ID --as USER                             催办 / remind approvers
  remind --due [--json]                           触发到期的催办与升级（供 cron 使用）/ fire due reminders and escalations (for cron)
  audit verify|export [--format csv|json]         审计 / audit trail
  backup DIR                                      备份 / back up the store (restore: README)
  manifest [--url https://HOST]                   打印 Slack 应用清单（--url：HTTP 模式，填好请求地址）/ print the Slack app manifest (--url: HTTP mode, request URLs filled in)`;

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === "help" || verb === "--help" || verb === "-h") {
    console.log(usage);
    return verb ? 0 : 2;
  }
  if (!(verbs as readonly string[]).includes(verb)) {
    console.error(`未知命令 / unknown command: ${verb}\n\n${usage}`);
    return 2;
  }
  const file = path.join(here, `${verb}.ts`);
  if (!existsSync(file) && !existsSync(file.replace(/\.ts$/, ".js"))) {
    console.error(`命令尚未实现 / not implemented yet: ${verb}`);
    return 2;
  }
  const mod = (await import(`./${verb}.js`)) as { run(argv: string[]): Promise<number> };
  return mod.run(rest);
}

/**
 * Titles, reasons and file names come from users and documents: what the command prints for people is stripped of
 * terminal control sequences. --json output (escaped by JSON) and `audit export` (data) are left as they are.
 */
function guardOutput(argv: string[]): void {
  guardTerminalWrites(process.stderr);
  const data = argv.includes("--json") || (argv[0] === "audit" && argv[1] === "export");
  if (!data) guardTerminalWrites(process.stdout);
}

const isEntry = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  guardOutput(process.argv.slice(2));
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      const known = userFacingError(err);
      if (known) console.error(known.message);
      else console.error(`错误 / error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      process.exitCode = known?.exitCode ?? 1;
    },
  );
}
