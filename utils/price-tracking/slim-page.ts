/*
 * A served page made smaller before it is parsed for a background price check (issue 17): what the
 * store readers of the background-checked stores (Amazon's markup, schema.org JSON-LD and microdata,
 * OpenGraph) never look at is left out: scripts the browser would run (data blocks such as JSON-LD
 * stay), styles, comments, `<noscript>` (raw text in a live page, where the same readers run) and
 * inline `<svg>`. On Amazon's page that is two thirds of the bytes. The page model, which reads an
 * other store's page in the check as on a visit (served-page.ts), skips these elements too (its
 * SKIP_TAGS): the heading, the price near the buy control and struck-through prices all stay, and
 * tests/unit/price-tracking/check-reads-like-visit.test.ts holds every other store's real page to the
 * visit's title and price.
 *
 * It is a scanner that follows the HTML tokenizer (WHATWG HTML §13.2.5) far enough to know where a
 * tag, a comment or a raw-text element really ends: a `<script>` or `<!--` inside an attribute value,
 * a `<title>` or a `<textarea>` is text, not the start of something to drop, and a script's
 * `<!-- <script> … </script>` escapes are followed. Wherever it is unsure (the input ends inside a
 * tag, a comment or a script; an `<svg>` whose content would leave SVG; `<math>`; `<plaintext>`),
 * it stops and keeps the rest of the page as it is: it can only ever leave out less, never the
 * price markup. tests/unit/price-tracking/slim-page.test.ts and served-page.test.ts hold it to that.
 * If a store whose reader reads inline script data becomes checkable in the background, its scripts
 * must be kept here (checkable.ts lists the stores).
 */

const isSpace = (char: string | undefined) => char === ' ' || char === '\n' || char === '\t' || char === '\r' || char === '\f';
/** An ASCII letter at `at`. */
const letterAt = (html: string, at: number) => {
  const code = html.charCodeAt(at) | 0x20;
  return code >= 97 && code <= 122;
};
/** After a tag name: whitespace, `/` or `>` (or the end). */
const endsName = (char: string | undefined) => char === undefined || char === '/' || char === '>' || isSpace(char);

/** JavaScript MIME types (HTML's list) and `module`: the scripts a browser runs, which no reader reads. */
const RUNNABLE_TYPES = new Set([
  '',
  'module',
  'application/ecmascript',
  'application/javascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
]);

/** RCDATA and raw-text elements: their content is text up to their end tag, and is kept. */
const TEXT_ONLY = new Set(['title', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes']);

/** HTML start tags that leave SVG content (the tree builder's "breakout" list). */
const LEAVES_SVG = new Set(
  'b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var font'.split(' '),
);

interface Tag {
  /** The tag's name in lower case: only for the few names the scanner acts on, else ''. */
  name: string;
  /** The index just after the tag's `>`. */
  end: number;
  /** Ends with `/>` (which only foreign elements such as `<svg/>` honour). */
  selfClosing: boolean;
  /** The `type` attribute's value as written (script start tags only), or null. */
  type: string | null;
}

/** The names the scanner acts on (a name not listed is read as ''). */
const ACTED_ON = new Set(['script', 'style', 'noscript', 'svg', 'math', 'plaintext', ...TEXT_ONLY]);

const TAG_NAME = /[^\t\n\f\r />]*/y;
/** The rest of a tag without a quote before its `>`: it ends at that `>`, whatever the attributes. */
const PLAIN_REST = /[^"'>]*>/y;
/**
 * One step of the tokenizer through a tag's attributes: separators, then `>` or one attribute (a
 * name, which may start with `=`, and an optional value: double-quoted, single-quoted or unquoted).
 */
const ATTRIBUTE = /([\t\n\f\r /]*)(?:>|([^\t\n\f\r />][^\t\n\f\r />=]*)[\t\n\f\r ]*(?:=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|(?!["'])([^\t\n\f\r >]*)))?)/y;

/**
 * The tag whose `<` is at `start` (a letter or `/` and a letter follow), read as the tokenizer reads
 * it: quoted attribute values may hold `>`. Null when the page ends inside it.
 */
function readTag(html: string, start: number): Tag | null {
  const nameStart = start + (html.charCodeAt(start + 1) === 47 /* / */ ? 2 : 1);
  TAG_NAME.lastIndex = nameStart;
  TAG_NAME.test(html);
  let i = TAG_NAME.lastIndex;
  const candidate = i - nameStart <= 9 ? html.slice(nameStart, i).toLowerCase() : '';
  const name = ACTED_ON.has(candidate) ? candidate : '';
  // Most tags: no quote before the `>`. (An <svg> is read step by step: `<svg a=b/>` is not self-closing.)
  if (name !== 'svg' && name !== 'script') {
    PLAIN_REST.lastIndex = i;
    if (PLAIN_REST.test(html)) return { name, end: PLAIN_REST.lastIndex, selfClosing: false, type: null };
  }
  let type: string | null = null;
  const wantCaptures = name === 'svg' || name === 'script';
  for (;;) {
    ATTRIBUTE.lastIndex = i;
    const step = wantCaptures ? ATTRIBUTE.exec(html) : ATTRIBUTE.test(html) ? EMPTY_STEP : null;
    // No step: the page ended. A step that stops before `=`: a quoted value that never closes.
    if (!step || html.charCodeAt(ATTRIBUTE.lastIndex) === 61 /* = */) return null;
    i = ATTRIBUTE.lastIndex;
    // Only the `>` branch ends in `>` (names and unquoted values cannot hold one; quoted values end in a quote).
    if (html.charCodeAt(i - 1) === 62 /* > */) return { name, end: i, selfClosing: (step[1] ?? '').endsWith('/'), type };
    if (type === null && name === 'script' && step[2]?.toLowerCase() === 'type') type = step[3] ?? step[4] ?? step[5] ?? '';
  }
}

/** What a step read with `test` (no captures) stands for. */
const EMPTY_STEP: (string | undefined)[] = [];

/** A start tag's whole name in lower case (for the SVG breakout check, where every name counts). */
function tagNameAt(html: string, start: number): string {
  TAG_NAME.lastIndex = start + 1;
  TAG_NAME.test(html);
  return html.slice(start + 1, TAG_NAME.lastIndex).toLowerCase();
}

/** Whether `name` (lower case letters) is written at `at`, in any case. */
function namedAt(html: string, name: string, at: number): boolean {
  for (let k = 0; k < name.length; k++) if ((html.charCodeAt(at + k) | 0x20) !== name.charCodeAt(k)) return false;
  return true;
}
/** `</name` followed by whitespace, `/` or `>` at `at`: that element's end tag. */
const isEndTag = (html: string, name: string, at: number) =>
  html.charCodeAt(at) === 60 && html.charCodeAt(at + 1) === 47 && namedAt(html, name, at + 2) && at + name.length + 2 < html.length && endsName(html[at + name.length + 2]);

/** The index of the end tag that closes a raw-text or RCDATA element's content from `from`, or -1. */
function endTagOf(html: string, name: string, from: number): number {
  for (let i = html.indexOf('</', from); i >= 0; i = html.indexOf('</', i + 2)) if (isEndTag(html, name, i)) return i;
  return -1;
}

/**
 * Where a script's content that starts at `from` ends (the index of its `</script`), following the
 * tokenizer's script data states: after `<!--`, a `<script>` makes the next `</script>` part of the
 * text (until `-->`). -1 when the page ends first.
 */
function scriptEnd(html: string, from: number): number {
  let state: 'data' | 'escaped' | 'double' = 'data';
  let i = from;
  // The next `-->` matters only after `<!--`; found once and reused until passed.
  let arrow = -2;
  for (;;) {
    const tag = html.indexOf('<', i);
    if (state !== 'data') {
      if (arrow < i && arrow !== -1) arrow = html.indexOf('-->', i);
      if (arrow >= 0 && (tag < 0 || arrow < tag)) {
        state = 'data';
        i = arrow + 3;
        continue;
      }
    }
    if (tag < 0) return -1;
    i = tag + 1;
    if (html.charCodeAt(tag + 1) === 47 /* / */ && isEndTag(html, 'script', tag)) {
      if (state !== 'double') return tag;
      state = 'escaped';
    } else if (state === 'data' && html.startsWith('<!--', tag)) {
      state = 'escaped';
      // The `--` of `<!--` can close at once: `<!-->` and `<!--->` leave the escape again.
      i = tag + 2;
    } else if (state === 'escaped' && namedAt(html, 'script', tag + 1) && endsName(html[tag + 7]) && tag + 7 < html.length) state = 'double';
  }
}

/** Where a comment starting at `start` (`<!--`) ends (just after it), or -1 when the page ends first. */
function commentEnd(html: string, start: number): number {
  if (html[start + 4] === '>') return start + 5;
  if (html.startsWith('->', start + 4)) return start + 6;
  // `-->` or `--!>` (searching for `--!>` on its own would read to the end of the page at each comment).
  for (let at = html.indexOf('--', start + 4); at >= 0; at = html.indexOf('--', at + 1)) {
    if (html.charCodeAt(at + 2) === 62 /* > */) return at + 3;
    if (html.startsWith('!>', at + 2)) return at + 4;
  }
  return -1;
}

/**
 * Where an `<svg>` element whose start tag ends at `from` ends (just after its `</svg>`), counting
 * nested ones; -1 when unsure (content that would leave SVG, CDATA, or the page ends first).
 */
function svgEnd(html: string, from: number): number {
  let depth = 1;
  for (let i = html.indexOf('<', from); i >= 0; i = html.indexOf('<', i)) {
    if (html.startsWith('<!--', i)) {
      const end = commentEnd(html, i);
      if (end < 0) return -1;
      i = end;
      continue;
    }
    const closing = html.charCodeAt(i + 1) === 47 /* / */;
    if (!letterAt(html, i + (closing ? 2 : 1))) {
      if (html.startsWith('<![CDATA[', i)) return -1;
      i++;
      continue;
    }
    const tag = readTag(html, i);
    if (!tag) return -1;
    if (!closing && LEAVES_SVG.has(tagNameAt(html, i))) return -1;
    if (tag.name === 'svg' && closing) depth--;
    else if (tag.name === 'svg' && !tag.selfClosing) depth++;
    if (depth === 0) return tag.end;
    i = tag.end;
  }
  return -1;
}

/** The page without what the background-checked stores' readers never read (see the top of this file). */
export function slimServedPage(html: string): string {
  const kept: string[] = [];
  let keptFrom = 0;
  const drop = (from: number, to: number) => {
    kept.push(html.slice(keptFrom, from));
    keptFrom = to;
  };
  let i = html.indexOf('<');
  scan: while (i >= 0) {
    if (html.startsWith('<!--', i)) {
      const end = commentEnd(html, i);
      if (end < 0) break;
      drop(i, end);
      i = html.indexOf('<', end);
      continue;
    }
    const closing = html.charCodeAt(i + 1) === 47 /* / */;
    if (!letterAt(html, i + (closing ? 2 : 1))) {
      // `<!DOCTYPE …>`, `<?…>`, `</ …>` run to the next `>`; a lone `<` is text.
      if (html[i + 1] === '!' || html[i + 1] === '?' || closing) {
        const close = html.indexOf('>', i);
        if (close < 0) break;
        i = html.indexOf('<', close + 1);
      } else i = html.indexOf('<', i + 1);
      continue;
    }
    const tag = readTag(html, i);
    if (!tag) break;
    let next = tag.end;
    if (!closing) {
      switch (tag.name) {
        case 'script': {
          const contentEnd = scriptEnd(html, tag.end);
          if (contentEnd < 0) break scan;
          const endTag = readTag(html, contentEnd);
          if (!endTag) break scan;
          const type = (tag.type ?? '').trim().toLowerCase();
          // Data blocks (JSON-LD and the like) stay; so does a type the scanner cannot read as written.
          if (RUNNABLE_TYPES.has(type) && !type.includes('&')) drop(i, endTag.end);
          next = endTag.end;
          break;
        }
        case 'style':
        case 'noscript': {
          const contentEnd = endTagOf(html, tag.name, tag.end);
          const endTag = contentEnd < 0 ? null : readTag(html, contentEnd);
          if (!endTag) break scan;
          drop(i, endTag.end);
          next = endTag.end;
          break;
        }
        case 'svg': {
          const end = tag.selfClosing ? tag.end : svgEnd(html, tag.end);
          if (end < 0) break scan;
          drop(i, end);
          next = end;
          break;
        }
        case 'math':
        case 'plaintext':
          break scan;
        default:
          if (TEXT_ONLY.has(tag.name)) {
            const contentEnd = endTagOf(html, tag.name, tag.end);
            if (contentEnd < 0) break scan;
            next = contentEnd;
          }
      }
    }
    i = html.indexOf('<', next);
  }
  kept.push(html.slice(keptFrom));
  return kept.join('');
}
