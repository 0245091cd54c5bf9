/**
 * `/prereview` where it is typed: `help` explains it there; a pre-review started in a channel points there to the DM
 * the checklist went to (nothing is posted in the channel for everyone), and one started in the DM needs no pointer.
 */
import { describe, expect, it } from "vitest";
import { PREREVIEW_CALLBACK } from "../../src/slack/blocks/modals.js";
import { formValues, useRig, viewSubmission } from "./harness.js";

const rig = useRig();

async function prereviewFrom(channel: string, title: string) {
  const opened = rig.api.callsTo("views.open").length;
  await rig.command({ command: "/prereview", text: "", user_id: "U_STAFF", channel_id: channel, trigger_id: `trig.${title}` });
  const view = (await rig.api.waitFor(() => rig.api.callsTo("views.open")[opened], "modal")).args.view;
  await rig.interact(viewSubmission({ user: "U_STAFF", callbackId: PREREVIEW_CALLBACK, values: formValues({ title: { value: { type: "plain_text_input", value: title } } }), privateMetadata: view.private_metadata }));
  return rig.api.waitFor(() => rig.api.callsTo("chat.postMessage").find((c) => c.args.channel === "U_STAFF" && String(c.args.text).includes(title)), "checklist in the DM");
}

describe("/prereview", () => {
  it("`/prereview help` explains the command where it was typed, without opening the form", async () => {
    const opened = rig.api.callsTo("views.open").length;
    await rig.command({ command: "/prereview", text: "help", user_id: "U_STAFF", channel_id: "C_POLICY", trigger_id: "trig.help" });
    const help = await rig.api.waitFor(() => rig.api.callsTo("chat.postEphemeral").find((c) => c.args.channel === "C_POLICY" && String(c.args.text).includes("/prereview")), "help");
    expect(help.args.user).toBe("U_STAFF");
    expect(help.args.text).toContain("禁止性事项");
    expect(help.args.text).toContain("prohibited matters");
    expect(rig.api.callsTo("views.open").length).toBe(opened);
  });

  it("started in a channel: the checklist goes to the DM and the channel gets a pointer only the user sees", async () => {
    await prereviewFrom("C_POLICY", "职业技能培训项目（频道）");
    const pointer = await rig.api.waitFor(() => rig.api.callsTo("chat.postEphemeral").find((c) => c.args.channel === "C_POLICY" && String(c.args.text).includes("职业技能培训项目（频道）")), "pointer");
    expect(pointer.args.user).toBe("U_STAFF");
    expect(pointer.args.text).toContain("私信");
    expect(rig.api.callsTo("chat.postMessage").filter((c) => c.args.channel === "C_POLICY")).toEqual([]);
  });

  it("started in the DM with the bot: no pointer, the checklist is already there", async () => {
    const updates = rig.api.callsTo("views.update").length;
    await prereviewFrom("DU_STAFF", "职业技能培训项目（私信）");
    // the modal's outcome is shown after any pointer would have been sent
    await rig.api.waitFor(() => rig.api.callsTo("views.update").slice(updates).find((c) => JSON.stringify(c.args.view).includes("职业技能培训项目（私信）")), "outcome in the modal");
    expect(rig.api.callsTo("chat.postEphemeral").filter((c) => String(c.args.text).includes("职业技能培训项目（私信）"))).toEqual([]);
  });
});
