/**
 * `zhice audit verify` — checks the hash chain, the entries' key signatures, the signed checkpoints, the protective
 * triggers and each proposal's state against its audit events; exits 1 naming every problem found.
 * `zhice audit export [--format csv|json] [--proposal ID] [--out FILE]` — the trail as CSV (default json).
 */
import { writeFileSync } from "node:fs";
import { AUDIT_FORMATS, type AuditFormat } from "../audit/export.js";
import { cliConfig, keepStdoutForJson, openWorkflowWithoutPrereview, parseCli, guardCli } from "../workflow/cli-context.js";

const USAGE = "用法 / usage: npm run -s zhice -- audit verify [--json] | export [--format csv|json] [--proposal ID] [--out FILE] [--data-dir DIR]";

export function run(argv: string[]): Promise<number> {
  return guardCli(() => runVerb(argv));
}

async function runVerb(argv: string[]): Promise<number> {
  const args = parseCli(
    argv,
    { format: { type: "string", default: "json" }, proposal: { type: "string" }, out: { type: "string" }, json: { type: "boolean", default: false } },
    USAGE,
  );
  if (!args) return 2;
  const [sub, ...extra] = args.positionals;
  const format = args.values.format ?? "json";
  if (!sub || !["verify", "export"].includes(sub) || extra.length) {
    console.error(USAGE);
    return 2;
  }
  if (!(AUDIT_FORMATS as readonly string[]).includes(format)) {
    console.error(`不支持的导出格式 ${format}，支持：${AUDIT_FORMATS.join("、")} / unsupported export format ${format}; supported: ${AUDIT_FORMATS.join(", ")}\n${USAGE}`);
    return 2;
  }
  keepStdoutForJson(args.values.json || sub === "export");
  // verify opens a store that disagrees with its marker too: naming what is wrong is its job.
  const wf = await openWorkflowWithoutPrereview(cliConfig(args.values["data-dir"]), { inspect: sub === "verify" });
  try {
    if (sub === "verify") {
      const r = await wf.verifyAudit();
      if (args.values.json) process.stdout.write(JSON.stringify(r) + "\n");
      if (!r.ok) {
        console.error(`审计链校验失败：${r.messageZh} / audit verification failed: ${r.messageEn}`);
        for (const f of r.findings.slice(1)) console.error(`  ${f.messageZh} / ${f.messageEn}`);
        return 1;
      }
      if (!args.values.json)
        process.stdout.write(`审计链完整，共 ${r.entries} 条记录，${r.checkpoints} 个已签名检查点 / audit chain intact: ${r.entries} entries, ${r.checkpoints} signed checkpoints\n`);
      return 0;
    }
    const text = await wf.exportAudit(format as AuditFormat, { proposalId: args.values.proposal });
    if (args.values.out) writeFileSync(args.values.out, text);
    else process.stdout.write(text);
    return 0;
  } finally {
    await wf.close();
  }
}
