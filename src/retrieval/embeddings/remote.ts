/**
 * Embeddings that are not computed from the corpus itself:
 *  - "openai": LangChain's OpenAIEmbeddings against any OpenAI-compatible /embeddings endpoint (OpenAI, DashScope,
 *    vLLM, Ollama, a local TEI gateway …), model default "text-embedding-3-small";
 *  - "onnx": a sentence-embedding model in a local directory, run by @huggingface/transformers with remote loading
 *    off. That package (and onnxruntime under it) is not a dependency of zhice: it is imported only when asked for,
 *    and its absence is reported with the command that installs it.
 * `modelName` names the vector-index directory (one index per embedding model), so it is sanitised for file systems.
 */
import fs from "node:fs";
import path from "node:path";
import { Embeddings, type EmbeddingsParams } from "@langchain/core/embeddings";
import { OpenAIEmbeddings } from "@langchain/openai";
import type { Config } from "../../config.js";

export type EmbeddingsConfig = Config["embeddings"];

export interface RemoteEmbeddings {
  embeddings: Embeddings;
  /** Sanitised, e.g. "openai-text-embedding-3-small" or "onnx-bge-small-zh-v1.5". */
  modelName: string;
}

export class EmbeddingsSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddingsSetupError";
  }
}

export const DEFAULT_OPENAI_EMBEDDING_MODEL = "text-embedding-3-small";
/** Small enough for every compatible server seen (DashScope accepts at most 10 inputs per request). */
const OPENAI_BATCH_SIZE = 10;

/** A name safe as one path segment: letters, digits, dot, dash and underscore; no leading dot; at most 100 chars. */
export function sanitizeModelName(name: string): string {
  const s = name
    .normalize("NFKC")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[.-]+|[.-]+$/g, "")
    .slice(0, 100);
  return s || "model";
}

/** The transformers.js module surface zhice uses (the package is optional, so it is typed here). */
interface TransformersModule {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  pipeline(
    task: "feature-extraction",
    model: string,
    opts?: Record<string, unknown>,
  ): Promise<(texts: string | string[], opts: { pooling: "mean" | "cls"; normalize: boolean }) => Promise<{ tolist(): number[][] }>>;
}

const TRANSFORMERS_PACKAGE = "@huggingface/transformers";

async function importTransformers(specifier: string): Promise<TransformersModule> {
  try {
    return (await import(specifier)) as TransformersModule;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || /Cannot find (module|package)/.test(String(err)))
      throw new EmbeddingsSetupError(
        `ZHICE_EMBEDDINGS=onnx 需要可选依赖 ${specifier}，当前未安装。请运行：npm install ${specifier} --no-save（会同时安装 onnxruntime-node），或改用 ZHICE_EMBEDDINGS=local / openai。\n` +
          `ZHICE_EMBEDDINGS=onnx needs the optional package ${specifier}, which is not installed. Run: npm install ${specifier} --no-save (it brings onnxruntime-node), or use ZHICE_EMBEDDINGS=local or openai.`,
      );
    throw new EmbeddingsSetupError(
      `无法加载 ${specifier} / could not load ${specifier}: ${String((err as Error).message ?? err)}`,
    );
  }
}

/** Sentence embeddings from a local ONNX model directory (mean pooling, unit length). */
export class OnnxEmbeddings extends Embeddings {
  private extractor?: Awaited<ReturnType<TransformersModule["pipeline"]>>;

  constructor(
    private readonly transformers: TransformersModule,
    private readonly modelDir: string,
    params: EmbeddingsParams = {},
  ) {
    super(params);
  }

  private async load() {
    if (!this.extractor) {
      const { env } = this.transformers;
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = path.dirname(this.modelDir);
      this.extractor = await this.transformers.pipeline("feature-extraction", path.basename(this.modelDir), {
        local_files_only: true,
      });
    }
    return this.extractor;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (texts.length === 0) return [];
    const extract = await this.load();
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += 16) {
      const batch = texts.slice(i, i + 16);
      const tensor = await this.caller.call(() => extract(batch, { pooling: "mean", normalize: true }));
      out.push(...tensor.tolist());
    }
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [v] = await this.embedDocuments([text]);
    return v!;
  }
}

export async function createRemoteEmbeddings(
  config: EmbeddingsConfig | Pick<Config, "embeddings">,
  opts: { transformersPackage?: string } = {},
): Promise<RemoteEmbeddings> {
  const cfg: EmbeddingsConfig = "kind" in config ? config : config.embeddings;
  if (cfg.kind === "openai") {
    if (!cfg.baseUrl)
      throw new EmbeddingsSetupError(
        "ZHICE_EMBEDDINGS=openai 需要 ZHICE_EMBEDDINGS_BASE_URL（或 ZHICE_LLM_BASE_URL） / ZHICE_EMBEDDINGS=openai needs ZHICE_EMBEDDINGS_BASE_URL (or ZHICE_LLM_BASE_URL)",
      );
    const model = cfg.model ?? DEFAULT_OPENAI_EMBEDDING_MODEL;
    const embeddings = new OpenAIEmbeddings({
      model,
      apiKey: cfg.apiKey ?? "not-needed",
      configuration: { baseURL: cfg.baseUrl.replace(/\/+$/, "") },
      batchSize: OPENAI_BATCH_SIZE,
      encodingFormat: "float",
      timeout: 30_000,
      maxRetries: 2,
    });
    return { embeddings, modelName: sanitizeModelName(`openai-${model}`) };
  }
  if (cfg.kind === "onnx") {
    if (!cfg.onnxModelDir)
      throw new EmbeddingsSetupError("ZHICE_EMBEDDINGS=onnx 需要 ZHICE_ONNX_MODEL_DIR / ZHICE_EMBEDDINGS=onnx needs ZHICE_ONNX_MODEL_DIR");
    const transformers = await importTransformers(opts.transformersPackage ?? TRANSFORMERS_PACKAGE);
    const dir = path.resolve(cfg.onnxModelDir);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
      throw new EmbeddingsSetupError(`找不到 ONNX 模型目录 ${dir} / ONNX model directory not found: ${dir}`);
    if (!fs.existsSync(path.join(dir, "config.json")))
      throw new EmbeddingsSetupError(
        `ONNX 模型目录缺少 config.json（应含 config.json、tokenizer.json 与 onnx/model.onnx）：${dir} / ` +
          `the ONNX model directory lacks config.json (expected config.json, tokenizer.json and onnx/model.onnx): ${dir}`,
      );
    return {
      embeddings: new OnnxEmbeddings(transformers, dir, { maxRetries: 0 }),
      modelName: sanitizeModelName(`onnx-${cfg.model ?? path.basename(dir)}`),
    };
  }
  throw new EmbeddingsSetupError(
    `createRemoteEmbeddings 只处理 openai 与 onnx，收到 ${cfg.kind} / createRemoteEmbeddings handles "openai" and "onnx", not "${cfg.kind}"`,
  );
}
