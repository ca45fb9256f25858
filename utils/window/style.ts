import { styleElement, type Html } from './html';

/*
 * The window's only style sheet, inline: the pages load nothing but images, so there is no style
 * host to trust or to tell about the visitor. Phone first (one column; two and three on wider screens),
 * light and dark from the visitor's setting, system fonts only. The CSP allows exactly this block by
 * its hash, so nothing else can style the page. It holds no user text, so its hash never changes
 * with the content.
 */
export const WINDOW_CSS = [
  ':root{color-scheme:light dark;--bg:#faf9f6;--fg:#1f1e1c;--muted:#5c5a55;--card:#fff;--line:#e3e0d8;--chip:#f0ede6;--accent:#b93c0b;--on-accent:#fff}',
  '@media (prefers-color-scheme:dark){:root{--bg:#161514;--fg:#edebe6;--muted:#aba89f;--card:#22211f;--line:#3a3935;--chip:#2e2d2a;--accent:#fb923c;--on-accent:#1f1e1c}}',
  '*{box-sizing:border-box}',
  'body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;-webkit-text-size-adjust:100%;overflow-wrap:anywhere}',
  'a{color:var(--accent)}',
  '.wrap{max-width:68rem;margin:0 auto;padding:1rem}',
  '.head{display:flex;gap:1rem;align-items:center}',
  '.avatar{width:72px;height:72px;flex:none;border-radius:50%;object-fit:cover;background:var(--chip)}',
  'h1{font-size:1.45rem;line-height:1.25;margin:0}',
  'h2{font-size:1.15rem;margin:1.5rem 0 .75rem}',
  '.fp,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em}',
  '.fp,.meta,.date,.disc,.sub,.tags,footer{color:var(--muted);font-size:.875rem}',
  '.bio,.reason{white-space:pre-line;margin:.5rem 0}',
  'nav ul,.chips{list-style:none;padding:0;margin:.4rem 0;display:flex;flex-wrap:wrap;gap:.4rem}',
  'nav a,.chips a{display:inline-block;padding:.3rem .75rem;border-radius:999px;background:var(--chip);color:var(--fg);text-decoration:none;font-size:.875rem}',
  'nav a[aria-current]{background:var(--accent);color:var(--on-accent)}',
  'nav b,.chips b{font-weight:400;opacity:.7;margin-inline-start:.35em}',
  '.nl{font-size:.8rem;color:var(--muted);margin:.6rem 0 0}',
  '.picks{display:grid;gap:1rem;grid-template-columns:1fr}',
  '@media (min-width:44rem){.picks{grid-template-columns:repeat(2,minmax(0,1fr))}}',
  '@media (min-width:66rem){.picks{grid-template-columns:repeat(3,minmax(0,1fr))}}',
  '.pick{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:.9rem;display:grid;grid-template-columns:88px minmax(0,1fr);gap:.25rem .8rem;align-content:start}',
  '.pick:target{outline:3px solid var(--accent)}',
  '.pick>img,.noimg{width:88px;height:88px;object-fit:cover;border-radius:8px;background:var(--chip)}',
  // A picture that does not load (a store refusing hotlinking, a host gone) is no longer replaced
  // content, so it may have a ::after: the placeholder covers Chromium's broken-image icon, clipped to
  // the picture's rounded shape. Firefox draws nothing for an empty alt; a picture that loads has no
  // ::after at all.
  '.pick>img,.avatar{position:relative;overflow:hidden}',
  '.pick>img::after,.avatar::after{content:"";position:absolute;inset:0;background:var(--chip)}',
  '.pick h3{font-size:1rem;line-height:1.35;margin:0}',
  '.pick p{margin:.3rem 0}',
  '.more{grid-column:1/-1}',
  '.stars{color:#d97706;letter-spacing:.08em}',
  '.buy{display:inline-block;padding:.55rem 1.1rem;margin-inline-end:.5rem;border-radius:8px;background:var(--accent);color:var(--on-accent);font-weight:600;text-decoration:none}',
  '.follow{border-top:1px solid var(--line);margin-top:2rem;padding-top:.5rem}',
  '.qr{display:block;width:168px;height:168px;margin:.5rem 0}',
  '.experts{display:grid;gap:1rem;grid-template-columns:1fr}',
  '@media (min-width:44rem){.experts{grid-template-columns:repeat(2,minmax(0,1fr))}}',
  '.expert{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:.9rem}',
  '.expert h3{font-size:1.05rem;margin:0}',
  '.expert p{margin:.3rem 0}',
  'footer{margin:2rem 0 1rem}',
].join('');

export const styleBlock = (): Html => styleElement(WINDOW_CSS);

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The CSP source for the style block, `'sha256-…'`: SHA-256 over the block's UTF-8 text in standard
 * base64. WebCrypto, so it runs in the background service worker as it does in tests.
 */
export async function styleHashSource(css: string = WINDOW_CSS): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(css));
  return `'sha256-${base64(new Uint8Array(digest))}'`;
}
