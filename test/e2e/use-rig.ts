/** The e2e rig as a test file's fixture (kept apart from harness.ts, which the Slack bench also uses outside vitest). */
import { afterAll, beforeAll } from "vitest";
import { startRig, type Rig } from "./harness.js";

/** A rig started before the file's tests and closed after them; call the returned function for it. */
export function useRig(opts: Parameters<typeof startRig>[0] = {}): () => Rig {
  let rig: Rig | undefined;
  beforeAll(async () => {
    rig = await startRig(opts);
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });
  return () => rig!;
}
