/**
 * The hybrid retriever behind LangChain's BaseRetriever interface (for chains that take a retriever).
 * Each Document carries the cited clause text and { clauseId, docId, path, title, docNo, score, coverage, matched }.
 */
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import { Document as LcDocument } from "@langchain/core/documents";
import { citedText } from "../knowledge/schema.js";
import type { HybridRetriever } from "./hybrid.js";

export class HybridClauseRetriever extends BaseRetriever {
  lc_namespace = ["zhice", "retrieval", "hybrid"];
  static lc_name(): string {
    return "ZhiceHybridClauseRetriever";
  }

  constructor(
    private readonly hybrid: HybridRetriever,
    private readonly k = 8,
    fields?: BaseRetrieverInput,
  ) {
    super(fields);
  }

  async _getRelevantDocuments(query: string): Promise<LcDocument[]> {
    const hits = await this.hybrid.search(query, this.k);
    return hits.map(
      (h) =>
        new LcDocument({
          pageContent: citedText(h.clause),
          metadata: {
            clauseId: h.clause.id,
            docId: h.doc.id,
            path: h.clause.path,
            title: h.doc.title,
            docNo: h.doc.docNo,
            score: h.score,
            coverage: h.coverage,
            matched: h.matched,
          },
        }),
    );
  }
}
