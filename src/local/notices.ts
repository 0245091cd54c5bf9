/**
 * How the local mode shows workflow notifications: one line each ("📨 → USER: …"), a rejection's or a change
 * request's reason included. Notices caused by the command being handled are printed after its answer; notices that
 * arrive on their own (the scheduler's reminders and escalations) are handed to `live` at once, so the terminal can
 * print them above the prompt instead of waiting for the next input.
 */
import type { Notification, WorkflowService } from "../workflow/index.js";

export function notificationLine(n: Notification): string {
  // the decision carries the reason; the state change that follows it does not repeat it
  const why = n.reason && n.kind === "decided" ? `\n   理由 / reason: ${n.reason}` : "";
  return `📨 → ${n.recipients.join(", ")}: ${n.messageZh} / ${n.messageEn}${why}`;
}

export class Notices {
  private readonly held: string[] = [];
  private busy = 0;
  private readonly unsubscribe: () => void;

  constructor(
    workflow: Pick<WorkflowService, "onNotify">,
    /** Where notices go when no command is being handled; without it they wait for the next command's answer. */
    private readonly live?: (line: string) => void,
  ) {
    this.unsubscribe = workflow.onNotify((n) => {
      // A refusal is already the answer to the command that caused it: printing its notification too would say it twice.
      if (n.kind === "refused") return;
      const line = notificationLine(n);
      if (this.busy === 0 && this.live) this.live(line);
      else this.held.push(line);
    });
  }

  /** Runs one command; the notices it caused come back with its output. */
  async during<T extends { output: string }>(run: () => Promise<T>): Promise<T> {
    this.busy++;
    try {
      const out = await run();
      return { ...out, output: [out.output, ...this.held.splice(0)].filter(Boolean).join("\n") };
    } finally {
      this.busy--;
    }
  }

  close(): void {
    this.unsubscribe();
  }
}
