/**
 * Every setting zhice reads, validated once at start-up. This is the only module that reads process.env.
 * A bad value stops start-up with a message that names the variable (see ConfigError).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const optionalUrl = optionalString.refine((v) => v === undefined || /^https?:\/\/\S+$/.test(v), {
  message: "必须是 http(s) 地址 / must be an http(s) URL",
});

const positiveInt = (def: number) =>
  optionalString
    .refine((v) => v === undefined || /^\d+$/.test(v), { message: "必须是非负整数 / must be a whole number" })
    .transform((v) => (v === undefined ? def : Number(v)));

const boolFlag = (def: boolean) =>
  optionalString
    .refine((v) => v === undefined || /^(1|0|true|false|yes|no|on|off)$/i.test(v), {
      message: "必须是 true 或 false / must be true or false",
    })
    .transform((v) => (v === undefined ? def : /^(1|true|yes|on)$/i.test(v)));

export const EnvSchema = z.object({
  ZHICE_DATA_DIR: optionalString,
  ZHICE_KNOWLEDGE_DIR: optionalString,
  ZHICE_ROUTING_FILE: optionalString,
  ZHICE_LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).optional().default("info"),
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: "必须是 postgres:// 或 postgresql:// 地址 / must be a postgres:// or postgresql:// URL",
  }),
  /** Embeddings: "local" (corpus-derived hashed TF-IDF + LSA, offline), "openai" (any OpenAI-compatible /embeddings endpoint), "onnx" (a local model directory via @huggingface/transformers). */
  ZHICE_EMBEDDINGS: z.enum(["local", "openai", "onnx"]).optional().default("local"),
  ZHICE_EMBEDDINGS_MODEL: optionalString,
  ZHICE_EMBEDDINGS_BASE_URL: optionalUrl,
  ZHICE_EMBEDDINGS_API_KEY: optionalString,
  ZHICE_ONNX_MODEL_DIR: optionalString,
  /** LLM: off unless a base URL is given. */
  ZHICE_LLM_BASE_URL: optionalUrl,
  ZHICE_LLM_API_KEY: optionalString,
  ZHICE_LLM_MODEL: optionalString,
  ZHICE_LLM_TIMEOUT_MS: positiveInt(20_000),
  /** Slack */
  SLACK_BOT_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith("xoxb-"), {
    message: "必须以 xoxb- 开头 / must start with xoxb-",
  }),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith("xapp-"), {
    message: "必须以 xapp- 开头 / must start with xapp-",
  }),
  SLACK_API_URL: optionalUrl,
  /** The proxy for Slack's Web API and Socket Mode (curl's variables; lower case too). */
  HTTPS_PROXY: optionalString,
  https_proxy: optionalString,
  HTTP_PROXY: optionalString,
  http_proxy: optionalString,
  NO_PROXY: optionalString,
  no_proxy: optionalString,
  PORT: positiveInt(3000),
  ZHICE_SCHEDULER_INTERVAL_MS: positiveInt(15_000),
  ZHICE_STREAMING: boolFlag(true),
  /** Secret for the audit trail's keyed entries and signed checkpoints (kept outside the database). */
  ZHICE_AUDIT_KEY: optionalString.refine((v) => v === undefined || v.length >= 32, {
    message: "至少 32 个字符（例如 openssl rand -hex 32 的输出）/ must be at least 32 characters (e.g. the output of openssl rand -hex 32)",
  }),
  /** production: ZHICE_AUDIT_KEY is required (no key is generated). */
  NODE_ENV: optionalString,
  /** Ingest: per-file limits (a file over either is refused by name; the others still ingest). */
  ZHICE_INGEST_MAX_EXPANDED_MB: positiveInt(50).refine((v) => v >= 1, { message: "至少为 1 / must be at least 1" }),
  /** Knowledge admins: Slack user ids (comma or space separated) who may add, retire and restore notices. */
  ZHICE_KB_ADMINS: optionalString.refine((v) => v === undefined || /^[A-Za-z0-9_]+([\s,]+[A-Za-z0-9_]+)*$/.test(v), {
    message: "必须是以逗号分隔的 Slack 用户 ID / must be Slack user ids separated by commas",
  }),
  /** Channel (id) where imported notices are announced; unset: no announcement. */
  ZHICE_KB_CHANNEL: optionalString,
  /** How often a replica checks the knowledge base's revision (PostgreSQL NOTIFY reloads at once; 0 = only on ask). */
  ZHICE_KB_POLL_MS: positiveInt(2_000),
  ZHICE_INGEST_PARSE_TIMEOUT_MS: positiveInt(60_000).refine((v) => v >= 1, { message: "至少为 1 / must be at least 1" }),
});

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {
  constructor(public readonly issues: { variable: string; message: string }[]) {
    super(
      "配置错误 / Invalid configuration:\n" +
        issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export interface Config {
  root: string;
  dataDir: string;
  knowledgeDir: string;
  routingFile: string;
  logLevel: Env["ZHICE_LOG_LEVEL"];
  databaseUrl?: string;
  embeddings: {
    kind: Env["ZHICE_EMBEDDINGS"];
    model?: string;
    baseUrl?: string;
    apiKey?: string;
    onnxModelDir?: string;
  };
  llm?: { baseUrl: string; apiKey: string; model: string; timeoutMs: number };
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl?: string;
    port: number;
    streaming: boolean;
    /** HTTPS_PROXY / HTTP_PROXY / NO_PROXY: how the Web API and the Socket Mode connection reach Slack. */
    proxy: { https?: string; http?: string; noProxy?: string };
  };
  schedulerIntervalMs: number;
  /** ZHICE_AUDIT_KEY; without it a key is generated under the data dir (refused in production). */
  auditKey?: string;
  /** NODE_ENV=production. */
  production: boolean;
  /** per-file ingest limits: unpacked size / extracted text (bytes) and .docx/.pdf parse time (ms) */
  ingest: { maxExpandedBytes: number; parseTimeoutMs: number };
  /** knowledge base administration */
  kb: { admins: string[]; channel?: string; pollMs: number };
}

/** The repository root (where package.json lives), independent of the working directory. */
export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

/** zod's own messages (enums, types) in Chinese with English alongside; our refinements are bilingual already. */
function bilingual(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value" && "values" in issue) {
    const options = issue.values.map(String).join(" | ");
    return `取值无效，可选 ${options} / must be one of ${options}`;
  }
  if (issue.code === "invalid_type") return `类型无效 / ${issue.message}`;
  return issue.message;
}

/**
 * Reads `.env` from the working directory, if there is one, into `env` — variables already set in the environment win.
 * Called once by the entry points (npm start, the zhice CLI), so a copied `.env.example` is honoured.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env, file = path.join(process.cwd(), ".env")): string[] {
  if (!existsSync(file)) return [];
  const values = parseEnv(readFileSync(file, "utf8"));
  const applied: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (env[key] === undefined) {
      env[key] = value;
      applied.push(key);
    }
  }
  return applied;
}

let dotEnvLoaded = false;

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { dataDir?: string } = {},
): Config {
  if (env === process.env && !dotEnvLoaded) {
    dotEnvLoaded = true;
    loadDotEnv(env);
  }
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? "?"), message: bilingual(i) })));
  }
  const e = parsed.data;
  const issues: { variable: string; message: string }[] = [];
  if (e.ZHICE_EMBEDDINGS === "openai" && !e.ZHICE_EMBEDDINGS_BASE_URL && !e.ZHICE_LLM_BASE_URL)
    issues.push({ variable: "ZHICE_EMBEDDINGS_BASE_URL", message: "ZHICE_EMBEDDINGS=openai 时必填 / required when ZHICE_EMBEDDINGS=openai" });
  if (e.ZHICE_EMBEDDINGS === "onnx" && !e.ZHICE_ONNX_MODEL_DIR)
    issues.push({ variable: "ZHICE_ONNX_MODEL_DIR", message: "ZHICE_EMBEDDINGS=onnx 时必填 / required when ZHICE_EMBEDDINGS=onnx" });
  if (e.SLACK_BOT_TOKEN && !e.SLACK_SIGNING_SECRET && !e.SLACK_APP_TOKEN)
    issues.push({
      variable: "SLACK_SIGNING_SECRET",
      message:
        "HTTP 模式下与 SLACK_BOT_TOKEN 一起必填（或设置 SLACK_APP_TOKEN 使用 Socket Mode）/ required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)",
    });
  if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN)
    issues.push({ variable: "SLACK_BOT_TOKEN", message: "Socket Mode 下与 SLACK_APP_TOKEN 一起必填 / required with SLACK_APP_TOKEN (Socket Mode)" });
  if (issues.length) throw new ConfigError(issues);

  const root = projectRoot;
  const dataDir = path.resolve(overrides.dataDir ?? e.ZHICE_DATA_DIR ?? path.join(process.cwd(), ".zhice"));
  return {
    root,
    dataDir,
    knowledgeDir: path.resolve(e.ZHICE_KNOWLEDGE_DIR ?? path.join(root, "knowledge")),
    routingFile: path.resolve(e.ZHICE_ROUTING_FILE ?? path.join(root, "flows", "routing.default.json")),
    logLevel: e.ZHICE_LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    embeddings: {
      kind: e.ZHICE_EMBEDDINGS,
      model: e.ZHICE_EMBEDDINGS_MODEL,
      baseUrl: e.ZHICE_EMBEDDINGS_BASE_URL ?? e.ZHICE_LLM_BASE_URL,
      apiKey: e.ZHICE_EMBEDDINGS_API_KEY ?? e.ZHICE_LLM_API_KEY,
      onnxModelDir: e.ZHICE_ONNX_MODEL_DIR,
    },
    llm: e.ZHICE_LLM_BASE_URL
      ? {
          baseUrl: e.ZHICE_LLM_BASE_URL,
          apiKey: e.ZHICE_LLM_API_KEY ?? "not-needed",
          model: e.ZHICE_LLM_MODEL ?? "deepseek-chat",
          timeoutMs: e.ZHICE_LLM_TIMEOUT_MS,
        }
      : undefined,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      port: e.PORT,
      streaming: e.ZHICE_STREAMING,
      proxy: { https: e.HTTPS_PROXY ?? e.https_proxy, http: e.HTTP_PROXY ?? e.http_proxy, noProxy: e.NO_PROXY ?? e.no_proxy },
    },
    schedulerIntervalMs: e.ZHICE_SCHEDULER_INTERVAL_MS,
    auditKey: e.ZHICE_AUDIT_KEY,
    production: e.NODE_ENV === "production",
    ingest: { maxExpandedBytes: e.ZHICE_INGEST_MAX_EXPANDED_MB * 2 ** 20, parseTimeoutMs: e.ZHICE_INGEST_PARSE_TIMEOUT_MS },
    kb: { admins: (e.ZHICE_KB_ADMINS ?? "").split(/[\s,]+/).filter(Boolean), channel: e.ZHICE_KB_CHANNEL, pollMs: e.ZHICE_KB_POLL_MS },
  };
}
