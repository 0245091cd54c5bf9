/**
 * Categories of what is bought (knowledge/data/categories.json): a question about a concrete object — 建设办公楼,
 * 修道路, buy computers — is also a question about its category (工程, 货物, 融资), which is what the notices rule on
 * ("工程和服务捆绑外包…列入禁止性事项"). The categories are general procurement classes, kept as data.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { projectRoot } from "../config.js";

const CategoriesFileSchema = z.object({
  service_words: z.object({ zh: z.array(z.string().min(1)), en: z.array(z.string().min(1)) }).default({ zh: [], en: [] }),
  categories: z.array(
    z.object({ name: z.string().min(1), en: z.string().min(1), members: z.array(z.string().min(1)), acts: z.array(z.string().min(1)).default([]), en_members: z.array(z.string().min(1)) }),
  ),
});
export type Category = z.infer<typeof CategoriesFileSchema>["categories"][number];

export const CATEGORIES_PATH = path.join(projectRoot, "knowledge", "data", "categories.json");

let cached: Category[] | null = null;
let serviceWords: { zh: string[]; en: string[] } = { zh: [], en: [] };
/** The categories, loaded once; an unreadable file means no categories (the answer path still works). */
export function categories(file = CATEGORIES_PATH): Category[] {
  if (cached && file === CATEGORIES_PATH) return cached;
  let list: Category[] = [];
  try {
    const parsed = CategoriesFileSchema.parse(JSON.parse(readFileSync(file, "utf8")));
    list = parsed.categories;
    if (file === CATEGORIES_PATH) serviceWords = parsed.service_words;
  } catch {
    list = [];
  }
  if (file === CATEGORIES_PATH) cached = list;
  return list;
}

/**
 * The object is named as the place of a service, not as the thing bought: "道路保洁", "办公楼物业管理", "road
 * maintenance", "cleaning of office buildings". A Chinese member followed within a few characters by a service
 * word, or an English question holding one, implies no category.
 */
function servesObject(s: string, member: string, en: boolean): boolean {
  categories();
  if (en) return serviceWords.en.some((w) => new RegExp(`\\b${escape(w)}\\b`, "i").test(s));
  for (let i = s.indexOf(member); i >= 0; i = s.indexOf(member, i + 1)) {
    const after = s.slice(i + member.length, i + member.length + 6);
    if (!serviceWords.zh.some((w) => after.startsWith(w) || after.slice(0, 3).includes(w.slice(0, 2)))) return false;
  }
  return true;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The categories a question names through one of their members but not by name ("可以用…建设办公楼吗" → 工程;
 * "Can we build a road …" → 工程). A question that already names the category needs nothing added.
 */
export function impliedCategories(q: string, list: Category[] = categories()): Category[] {
  const s = q.normalize("NFKC");
  return list.filter((c) => {
    if (namesCategory(s, c)) return false;
    if (c.members.some((m) => s.includes(m) && !servesObject(s, m, false))) return true;
    return c.en_members.some((m) => new RegExp(`\\b${escape(m)}\\b`, "i").test(s) && !servesObject(s, m, true));
  });
}

function namesCategory(s: string, c: Category): boolean {
  return s.includes(c.name) || new RegExp(`\\b${escape(c.en)}\\b`, "i").test(s);
}


/**
 * The retrieval query for a question about a category's object: the objects and their verbs give way to the
 * category's name ("可以用…方式建设办公楼吗" → "可以用…方式 吗 工程"; "build an office building" → "… works"), since the
 * notices speak of the category. Questions without a category are returned unchanged.
 */
export function categoryQuery(q: string, lang: "zh" | "en", list: Category[] = categories()): string {
  const s = q.normalize("NFKC");
  const present = list.filter((c) => impliedCategories(s, [c]).length > 0 || (s.includes(c.name) && c.members.length > 0));
  if (!present.length) return q;
  if (lang === "en") return englishCategoryText(q, list);
  let out = s;
  const words = present.flatMap((c) => [c.name, ...c.members, ...c.acts.filter((a) => a.length >= 2)]).sort((a, b) => b.length - a.length);
  for (const w of words) out = out.split(w).join(" ");
  return `${out.replace(/\s+/g, " ").trim()} ${present.map((c) => c.name).join(" ")}`;
}

/** The object the question names and the category it was read as ("办公楼" → 工程), for the answer to say so. */
export function categoryReadings(q: string, list: Category[] = categories()): { member: string; category: Category }[] {
  const s = q.normalize("NFKC");
  return impliedCategories(s, list).map((c) => {
    const zh = [...c.members].sort((a, b) => b.length - a.length).find((m) => s.includes(m));
    const en = c.en_members.find((m) => new RegExp(`\\b${escape(m)}\\b`, "i").test(s));
    return { member: zh ?? en ?? c.name, category: c };
  });
}

/**
 * An English question with each concrete object replaced by its category's name ("build a school building" →
 * "build a works"), so the glossary places the category and not the object's parts ("school" → 教育).
 */
export function englishCategoryText(q: string, list: Category[] = categories()): string {
  let out = q;
  for (const c of impliedCategories(q, list)) {
    for (const m of [...c.en_members].sort((a, b) => b.length - a.length))
      out = out.replace(new RegExp(`\\b${escape(m)}\\b`, "gi"), ` ${c.en} `);
  }
  return out.replace(/\s+/g, " ").trim();
}
