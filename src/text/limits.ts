/**
 * The words that set a limit on an amount, read in one place by the verdict (is the asked amount beyond it?), the
 * alignment (a cap limits an amount, it bans no act) and the in-scope evidence (a clause limiting the unit of the
 * question's amount covers it).
 */

/** A ceiling: 不超过3年, 不得超过, 不高于, 最长, 最多. */
export const CEILING = "不得?超过|不高于|最长|最多";
/** A floor: 至少十五年, 不少于, 不低于. */
export const FLOOR = "至少|不少于|不低于";
/** A period to act within: 三十日内, …以内. */
export const WITHIN = "以内|日内|年内|天内";

/** A limit of any kind, including a period to act within. */
export const ANY_LIMIT = new RegExp(`${CEILING}|${FLOOR}|${WITHIN}`);
/** A limit on an amount, not a ban on an act: 不得超过 / 不超过 / 不得少于 / 不得低于 … */
export const CAP = /不得?(?:超过|超出|少于|低于|高于|多于)|不超过|不少于|不低于/;
