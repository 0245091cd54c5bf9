/**
 * Telling one user something where they are, when the usual reply is not the way (a refusal, a failure): an ephemeral
 * message in the channel (a DM when there is none), else `respond()` through the interaction's response_url, else a
 * DM. Failures are worded for the user, in both languages, with what to do next; the exception itself goes to the log.
 */
import type { BlockAction, Logger, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { View } from "@slack/types";

/** What the user reads when something did not go through; each says how to try again. */
export const FAILURE_TEXT = {
  modal: "⚠️ 表单没能打开，请再试一次 / The form could not be opened — please try again.",
  answer: "⚠️ 回答没能发出，请稍后重新提问 / The answer could not be posted — please ask again in a moment.",
  answerCut: "⚠️ 回答没能完整发出，请稍后重新提问 / The answer was cut off — please ask again in a moment.",
  submit: "⚠️ 提交失败，请稍后再点「提交审批」/ Submitting failed — please click Submit again in a moment.",
  prereview: "⚠️ 预审失败，请稍后重新填写提交 / The pre-review failed — please submit the form again in a moment.",
  action: "⚠️ 操作没能完成，请稍后再试 / That did not go through — please try again in a moment.",
  feedback: "⚠️ 反馈没能记录，请稍后再点一次 / Your feedback was not recorded — please click again in a moment.",
} as const;

/** Where one user can be told something. */
export interface Listener {
  client: WebClient;
  user: string;
  /** The conversation they acted in; without one they get a DM. */
  channel?: string;
  threadTs?: string;
  /** Bolt's respond(), when the request carried a response_url. */
  respond?: RespondFn;
  logger: Pick<Logger, "warn" | "error">;
}

/** Where to tell the user who clicked: ephemeral in the channel, respond() via the click's response_url, or a DM. */
export function clicker(logger: Listener["logger"], client: WebClient, body: BlockAction, respond?: RespondFn): Listener {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const threadTs = (body.message as { thread_ts?: string } | undefined)?.thread_ts;
  return { client, user: body.user.id, channel, threadTs, respond, logger };
}

/** Tell the user `text`, trying each way in turn; never throws. Returns whether it reached them. */
export async function tell(to: Listener, text: string): Promise<boolean> {
  const { client, user, channel, threadTs } = to;
  const ways: [string, () => Promise<unknown>][] = [];
  if (channel) ways.push(["chat.postEphemeral", () => client.chat.postEphemeral({ channel, user, text, ...(threadTs ? { thread_ts: threadTs } : {}) })]);
  if (to.respond) {
    const respond = to.respond;
    ways.push(["respond", () => respond({ response_type: "ephemeral", replace_original: false, text })]);
  }
  ways.push(["chat.postMessage (DM)", () => client.chat.postMessage({ channel: user, text })]);
  for (const [name, send] of ways) {
    try {
      await send();
      return true;
    } catch (e) {
      to.logger.warn(`${name} failed while telling ${user}`, e);
    }
  }
  to.logger.error(`could not reach ${user} by any way: ${text}`);
  return false;
}

/** Open a modal; if Slack refuses (expired trigger, bad view …) log it and tell the user to try again. */
export async function openModal(to: Listener, triggerId: string, view: View): Promise<boolean> {
  try {
    await to.client.views.open({ trigger_id: triggerId, view });
    return true;
  } catch (e) {
    to.logger.error("views.open failed", e);
    await tell(to, FAILURE_TEXT.modal);
    return false;
  }
}
