/**
 * The knowledge façade the faces use: open once (indexes loaded and kept warm), then ask / search.
 * On an empty data dir it ingests config.knowledgeDir first (unless autoIngest is false).
 */
import type { Config } from "../config.js";
import { answerQuestion, type AnswerDeps, type AnswerOptions } from "../answer/index.js";
import type { Answer } from "../answer/schema.js";
import { ensureIngested } from "../ingest/ingest.js";
import { HybridRetriever } from "../retrieval/hybrid.js";
import type { QueryAnalysis } from "../retrieval/query.js";
import type { Hit } from "./hit.js";
import type { Clause, Document } from "./schema.js";
import { loadCorpus } from "./store.js";

export interface Knowledge {
  /** One cited answer; `previous` (the asker's earlier questions in the conversation) reads a follow-up with them. */
  ask(q: string, opts?: AnswerOptions): Promise<Answer>;
  search(q: string, k?: number): Promise<Hit[]>;
  documents(): Document[];
  clauseCount(): number;
  /** Re-read the corpus from the data dir (after an ingest) and reopen the indexes. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

interface Corpus {
  documents: Document[];
  clauses: Clause[];
  version: string;
}

interface Loaded {
  corpus: Corpus;
  retriever: HybridRetriever | null;
}

async function load(config: Config, opts: { autoIngest: boolean; quiet: boolean }): Promise<Loaded> {
  let corpus = (await loadCorpus(config.dataDir)) as Corpus | null;
  if ((!corpus || corpus.clauses.length === 0) && opts.autoIngest) {
    if (!opts.quiet) process.stderr.write(`首次使用，正在导入知识库 / first use, ingesting ${config.knowledgeDir} …\n`);
    const report = await ensureIngested(config);
    if (report && !opts.quiet) {
      for (const f of report.failed) process.stderr.write(`  导入失败 / failed: ${f.file}: ${f.reason}\n`);
    }
    corpus = (await loadCorpus(config.dataDir)) as Corpus | null;
  }
  const c: Corpus = corpus ?? { documents: [], clauses: [], version: "empty" };
  const retriever = c.clauses.length ? await HybridRetriever.open(config, c) : null;
  return { corpus: c, retriever };
}

export async function openKnowledge(
  config: Config,
  opts: { autoIngest?: boolean; quiet?: boolean } = {},
): Promise<Knowledge> {
  const o = { autoIngest: opts.autoIngest ?? true, quiet: opts.quiet ?? false };
  let state = await load(config, o);
  const search = async (q: string, k = 8): Promise<Hit[]> => (state.retriever ? state.retriever.search(q, k) : []);

  const closeRetriever = async (r: HybridRetriever | null) => {
    const closable = r as unknown as { close?: () => Promise<void> | void } | null;
    await closable?.close?.();
  };

  return {
    ask: (q, opts) => answerQuestion(q, answerDeps(state.retriever, state.corpus, config), opts),
    search,
    documents: () => state.corpus.documents,
    clauseCount: () => state.corpus.clauses.length,
    async reload() {
      const next = await load(config, o);
      const prev = state.retriever;
      state = next;
      await closeRetriever(prev);
    },
    async close() {
      await closeRetriever(state.retriever);
      state = { corpus: state.corpus, retriever: null };
    },
  };
}

/** What the answer layer needs from the knowledge base: term analysis, search and the corpus. */
export function answerDeps(retriever: HybridRetriever | null, corpus: Corpus, config?: Config): AnswerDeps {
  return {
    terms: (text) => (retriever ? retriever.queryTerms(text) : emptyTerms(text)),
    search: async (terms, k) => (retriever ? (await retriever.searchAnalyzed(terms, k)).hits : []),
    corpus: () => corpus,
    config,
  };
}

/** The analysis of a question over an empty knowledge base: no terms, so every question abstains. */
function emptyTerms(question: string): QueryAnalysis {
  return {
    question,
    language: /[\u3400-\u9fff]/u.test(question) ? "zh" : "en",
    groups: [],
    cues: [],
    unknownEnglish: [],
    englishWords: 0,
    lexical: [],
    vectorText: "",
    wantsQuantity: false,
    wantsPurpose: false,
    wantsDefinition: false,
    rareWeight: 1,
  };
}
