/**
 * BM25 over jieba tokens behind LangChain's BaseRetriever interface, so it composes with LangChain chains
 * (LangChain's own BM25Retriever splits on whitespace and scores Chinese text as NaN).
 * Each returned Document carries the clause text as pageContent and { clauseId, docId, path, title, docNo, score }.
 */
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import { Document as LcDocument } from "@langchain/core/documents";
import { citedText } from "../knowledge/schema.js";
import { Bm25Index, type Bm25Params } from "./bm25.js";
import { clauseFields, type Corpus } from "./corpus.js";
import { indexTokens } from "./tokenize.js";

export interface Bm25RetrieverInput extends BaseRetrieverInput {
  corpus: Corpus;
  k?: number;
  params?: Partial<Bm25Params>;
}

export class Bm25Retriever extends BaseRetriever {
  lc_namespace = ["zhice", "retrieval", "bm25"];
  static lc_name(): string {
    return "ZhiceBm25Retriever";
  }

  readonly k: number;
  readonly index: Bm25Index;
  private readonly corpus: Corpus;

  constructor(fields: Bm25RetrieverInput) {
    super(fields);
    this.k = fields.k ?? 8;
    this.corpus = fields.corpus;
    this.index = new Bm25Index(fields.params);
    const docs = new Map(fields.corpus.documents.map((d) => [d.id, d]));
    for (const c of fields.corpus.clauses) this.index.add(clauseFields(c, docs.get(c.docId)));
  }

  async _getRelevantDocuments(query: string): Promise<LcDocument[]> {
    const docs = new Map(this.corpus.documents.map((d) => [d.id, d]));
    return this.index.search(indexTokens(query), this.k).map(({ index, score }) => {
      const c = this.corpus.clauses[index]!;
      const d = docs.get(c.docId);
      return new LcDocument({
        pageContent: citedText(c),
        metadata: { clauseId: c.id, docId: c.docId, path: c.path, title: d?.title ?? "", docNo: d?.docNo ?? null, score },
      });
    });
  }
}
