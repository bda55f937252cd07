/** 好差评 and 投诉建议 on the citizen and public pages (key `feedback`). */
export const feedbackZh = {};
