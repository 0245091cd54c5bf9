/** What the assistant / agent container offers before the first question: a greeting and suggested prompts. */
export const SUGGESTED_PROMPTS = [
  { title: "劳务派遣能否购买？", message: "能否通过政府购买服务方式购买劳务派遣服务？" },
  { title: "预算未安排怎么办？", message: "预算未安排的事项可以开展政府购买服务吗？" },
  { title: "合同期限多长？", message: "政府购买服务合同期限最长可以签几年？" },
  { title: "Who may supply services?", message: "Which organisations can be contractors for government purchase of services?" },
];

export const PROMPTS_TITLE = "试试这些问题 / Try asking";

export const GREETING =
  "您好，我是知策。请问政府购买服务方面的问题，回答会附上引用的政策条款。\nHi, I'm zhice — ask about government purchase of services; answers cite the notices.";
