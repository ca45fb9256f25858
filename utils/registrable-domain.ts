// Public suffixes of more than one label that shoppers meet often. A full Public Suffix List would
// add ~100 kB to the content script for stores Haowu only names, never trusts.
const MULTI_LABEL_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'me.uk', 'ltd.uk', 'plc.uk', 'ac.uk', 'gov.uk',
  'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn',
  'com.hk', 'org.hk', 'net.hk', 'com.tw', 'org.tw', 'net.tw', 'com.mo',
  'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp',
  'co.kr', 'or.kr', 'ne.kr',
  'com.au', 'net.au', 'org.au', 'co.nz', 'org.nz', 'net.nz',
  'com.sg', 'com.my', 'co.id', 'co.th', 'in.th', 'com.ph', 'com.vn', 'co.in', 'net.in', 'org.in',
  'com.br', 'com.mx', 'com.ar', 'com.co', 'com.pe', 'co.za', 'com.tr', 'com.ua', 'co.il', 'com.eg', 'com.sa',
]);

/**
 * The registrable domain of a hostname (`shop.example.co.uk` → `example.co.uk`, `item.jd.com` → `jd.com`).
 * IP addresses and single-label hosts are returned as they are.
 */
export function registrableDomain(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (/^[\d.]+$/.test(host) || host.includes(':')) return host;
  const labels = host.split('.');
  if (labels.length <= 2) return host;
  const lastTwo = labels.slice(-2).join('.');
  return MULTI_LABEL_SUFFIXES.has(lastTwo) ? labels.slice(-3).join('.') : lastTwo;
}
