/**
 * Chinese text for search, with no external service: text is normalised, split into runs of Han
 * characters and of Latin letters/digits; Han runs are indexed as overlapping character bigrams
 * (robust where dictionary segmentation splits a term differently in a query and in a document),
 * Latin/digit runs as whole words. Queries are cut with Intl.Segmenter to drop filler words
 * (怎么, 办理, 我想 …) before being turned into the same bigrams.
 */

const HAN = /\p{Script=Han}/u;
const RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

export function normalizeText(input: string): string {
  return input.normalize('NFKC').toLowerCase();
}

function runs(input: string): string[] {
  return normalizeText(input).match(RUN) ?? [];
}

function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * Index terms of a text: Han bigrams (single Han characters stay as they are) and Latin/digit words.
 * The last character of a longer Han run is indexed on its own as well, so that every character
 * starts some term and a one-character query (a prefix term) also finds it at the end of a run
 * (税 in 车船税, 证 in 居住证).
 */
export function indexTerms(input: string): string[] {
  const set = new Set<string>();
  for (const run of runs(input)) {
    if (HAN.test(run)) {
      for (const b of bigrams(run)) set.add(b);
      const chars = Array.from(run);
      if (chars.length > 1) set.add(chars[chars.length - 1]!);
    } else set.add(run);
  }
  return [...set];
}

/** Words that carry no meaning in a citizen's query. */
const QUERY_FILLERS = new Set([
  '怎么', '怎样', '如何', '怎么样', '哪里', '在哪', '在哪里', '去哪', '我要', '我想', '想要', '需要', '要', '想',
  '办理', '办', '申请', '咨询', '了', '的', '吗', '呢', '啊', '吧', '个', '一个', '什么', '哪些', '可以', '能',
  '我', '我的', '请问', '一下', '需', '流程', '手续',
]);

export interface QueryTerm {
  /** lexeme to look up */
  term: string;
  /** match as a prefix of an indexed term (a lone Han character) */
  prefix: boolean;
}

let segmenter: Intl.Segmenter | undefined;
function words(input: string): string[] {
  segmenter ??= new Intl.Segmenter('zh-CN', { granularity: 'word' });
  return [...segmenter.segment(normalizeText(input))].filter((s) => s.isWordLike).map((s) => s.segment);
}

/**
 * Terms of a query. Filler words are dropped, unless nothing would be left; the remaining
 * words are joined back into runs so that bigrams span word boundaries as in the index.
 */
export function queryTerms(input: string): QueryTerm[] {
  const all = words(input);
  let kept = all.filter((w) => !QUERY_FILLERS.has(w));
  if (kept.length === 0) kept = all;
  // re-join adjacent kept words that were adjacent in the query, so 营业|执照 → 营业执照
  const text = normalizeText(input);
  const pieces: string[] = [];
  let cursor = 0;
  let current = '';
  for (const w of kept) {
    const at = text.indexOf(w, cursor);
    if (at < 0) continue;
    const between = text.slice(cursor, at);
    if (current && (between.length > 0 || HAN.test(w) !== HAN.test(current.slice(-1)))) {
      pieces.push(current);
      current = '';
    }
    current += w;
    cursor = at + w.length;
  }
  if (current) pieces.push(current);
  const out = new Map<string, QueryTerm>();
  for (const piece of pieces) {
    for (const run of runs(piece)) {
      if (HAN.test(run)) {
        const grams = bigrams(run);
        for (const g of grams) out.set(g, { term: g, prefix: Array.from(g).length === 1 });
      } else {
        out.set(run, { term: run, prefix: true });
      }
    }
  }
  return [...out.values()];
}

/** Marks the parts of `text` covered by any query term. */
export function highlight(text: string, terms: readonly QueryTerm[]): { text: string; hit: boolean }[] {
  const chars = Array.from(text);
  const lower = Array.from(normalizeText(text));
  const hit = new Array<boolean>(chars.length).fill(false);
  if (lower.length === chars.length) {
    for (const { term } of terms) {
      const t = Array.from(term);
      for (let i = 0; i + t.length <= lower.length; i++) {
        let ok = true;
        for (let j = 0; j < t.length && ok; j++) ok = lower[i + j] === t[j];
        if (ok) for (let j = 0; j < t.length; j++) hit[i + j] = true;
      }
    }
  }
  const out: { text: string; hit: boolean }[] = [];
  chars.forEach((c, i) => {
    const last = out[out.length - 1];
    if (last && last.hit === hit[i]) last.text += c;
    else out.push({ text: c, hit: hit[i]! });
  });
  return out;
}

/** Serialises terms as a PostgreSQL tsquery literal, optionally restricted to a weight. */
export function toTsQuery(terms: readonly QueryTerm[], op: '&' | '|', weight?: 'A' | 'B' | 'C' | 'D'): string {
  return terms
    .map(({ term, prefix }) => {
      const lexeme = `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
      const flags = `${weight ?? ''}${prefix ? '*' : ''}`;
      return flags ? `${lexeme}:${flags}` : lexeme;
    })
    .join(` ${op} `);
}

export type Weight = 'A' | 'B' | 'C' | 'D';

/**
 * Serialises weighted index terms as a PostgreSQL tsvector literal (`'营业':1A,7D '执照':2A`).
 * The literal is cast with ::tsvector, so no text-search parser (which does not know Chinese)
 * ever sees the text, and both engines index exactly the same lexemes.
 */
export function toTsVector(fields: Partial<Record<Weight, readonly string[]>>): string {
  const positions = new Map<string, string[]>();
  let pos = 1;
  for (const weight of ['A', 'B', 'C', 'D'] as const) {
    for (const text of fields[weight] ?? []) {
      for (const term of indexTerms(text)) {
        const list = positions.get(term) ?? [];
        if (list.length < 256) list.push(`${Math.min(pos, 16383)}${weight === 'D' ? '' : weight}`);
        positions.set(term, list);
        pos++;
      }
    }
  }
  return [...positions]
    .map(([term, list]) => `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}':${list.join(',')}`)
    .join(' ');
}
