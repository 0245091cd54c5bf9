/**
 * `zhice backup DIR` — a consistent copy of the store while zhice runs, with what verifies it:
 *  - SQLite: DIR/zhice.db through SQLite's online backup API, after signing a fresh audit checkpoint;
 *  - both stores: the marker and audit-checkpoints.jsonl of the data dir;
 *  - PostgreSQL: the database itself is dumped with pg_dump (the command is printed; exit 2 until it is run).
 * The audit key is never copied: keep ZHICE_AUDIT_KEY (or DATA_DIR/audit.key) somewhere else. Restore: README.
 */
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { CHECKPOINT_FILE } from "../audit/trust.js";
import { markerPath, storeIdOf } from "../store/marker.js";
import { cliConfig, guardCli, openWorkflowWithoutPrereview, parseCli } from "../workflow/cli-context.js";

const USAGE = "用法 / usage: npm run -s zhice -- backup DIR [--data-dir DIR]";

export function run(argv: string[]): Promise<number> {
  return guardCli(() => runVerb(argv));
}

async function runVerb(argv: string[]): Promise<number> {
  const args = parseCli(argv, {}, USAGE);
  if (!args) return 2;
  const [target, ...extra] = args.positionals;
  if (!target || extra.length) {
    console.error(USAGE);
    return 2;
  }
  const dir = path.resolve(target);
  const config = cliConfig(args.values["data-dir"]);
  if (existsSync(path.join(dir, "zhice.db")) || existsSync(path.join(dir, CHECKPOINT_FILE))) {
    console.error(`备份目录 ${dir} 已有备份，请换一个新目录 / the backup dir ${dir} already holds a backup; use a new directory`);
    return 2;
  }
  mkdirSync(dir, { recursive: true });
  const wf = await openWorkflowWithoutPrereview(config);
  try {
    await wf.checkpointAudit(); // the copy's newest entries are covered by a checkpoint that travels with it
    const storeId = await storeIdOf(wf.db);
    // Checkpoints first, the database after: every copied checkpoint is then within the copied trail.
    const copied: string[] = [];
    for (const file of [markerPath(config.dataDir, storeId), path.join(config.dataDir, CHECKPOINT_FILE)])
      if (existsSync(file)) {
        copyFileSync(file, path.join(dir, path.basename(file)));
        copied.push(path.basename(file));
      }
    if (wf.db.backup) await wf.db.backup(path.join(dir, "zhice.db"));
    const keyNote = config.auditKey
      ? "审计密钥 ZHICE_AUDIT_KEY 未复制，请另行保管 / the audit key (ZHICE_AUDIT_KEY) is not copied: keep it elsewhere"
      : `审计密钥 ${path.join(config.dataDir, "audit.key")} 未复制，请另行保管 / the audit key ${path.join(config.dataDir, "audit.key")} is not copied: keep it elsewhere`;
    if (wf.db.dialect === "sqlite") {
      process.stdout.write(`已备份到 ${dir}：zhice.db、${copied.join("、")} / backed up to ${dir}: zhice.db, ${copied.join(", ")}\n${keyNote}\n`);
      return 0;
    }
    const schema = (await wf.db.query<{ s: string }>("SELECT current_schema() AS s"))[0]?.s ?? "public";
    const dump = `pg_dump --format=custom --schema=${schema} --file=${path.join(dir, "zhice.dump")} "$DATABASE_URL"`;
    process.stdout.write(`已复制 ${copied.join("、")} 到 ${dir} / copied ${copied.join(", ")} to ${dir}\n${keyNote}\n`);
    console.error(`PostgreSQL 数据库请用 pg_dump 备份 / back the PostgreSQL database up with pg_dump:\n  ${dump}`);
    return 2;
  } finally {
    await wf.close();
  }
}
