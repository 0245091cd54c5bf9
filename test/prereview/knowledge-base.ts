/** The real knowledge base for pre-review tests: knowledge/ ingested into a temp data dir. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig, type Config } from "../../src/config.js";
import { openKnowledge, type Knowledge } from "../../src/knowledge/index.js";

export interface TestKnowledge {
  config: Config;
  knowledge: Knowledge;
  dataDir: string;
  close(): Promise<void>;
}

export async function openTestKnowledge(env: Record<string, string> = {}): Promise<TestKnowledge> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "zhice-prereview-"));
  const config = loadConfig({ ZHICE_DATA_DIR: dataDir, ...env } as NodeJS.ProcessEnv);
  const knowledge = await openKnowledge(config, { autoIngest: true, quiet: true });
  return {
    config,
    knowledge,
    dataDir,
    async close() {
      await knowledge.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
