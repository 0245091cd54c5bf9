import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

describe("configuration", () => {
  it("runs with no variables at all: local mode, offline embeddings, no LLM", () => {
    const c = loadConfig({}, { dataDir: "/tmp/zhice-config-test" });
    expect(c.embeddings.kind).toBe("local");
    expect(c.llm).toBeUndefined();
    expect(c.slack.botToken).toBeUndefined();
    expect(c.dataDir).toBe("/tmp/zhice-config-test");
  });

  it("names the variable when a value is bad", () => {
    const bad = () => loadConfig({ PORT: "eighty", ZHICE_EMBEDDINGS: "word2vec" });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (e) {
      expect((e as Error).message).toContain("PORT");
      expect((e as Error).message).toContain("ZHICE_EMBEDDINGS");
    }
  });

  it("audit key: at least 32 characters; NODE_ENV=production marks production mode", () => {
    expect(() => loadConfig({ ZHICE_AUDIT_KEY: "short" })).toThrow(/ZHICE_AUDIT_KEY.*32/);
    const c = loadConfig({ ZHICE_AUDIT_KEY: "k".repeat(32), NODE_ENV: "production" });
    expect(c).toMatchObject({ auditKey: "k".repeat(32), production: true });
    expect(loadConfig({}).production).toBe(false);
  });

  it("refuses half a Slack configuration and says which variable is missing", () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ SLACK_APP_TOKEN: "xapp-1" })).toThrow(/SLACK_BOT_TOKEN/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  });

  it("switches the LLM on only with a base URL", () => {
    const c = loadConfig({ ZHICE_LLM_BASE_URL: "http://127.0.0.1:9/v1", ZHICE_LLM_MODEL: "qwen" });
    expect(c.llm).toMatchObject({ baseUrl: "http://127.0.0.1:9/v1", model: "qwen" });
  });
});

describe("configuration messages and .env", () => {
  it("explains an invalid choice in Chinese with English alongside, listing the options", () => {
    try {
      loadConfig({ ZHICE_LOG_LEVEL: "verbose" });
      expect.unreachable("a bad ZHICE_LOG_LEVEL must stop start-up");
    } catch (e) {
      expect((e as Error).message).toMatch(/ZHICE_LOG_LEVEL: 取值无效，可选 debug \| info \| warn \| error \/ must be one of/);
    }
  });

  it("reads a .env file without overriding variables already set", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { loadDotEnv } = await import("../../src/config.js");
    const dir = mkdtempSync(path.join(tmpdir(), "zhice-env-"));
    const file = path.join(dir, ".env");
    writeFileSync(file, "PORT=4000\nZHICE_LOG_LEVEL=debug\n# comment\nZHICE_LLM_MODEL=qwen-plus\n");
    const env: NodeJS.ProcessEnv = { ZHICE_LOG_LEVEL: "warn" };
    const applied = loadDotEnv(env, file);
    expect(applied.sort()).toEqual(["PORT", "ZHICE_LLM_MODEL"]);
    expect(env.ZHICE_LOG_LEVEL).toBe("warn");
    expect(loadConfig(env).slack.port).toBe(4000);
  });
});
