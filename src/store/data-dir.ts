/** The data directory must be a writable directory; anything else is one bilingual line, not a stack trace. */
import { accessSync, constants, mkdirSync, statSync } from "node:fs";

export class DataDirError extends Error {
  constructor(
    public readonly dir: string,
    messageZh: string,
    messageEn: string,
  ) {
    super(`${messageZh} / ${messageEn}`);
    this.name = "DataDirError";
  }
}

/** Creates the data dir when missing; throws DataDirError when it is a file or cannot be written. */
export function ensureDataDir(dir: string): void {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
    if (!isDir)
      throw new DataDirError(dir, `数据目录 ${dir} 是一个文件而不是目录；请设置 ZHICE_DATA_DIR（或 --data-dir）为一个目录`, `the data dir ${dir} is a file, not a directory; point ZHICE_DATA_DIR (or --data-dir) at a directory`);
  } catch (e) {
    if (e instanceof DataDirError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOTDIR")
      throw new DataDirError(dir, `数据目录 ${dir} 的上级路径中有文件；请设置 ZHICE_DATA_DIR（或 --data-dir）为一个目录`, `a parent of the data dir ${dir} is a file; point ZHICE_DATA_DIR (or --data-dir) at a directory`);
    if (code !== "ENOENT") throw e;
  }
  try {
    if (!isDir) mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    if (["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST"].includes(code))
      throw new DataDirError(dir, `数据目录 ${dir} 无法写入（${code}）；请检查权限或设置 ZHICE_DATA_DIR（或 --data-dir）`, `the data dir ${dir} is not writable (${code}); check its permissions or set ZHICE_DATA_DIR (or --data-dir)`);
    throw e;
  }
}
