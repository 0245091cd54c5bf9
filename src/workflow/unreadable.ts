/** A stored proposal that cannot be read (a corrupt snapshot): reported by id, skipped by listings and the scheduler. */
export class UnreadableProposalError extends Error {
  constructor(
    public readonly proposalId: string,
    public readonly columns: string[],
  ) {
    const cols = columns.join(", ");
    super(
      `项目 ${proposalId} 的存储数据无法读取（${cols} 不是有效的 JSON），已跳过；请从备份恢复该项目 / ` +
        `proposal ${proposalId} cannot be read (${cols} is not valid JSON) and was skipped; restore it from a backup`,
    );
    this.name = "UnreadableProposalError";
  }
}
