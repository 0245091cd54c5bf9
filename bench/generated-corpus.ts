/** A generated corpus for the benches: notices made of the real notices' sentences, recombined (deterministic). */
import fs from "node:fs";
import path from "node:path";
import type { Clause } from "../src/knowledge/schema.js";

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CN_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** Write notices made of real sentences recombined: 10 chapters × 10 items each (≥ 100 clauses per file). */
export function generateCorpus(dir: string, clauses: Clause[], target: number): number {
  const sentences = [
    ...new Set(
      clauses.flatMap((c) =>
        c.text
          .replace(/^\s*[（(][一二三四五六七八九十]+[)）]|^[一二三四五六七八九十]+[、是]|^\d+[.、]/, "")
          .split(/(?<=[。；！？])/)
          .map((s) => s.trim())
          .filter((s) => s.length >= 8 && s.length <= 160),
      ),
    ),
  ];
  const rand = prng(7);
  const pick = () => sentences[Math.floor(rand() * sentences.length)]!;
  fs.mkdirSync(dir, { recursive: true });
  const perFile = 100;
  const files = Math.ceil(target / perFile);
  for (let f = 0; f < files; f++) {
    const lines = [`标题：关于合成测试第${f + 1}号政府购买服务事项的通知`, `文号：合成〔2099〕${f + 1}号`, ""];
    for (let ch = 0; ch < 10; ch++) {
      lines.push(`${CN_NUM[ch]}、${pick().replace(/[。；！？]$/, "")}`);
      for (let it = 0; it < 10; it++) {
        const n = 1 + Math.floor(rand() * 3);
        lines.push(`（${CN_NUM[it]}）${Array.from({ length: n }, pick).join("")}`);
      }
    }
    fs.writeFileSync(path.join(dir, `gen-${String(f).padStart(5, "0")}.txt`), lines.join("\n") + "\n");
  }
  return files;
}

