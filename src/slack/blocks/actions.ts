/** Action ids shared between block builders and listeners that do not belong to one builder. */
export const PREREVIEW_OPEN_ACTION = "prereview_open";
