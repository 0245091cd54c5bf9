/**
 * `zhice kb list [--json]` · `kb retire ID_OR_文号 --reason … [--as USER]` · `kb restore ID_OR_文号 [--as USER]`.
 * list --json prints [{docId, title, docNo, status, clauses, url, addedBy, addedAt, …}]; retire / restore exit 0 when
 * applied, 1 with one line 中文 / English when not (unknown document, already retired / not retired). Every change is
 * in the audit trail.
 */
import { listDocuments, restoreDocument, retireDocument, type AdminOutcome, type KbListItem } from "../knowledge/admin.js";
import { standingNote } from "../knowledge/standing.js";
import { openKbDatabase, locationOf } from "../knowledge/store.js";
import { cliConfig, guardCli, keepStdoutForJson, parseCli } from "../workflow/cli-context.js";

const USAGE = `用法 / usage: npm run -s zhice -- kb list [--json]
       npm run -s zhice -- kb retire ID_OR_文号 --reason 理由 [--as USER] [--json]
       npm run -s zhice -- kb restore ID_OR_文号 [--as USER] [--json]`;

const STATUS_LABEL: Record<KbListItem["status"], string> = { in_force: "有效 / in force", superseded: "已废止 / superseded", retired: "已停用 / retired" };

export function listLine(d: KbListItem): string {
  const no = d.docNo ? ` ${d.docNo}` : "";
  const by = d.status === "superseded" ? standingNote({ status: "superseded", supersededBy: d.supersededBy }) : "";
  const retired = d.status === "retired" && d.retiredReason ? `（${d.retiredReason}）` : "";
  return `${d.docId}  《${d.title}》${no}  ${STATUS_LABEL[d.status]}${by}${retired}  ${d.clauses} 条 / clauses  ${d.date ?? "—"}  ${d.addedBy ?? "—"} @ ${d.addedAt.slice(0, 10)}${d.url ? `  ${d.url}` : ""}`;
}

export function run(argv: string[]): Promise<number> {
  return guardCli(() => runVerb(argv));
}

async function runVerb(argv: string[]): Promise<number> {
  const args = parseCli(argv, { json: { type: "boolean", default: false }, reason: { type: "string" }, as: { type: "string" } }, USAGE);
  if (!args) return 2;
  const [action, ref, ...extra] = args.positionals;
  const json = args.values.json ?? false;
  if (!action || extra.length || (action !== "list" && !ref) || !["list", "retire", "restore"].includes(action)) {
    console.error(USAGE);
    return 2;
  }
  const reason = args.values.reason?.trim();
  if (action === "retire" && !reason) {
    console.error(`停用需要说明理由 / retiring needs a reason (--reason …)\n${USAGE}`);
    return 2;
  }
  keepStdoutForJson(json);
  const config = cliConfig(args.values["data-dir"]);
  const db = await openKbDatabase(locationOf(config));
  try {
    if (action === "list") {
      const docs = await listDocuments(db);
      if (json) process.stdout.write(JSON.stringify(docs) + "\n");
      else if (docs.length === 0) console.log("知识库为空 / the knowledge base is empty");
      else for (const d of docs) console.log(listLine(d));
      return 0;
    }
    const ctx = { db, dataDir: config.dataDir, auditKey: config.auditKey, production: config.production };
    const actor = args.values.as?.trim() || "cli";
    const r: AdminOutcome = action === "retire" ? await retireDocument(ctx, ref!, actor, reason!) : await restoreDocument(ctx, ref!, actor);
    if (json) process.stdout.write(JSON.stringify(r) + "\n");
    if (!r.applied) {
      console.error(`${r.messageZh} / ${r.messageEn}`);
      return 1;
    }
    if (!json) console.log(`${action === "retire" ? "已停用 / retired" : "已恢复 / restored"}: ${listLine(r.doc)}`);
    return 0;
  } finally {
    await db.close();
  }
}
