export { ingestPaths, ensureIngested, collectFiles, IngestPathError, type IngestReport, type IngestOptions } from "./ingest.js";
export { parseFile, PARSER_VERSION, type ParsedFile } from "./parse.js";
export { buildCorpus, type ParsedEntry } from "./corpus.js";
