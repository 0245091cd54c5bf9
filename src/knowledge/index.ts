/**
 * The knowledge façade the faces use: open once (indexes loaded and kept warm), then ask / search.
 * On an empty data dir it ingests config.knowledgeDir first (unless autoIngest is false).
 */
import type { Config } from "../config.js";
import { answerQuestion, type AnswerDeps, type AnswerOptions } from "../answer/index.js";
import type { Answer } from "../answer/schema.js";
import { ensureIngested } from "../ingest/ingest.js";
import { HybridRetriever } from "../retrieval/hybrid.js";
import type { QueryAnalysis, TermGroup } from "../retrieval/query.js";
import type { Hit } from "./hit.js";
import type { Document } from "./schema.js";
import type { Database } from "../store/index.js";
import { hasStanding, preferInForce } from "./in-force.js";
import { locationOf, openKbDatabase, readCorpus, readLiveDocuments, revisionOf, type Corpus } from "./store.js";
import { watchRevisions } from "./revisions.js";

export interface Knowledge {
  /** One cited answer; `previous` (the asker's earlier questions in the conversation) reads a follow-up with them. */
  ask(q: string, opts?: AnswerOptions): Promise<Answer>;
  search(q: string, k?: number): Promise<Hit[]>;
  documents(): Document[];
  clauseCount(): number;
  /** Re-read the corpus from the store and reopen the indexes. */
  reload(): Promise<void>;
  /** Reloads when the store's revision moved (another process or replica changed it); true when it did. */
  refresh(): Promise<boolean>;
  /** The store revision the loaded corpus was read at. */
  revision(): number;
  /** The database the clause store lives in (for ingest and the admin commands). */
  readonly db: Database;
  close(): Promise<void>;
}

interface Loaded {
  corpus: Corpus;
  retriever: HybridRetriever | null;
}

async function load(config: Config, db: Database, opts: { autoIngest: boolean; quiet: boolean; pgSchema?: string }): Promise<Loaded> {
  let corpus = await readCorpus(db);
  if ((!corpus || corpus.clauses.length === 0) && opts.autoIngest) {
    if (!opts.quiet) process.stderr.write(`首次使用，正在导入知识库 / first use, ingesting ${config.knowledgeDir} …\n`);
    const report = await ensureIngested(config, { db, pgSchema: opts.pgSchema });
    if (report && !opts.quiet) {
      for (const f of report.failed) process.stderr.write(`  导入失败 / failed: ${f.file}: ${f.reason}\n`);
    }
    corpus = await readCorpus(db);
  }
  const c: Corpus = corpus ?? { documents: [], clauses: [], version: "empty", revision: 0 };
  const retriever = c.clauses.length ? await HybridRetriever.open(config, c) : null;
  return { corpus: c, retriever };
}

export interface KnowledgeOptions {
  autoIngest?: boolean;
  quiet?: boolean;
  /** an open store to share (the workflow's); else one is opened for config and closed with the knowledge */
  db?: Database;
  pgSchema?: string;
  /** called after the corpus was reloaded because the store changed (another process imported or retired a notice) */
  onReload?: (revision: number) => void;
}

export async function openKnowledge(config: Config, opts: KnowledgeOptions = {}): Promise<Knowledge> {
  const o = { autoIngest: opts.autoIngest ?? true, quiet: opts.quiet ?? false, pgSchema: opts.pgSchema };
  const db = opts.db ?? (await openKbDatabase(locationOf(config, opts.pgSchema)));
  let state: Loaded;
  try {
    state = await load(config, db, o);
  } catch (e) {
    if (!opts.db) await db.close();
    throw e;
  }
  let loading: Promise<void> | null = null;
  let closed = false;
  /** documents answers may cite now, when the store moved past the loaded indexes (their rebuild still running) */
  let standing: { revision: number; documents: Map<string, Document> } | null = null;

  const closeRetriever = async (r: HybridRetriever | null) => {
    const closable = r as unknown as { close?: () => Promise<void> | void } | null;
    await closable?.close?.();
  };
  const reload = () =>
    (loading ??= (async () => {
      try {
        const next = await load(config, db, o);
        const prev = state.retriever;
        state = next;
        if (standing && standing.revision <= (next.corpus.revision ?? 0)) standing = null;
        await closeRetriever(prev);
        opts.onReload?.(next.corpus.revision ?? 0);
      } finally {
        loading = null;
      }
    })());
  const refresh = async (): Promise<boolean> => {
    if (closed) return false;
    if (loading) return loading.then(() => true);
    if ((await revisionOf(db)) === (state.corpus.revision ?? 0)) return false;
    await reload();
    return true;
  };
  /**
   * Before an answer: when the store moved, the indexes are rebuilt; the answer waits for that up to RELOAD_WAIT_MS,
   * past which it comes from the indexes it has, with retired documents left out and statuses as they are now.
   */
  const beforeAnswer = async (): Promise<void> => {
    if (closed) return;
    const revision = await revisionOf(db);
    if (revision === (state.corpus.revision ?? 0)) return;
    const rebuilt = (loading ?? reload()).catch(() => undefined);
    if (standing?.revision !== revision) standing = { revision, documents: new Map((await readLiveDocuments(db)).map((d) => [d.id, d])) };
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([rebuilt, new Promise<void>((r) => (timer = setTimeout(r, RELOAD_WAIT_MS)))]);
    clearTimeout(timer);
  };
  const watch = await watchRevisions(db, config.kb?.pollMs ?? 0, () => void refresh().catch(() => undefined));
  const search = async (q: string, k = 8): Promise<Hit[]> => {
    await beforeAnswer();
    return state.retriever ? current(await state.retriever.search(q, k), standing?.documents) : [];
  };

  return {
    ask: async (q, opts) => {
      await beforeAnswer();
      return answerQuestion(q, answerDeps(state.retriever, state.corpus, config, standing?.documents), opts);
    },
    search,
    documents: () => state.corpus.documents,
    clauseCount: () => state.corpus.clauses.length,
    reload,
    refresh,
    revision: () => state.corpus.revision ?? 0,
    db,
    async close() {
      closed = true;
      await watch();
      await loading?.catch(() => undefined);
      await closeRetriever(state.retriever);
      state = { corpus: state.corpus, retriever: null };
      if (!opts.db) await db.close();
    },
  };
}

/** How long an answer waits for the indexes to be rebuilt after the knowledge base changed. */
export const RELOAD_WAIT_MS = 2_000;

/** Hits as the store stands now: clauses of documents no longer answerable left out, each with its current status. */
function current<H extends Hit>(hits: H[], documents: Map<string, Document> | undefined): H[] {
  if (!documents) return hits;
  return hits.filter((h) => documents.has(h.doc.id)).map((h) => ({ ...h, doc: documents.get(h.doc.id)! }));
}

/**
 * What the answer layer needs from the knowledge base: term analysis, search and the corpus. `documents`, when given,
 * are the answerable documents as they stand now (newer than the indexes, which are being rebuilt).
 */
/** Term groups of the corpus's own phrases, per loaded retriever: a clause's phrases are analysed once, not per question. */
const phraseTermsOf = new WeakMap<HybridRetriever, Map<string, TermGroup[]>>();

export function answerDeps(retriever: HybridRetriever | null, corpus: Corpus, config?: Config, documents?: Map<string, Document>): AnswerDeps {
  const docs = documents ? [...documents.values()] : corpus.documents;
  let phrases = retriever ? phraseTermsOf.get(retriever) : undefined;
  if (retriever && !phrases) phraseTermsOf.set(retriever, (phrases = new Map()));
  return {
    terms: (text) => (retriever ? retriever.queryTerms(text) : emptyTerms(text)),
    clauseTerms: (phrase) => {
      if (!retriever || !phrases) return [];
      let groups = phrases.get(phrase);
      if (!groups) phrases.set(phrase, (groups = retriever.queryTerms(phrase).groups));
      return groups;
    },
    search: async (terms, k) => {
      if (!retriever) return [];
      // superseded notices and older editions give way to in-force ones on the same point (src/knowledge/in-force.ts)
      if (!hasStanding(docs) && !documents) return (await retriever.searchAnalyzed(terms, k)).hits;
      return preferInForce(current((await retriever.searchAnalyzed(terms, k + 4)).hits, documents)).slice(0, k);
    },
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
