/**
 * `zhice manifest [--url https://HOST] [--file manifest.json]` — prints the Slack app manifest to paste into
 * api.slack.com/apps (Create New App → From a manifest). With --url: HTTP mode, every request URL filled in
 * (events, interactivity, each slash command) and Socket Mode off. Without: the manifest as it is (Socket Mode).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "../config.js";
import { ManifestUrlError, manifestWithUrls } from "../slack/manifest-urls.js";
import { parseCli } from "../workflow/cli-context.js";

const USAGE = "用法 / usage: npm run -s zhice -- manifest [--url https://HOST] [--file manifest.json]";

export async function run(argv: string[]): Promise<number> {
  const args = parseCli(argv, { url: { type: "string" }, file: { type: "string" } }, USAGE);
  if (!args) return 2;
  if (args.positionals.length) {
    console.error(`多余的参数 ${args.positionals[0]} / unexpected argument ${args.positionals[0]}\n${USAGE}`);
    return 2;
  }
  const file = args.values.file ?? path.join(projectRoot, "manifest.json");
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code ?? "不是有效的 JSON / not valid JSON";
    console.error(`无法读取清单文件 ${file}（${why}）/ cannot read the manifest ${file} (${why})`);
    return 2;
  }
  try {
    const out = args.values.url === undefined ? manifest : manifestWithUrls(manifest, args.values.url);
    process.stdout.write(JSON.stringify(out, null, 2) + "\n");
    return 0;
  } catch (e) {
    if (!(e instanceof ManifestUrlError)) throw e;
    console.error(`${e.message}\n${USAGE}`);
    return 2;
  }
}
