/**
 * Expert mode's Recommend form and "Your pick" actions: shown in the overlay (content script) and in
 * the Studio tab. Keys are prefixed by area; both languages must have the same keys (typed).
 */
export const en = {
  'recommend.open': 'Recommend',
  'recommend.heading': 'Recommend this product',
  'recommend.editHeading': 'Edit your recommendation',
  'recommend.reason': 'Why you recommend it (10–1,000 characters)',
  'recommend.rating': 'Rating',
  'recommend.ratingOption': '{rating} of 5',
  'recommend.stockNote': 'Stock note (optional)',
  'recommend.tags': 'Tags (optional, separated by commas)',
  'recommend.expires': 'Expires on (optional)',
  'recommend.partnerLink': 'Your partner link (optional)',
  'recommend.partnerLinkHint': 'Your own affiliate link for this product, on {store}’s link hosts. Left empty, the product page itself is used.',
  'recommend.save': 'Save recommendation',
  'recommend.saved': 'Your recommendation is saved. Publish your feed in the Studio tab to share it.',
  'recommend.edit': 'Edit',
  'recommend.editLabel': 'Edit your recommendation',
  'recommend.delete': 'Delete',
  'recommend.deleteLabel': 'Delete your recommendation',
  'recommend.deleted': 'Recommendation deleted. Your next published feed retracts it.',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'recommend.open': '推荐',
  'recommend.heading': '推荐这件商品',
  'recommend.editHeading': '编辑你的推荐',
  'recommend.reason': '推荐理由（10–1000 字）',
  'recommend.rating': '评分',
  'recommend.ratingOption': '{rating} / 5',
  'recommend.stockNote': '库存备注（可选）',
  'recommend.tags': '标签（可选，用逗号分隔）',
  'recommend.expires': '到期日（可选）',
  'recommend.partnerLink': '你的推广链接（可选）',
  'recommend.partnerLinkHint': '你为这件商品生成的推广链接，须在{store}的链接域名上。留空则使用商品页本身。',
  'recommend.save': '保存推荐',
  'recommend.saved': '推荐已保存。在“工作室”发布订阅即可分享。',
  'recommend.edit': '编辑',
  'recommend.editLabel': '编辑你的推荐',
  'recommend.delete': '删除',
  'recommend.deleteLabel': '删除你的推荐',
  'recommend.deleted': '推荐已删除。下次发布的订阅会将其撤回。',
};
