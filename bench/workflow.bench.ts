/**
 * Approval workflow throughput: full submit → approve flows (科室审核 或签 + 分管领导 会签 = 1 submit + 3 decisions,
 * each one transaction with CAS, audit append and job scheduling) per second on SQLite and on PostgreSQL,
 * sequential and 8 flows in parallel; decision latency p50/p95; scheduler jobs fired per second.
 * The pre-check is a fixed function here (its own latency is in prereview.bench.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { parseRouting } from "../flows/routing.js";
import { outcomeOf, type Checklist, type Proposal } from "../src/prereview/schema.js";
import { openDatabase, type Database } from "../src/store/index.js";
import { createWorkflowService, type WorkflowService } from "../src/workflow/service.js";
import { openAuditTrust } from "../src/audit/index.js";
import { fmtMs, percentile } from "./measure.js";

const routing = parseRouting({
  steps: [
    { name: "科室审核", mode: "any", approvers: ["U_REV1", "U_REV2"] },
    { name: "分管领导", mode: "all", approvers: ["U_HEAD", "U_DEPUTY"] },
  ],
  reminderAfterMinutes: 60,
  escalateAfterMinutes: 180,
  escalateTo: ["U_DIRECTOR"],
});

const prereview = async (p: Proposal): Promise<Checklist> => {
  const checks: Checklist["checks"] = [{ id: "budget_arranged", status: p.budget.arranged ? "pass" : "fail", message: "", citations: [] }];
  return { outcome: outcomeOf(checks), checks };
};

const proposal = {
  title: "社区居家养老上门服务项目",
  service: "为辖区80岁以上独居老人提供助餐、助洁、康复护理等上门服务",
  purchaser: { name: "某区民政局", type: "administrative" },
  budget: { amountYuan: 800000, arranged: true },
  contractor: { name: "某社会工作服务中心", type: "social_organization", rating: "4A", inspectionYearsPassed: 3 },
  procurementMethod: "public_tender",
  contractTermMonths: 12,
  performanceTargets: "服务对象满意度不低于90%",
};

async function flow(wf: WorkflowService, latencies: number[]): Promise<void> {
  const { id } = await wf.submit(proposal, "U_CLERK");
  for (const who of ["U_REV1", "U_HEAD", "U_DEPUTY"]) {
    const t0 = performance.now();
    const r = await wf.decide(id, "approve", who);
    latencies.push(performance.now() - t0);
    if (!r.ok) throw new Error(`${who}: ${r.code}`);
  }
}

async function measure(label: string, db: Database): Promise<void> {
  let t = Date.parse("2026-03-02T01:00:00Z");
  const auditDir = mkdtempSync(path.join(os.tmpdir(), "zhice-bench-audit-"));
  const audit = await openAuditTrust({ dataDir: auditDir, production: false }, db);
  const wf = createWorkflowService({ db, routing, prereview, audit, now: () => new Date(t), ownsDb: false });
  const lat: number[] = [];
  for (let i = 0; i < 5; i++) await flow(wf, []); // warm-up
  const n = 150;
  let t0 = performance.now();
  for (let i = 0; i < n; i++) await flow(wf, lat);
  const seq = n / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  const par = 8;
  await Promise.all(Array.from({ length: par }, async () => {
    for (let i = 0; i < n / par; i++) await flow(wf, []);
  }));
  const parRate = (Math.floor(n / par) * par) / ((performance.now() - t0) / 1000);
  // Scheduler: 100 pending proposals, all jobs due.
  for (let i = 0; i < 100; i++) await wf.submit(proposal, `U_C${i}`);
  t += 1000 * 60_000;
  t0 = performance.now();
  const fired = (await wf.runDueJobs(new Date(t))).fired.length;
  const jobRate = fired / ((performance.now() - t0) / 1000);
  const verified = await wf.verifyAudit();
  console.log(
    `${label.padEnd(10)} flows/s sequential ${seq.toFixed(1).padStart(7)} | 8 parallel ${parRate.toFixed(1).padStart(7)} | ` +
      `decide p50 ${fmtMs(percentile(lat, 50))} p95 ${fmtMs(percentile(lat, 95))} | scheduler ${jobRate.toFixed(0)} jobs/s (${fired}) | audit ${verified.ok ? `ok, ${verified.entries} entries` : "BROKEN"}`,
  );
  await wf.close();
  rmSync(auditDir, { recursive: true, force: true });
}

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "zhice-bench-wf-"));
  try {
    const db = await openDatabase({ dataDir: dir, databaseUrl: undefined });
    await measure("SQLite", db);
    await db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const schema = `zhice_bench_${Date.now().toString(36)}`;
  let db: Database;
  try {
    db = await openDatabase({ dataDir: dir, databaseUrl: url }, { pgSchema: schema });
  } catch (e) {
    console.log(`PostgreSQL skipped: cannot connect to ${url.replace(/\/\/[^@/]*@/, "//")} (${(e as Error).message})`);
    return;
  }
  try {
    await measure("PostgreSQL", db);
  } finally {
    await db.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
}
