/** Action ids shared between block builders and listeners that do not belong to one builder. */
export const PREREVIEW_OPEN_ACTION = "prereview_open";
/** On the submitter's DM when changes were requested: opens the pre-review modal pre-filled, to revise and resubmit. */
export const RESUBMIT_OPEN_ACTION = "proposal_revise";
/** On the submitter's notes and App Home while pending: withdraw the proposal (with a confirmation dialog). */
export const WITHDRAW_ACTION = "proposal_withdraw";
