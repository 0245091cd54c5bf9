/**
 * The local mode's terminal loop (node:readline): works interactively (a prompt, TTY) and with piped stdin (each line
 * is echoed after its prompt so the output reads as a transcript; lines handled in order; end of input ends the session).
 */
import { clearLine, createInterface, cursorTo, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Core } from "../core.js";
import { forTerminal } from "../text/terminal.js";
import { HELP, LocalSession } from "./session.js";

export const DEFAULT_LOCAL_USER = "U_STAFF";

export async function runLocal(
  core: Pick<Core, "knowledge" | "prereview" | "workflow">,
  io: { input: Readable & { isTTY?: boolean }; output: Writable; user?: string; onReady?: () => void } = { input: process.stdin, output: process.stdout },
): Promise<number> {
  const tty = !!io.input.isTTY;
  let rl: Interface | null = null;
  // A notice that arrives between commands (a reminder, an escalation) is printed at once: on a terminal above the
  // prompt, which is then redrawn with what was being typed; piped, as its own transcript line.
  const notice = (line: string) => {
    if (tty && rl) {
      clearLine(io.output, 0);
      cursorTo(io.output, 0);
      write(line);
      rl.prompt(true);
    } else write(line);
  };
  const session = new LocalSession(core, { user: io.user ?? DEFAULT_LOCAL_USER, onNotice: notice });
  io.onReady?.();
  // what the session prints carries titles and reasons from users and notices: no terminal control sequences
  const write = (text: string) => {
    const s = forTerminal(text);
    if (s) io.output.write(s.endsWith("\n") ? s : `${s}\n`);
  };
  write(`知策 · 本地模式（未设置 Slack 令牌）/ zhice local mode (no Slack tokens set) — 当前用户 / user: ${session.user}`);
  write(tty ? HELP : "输入 /help 查看命令 / type /help for commands");
  rl = createInterface({ input: io.input, output: tty ? io.output : undefined, terminal: tty });
  if (tty) {
    rl.setPrompt(forTerminal(session.prompt()));
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      if (!tty) write(`${session.prompt()}${line}`); // piped input: a readable transcript (prompt + what was "typed")
      let result: { output: string; quit?: boolean };
      try {
        result = await session.handle(line);
      } catch (e) {
        result = { output: `⚠️ 出错了 / error: ${e instanceof Error ? e.message : String(e)}` };
      }
      write(result.output);
      if (result.quit) break;
      if (tty) {
        rl.setPrompt(forTerminal(session.prompt()));
        rl.prompt();
      }
    }
  } finally {
    rl.close();
    session.close();
  }
  return 0;
}
