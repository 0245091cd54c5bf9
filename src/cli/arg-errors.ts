/**
 * A command-line parse error (node:util parseArgs) as the user should read it: one bilingual line naming the option
 * or argument, then the verb's usage — never Node's English advice about `--`.
 */
export function argumentError(err: unknown, usage: string): string {
  const code = (err as { code?: string } | null)?.code;
  const message = err instanceof Error ? err.message : String(err);
  const named = /'([^' ]+)/.exec(message)?.[1] ?? "";
  let line: string;
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      line = `未知选项 ${named} / unknown option ${named}`;
      break;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      line = /does not take an argument/.test(message)
        ? `选项 ${named} 不带取值 / option ${named} takes no value`
        : `选项 ${named} 缺少取值 / option ${named} needs a value`; // missing, or followed by another option
      break;
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      line = `多余的参数 ${named} / unexpected argument ${named}`;
      break;
    default:
      line = "参数错误 / invalid arguments";
  }
  return `${line}\n${usage}`;
}
