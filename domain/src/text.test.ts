import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { highlight, indexTerms, normalizeText, queryTerms, toTsQuery, toTsVector, type QueryTerm } from './text.js';

const terms = (q: string) => queryTerms(q).map((t) => `${t.term}${t.prefix ? '*' : ''}`);

/** The query term matches an index term as PostgreSQL would: exactly, or as a prefix when flagged. */
const matches = (t: QueryTerm, index: readonly string[]) =>
  t.prefix ? index.some((x) => x.startsWith(t.term)) : index.includes(t.term);

const HAN = Array.from('营业执照证身份税务户口居住护社保车船婚姻登记出生医学公积金提取');
const FILLERS = [
  '怎么', '怎样', '如何', '怎么样', '哪里', '在哪', '在哪里', '去哪', '我要', '我想', '想要', '需要', '要', '想',
  '办理', '办', '申请', '咨询', '了', '的', '吗', '呢', '啊', '吧', '个', '一个', '什么', '哪些', '可以', '能',
  '我', '我的', '请问', '一下', '需', '流程', '手续',
];
/** Citizen-like queries: Han characters of a small alphabet, filler words, a little Latin and punctuation. */
const queryLike = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HAN) },
      { weight: 3, arbitrary: fc.constantFrom(...FILLERS) },
      { weight: 1, arbitrary: fc.constantFrom(' ', '，', '？', 'ab', 'WiFi', 'ＩＣＰ', '１２', 'x1') },
    ),
    { minLength: 1, maxLength: 14 },
  )
  .map((a) => a.join(''));

describe('indexTerms', () => {
  it('turns Han text into overlapping bigrams (+ the last character of the run)', () => {
    expect(indexTerms('营业执照')).toEqual(['营业', '业执', '执照', '照']);
    expect(indexTerms('食品经营许可')).toEqual(['食品', '品经', '经营', '营许', '许可', '可']);
  });

  it('keeps a single Han character as it is', () => {
    expect(indexTerms('证')).toEqual(['证']);
  });

  it('does not build bigrams across punctuation or spaces', () => {
    const t = indexTerms('营业，执照 许可');
    expect(t).toEqual(['营业', '业', '执照', '照', '许可', '可']);
    expect(t).not.toContain('业执');
    expect(t).not.toContain('照许');
  });

  it('keeps Latin/digit words whole and lower-cased', () => {
    expect(indexTerms('WiFi 密码 ABC123')).toEqual(['wifi', '密码', '码', 'abc123']);
    expect(indexTerms('ICP备案')).toEqual(['icp', '备案', '案']);
  });

  it('maps full-width characters to half-width (NFKC)', () => {
    expect(indexTerms('ＩＣＰ备案１２３')).toEqual(['icp', '备案', '案', '123']);
    expect(normalizeText('ＡＢＣ　１２３')).toBe('abc 123');
  });

  it('has no duplicates', () => {
    expect(indexTerms('营业营业')).toEqual(['营业', '业营', '业']);
  });

  it('is empty for text without letters, digits or Han characters', () => {
    expect(indexTerms('，。 ！-')).toEqual([]);
    expect(indexTerms('')).toEqual([]);
  });
});

describe('queryTerms', () => {
  it('drops filler words and bigrams the rest', () => {
    expect(terms('怎么办理营业执照')).toEqual(['营业', '业执', '执照']);
    expect(terms('营业执照怎么办理')).toEqual(['营业', '业执', '执照']);
    expect(terms('我想申请个体工商户营业执照')).not.toContain('我想');
    expect(terms('我想申请个体工商户营业执照')).not.toContain('申请');
    expect(terms('我想申请个体工商户营业执照')).toEqual(expect.arrayContaining(['个体', '工商', '营业', '执照']));
  });

  it('does not bridge a dropped filler with a bigram', () => {
    const t = terms('营业了执照');
    expect(t).toEqual(['营业', '执照']);
  });

  it('keeps the fillers when the query has nothing else', () => {
    expect(terms('怎么办理')).toEqual(['怎么', '么办', '办理']);
    expect(terms('我想办理了')).toEqual(['我想', '想办', '办理', '理了']);
    expect(terms('了')).toEqual(['了*']);
    expect(queryTerms('')).toEqual([]);
  });

  it('marks lone Han characters and Latin words as prefix terms', () => {
    expect(queryTerms('证')).toEqual([{ term: '证', prefix: true }]);
    expect(queryTerms('WiFi密码')).toEqual([
      { term: 'wifi', prefix: true },
      { term: '密码', prefix: false },
    ]);
  });

  it('normalises full width and case', () => {
    expect(terms('ＩＣＰ备案')).toEqual(['icp*', '备案']);
  });

  it('finds a one-character query at the end of a word (证 in 居住证)', () => {
    // regression: 怎么办证 → 证*, which matched nothing when the last character of a run was
    // only the second half of a bigram
    expect(terms('怎么办证')).toEqual(['证*']);
    for (const doc of ['居住证', '车船税', '我的证']) {
      const q = queryTerms(Array.from(doc).at(-1)!);
      expect(q.every((t) => matches(t, indexTerms(doc))), doc).toBe(true);
    }
  });

  it('property: every query term of a text matches the index terms of the same text', () => {
    fc.assert(
      fc.property(queryLike, (s) => {
        const index = indexTerms(s);
        for (const t of queryTerms(s)) expect(matches(t, index), `${s} → ${t.term}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: a query embedded in a longer text still matches it', () => {
    fc.assert(
      fc.property(queryLike, queryLike, queryLike, (before, q, after) => {
        const index = indexTerms(`${before}，${q}，${after}`);
        for (const t of queryTerms(q)) expect(matches(t, index), `${q} → ${t.term}`).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('highlight', () => {
  it('marks the hits', () => {
    expect(highlight('办理营业执照（个体）', queryTerms('营业执照'))).toEqual([
      { text: '办理', hit: false },
      { text: '营业执照', hit: true },
      { text: '（个体）', hit: false },
    ]);
  });

  it('marks every occurrence and keeps the original case and width', () => {
    expect(highlight('ＷｉＦｉ and wifi', queryTerms('WIFI'))).toEqual([
      { text: 'ＷｉＦｉ', hit: true },
      { text: ' and ', hit: false },
      { text: 'wifi', hit: true },
    ]);
  });

  it('returns one plain part without terms', () => {
    expect(highlight('营业执照', [])).toEqual([{ text: '营业执照', hit: false }]);
    expect(highlight('', queryTerms('营业'))).toEqual([]);
  });

  it('property: the parts concatenate to the input, alternate, and are never empty', () => {
    fc.assert(
      fc.property(fc.oneof(queryLike, fc.string({ unit: 'grapheme' })), queryLike, (text, q) => {
        const parts = highlight(text, queryTerms(q));
        expect(parts.map((p) => p.text).join('')).toBe(text);
        for (const p of parts) expect(p.text).not.toBe('');
        for (let i = 1; i < parts.length; i++) expect(parts[i]!.hit).not.toBe(parts[i - 1]!.hit);
      }),
    );
  });

  it('property: a text containing the query has a hit, and the hits contain only query characters', () => {
    fc.assert(
      fc.property(queryLike, queryLike, queryLike, (before, q, after) => {
        const text = `${before}，${q}，${after}`;
        const qt = queryTerms(q);
        fc.pre(qt.length > 0);
        const parts = highlight(text, qt);
        expect(parts.some((p) => p.hit)).toBe(true);
        const chars = new Set(qt.flatMap((t) => Array.from(t.term)));
        for (const p of parts.filter((x) => x.hit)) {
          for (const c of Array.from(normalizeText(p.text))) expect(chars.has(c), c).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('toTsQuery', () => {
  const t = (term: string, prefix = false): QueryTerm => ({ term, prefix });

  it('joins quoted lexemes with the operator', () => {
    expect(toTsQuery([t('营业'), t('执照')], '&')).toBe("'营业' & '执照'");
    expect(toTsQuery([t('营业'), t('执照')], '|')).toBe("'营业' | '执照'");
    expect(toTsQuery([], '&')).toBe('');
  });

  it('adds the prefix flag and the weight', () => {
    expect(toTsQuery([t('wifi', true), t('密码')], '&')).toBe("'wifi':* & '密码'");
    expect(toTsQuery([t('wifi', true), t('密码')], '&', 'A')).toBe("'wifi':A* & '密码':A");
  });

  it("escapes quotes ('') and backslashes", () => {
    expect(toTsQuery([t("it's")], '&')).toBe("'it''s'");
    expect(toTsQuery([t('a\\b')], '&')).toBe("'a\\\\b'");
    expect(toTsQuery([t("\\'")], '|', 'B')).toBe("'\\\\''':B");
  });

  it('property: each lexeme is a well-formed quoted literal that unescapes to the term', () => {
    const lexeme = /^'((?:[^'\\]|''|\\\\)*)'(?::[ABCD]?\*?)?$/;
    fc.assert(
      fc.property(fc.array(fc.record({ term: fc.string({ minLength: 1 }), prefix: fc.boolean() }), { minLength: 1, maxLength: 5 }), (ts) => {
        const parts = toTsQuery(ts, '&').split(' & ');
        // terms here contain no " & ", so splitting gives the lexemes back
        fc.pre(ts.every((x) => !x.term.includes(' & ')));
        expect(parts).toHaveLength(ts.length);
        parts.forEach((p, i) => {
          const m = lexeme.exec(p);
          expect(m, p).not.toBeNull();
          expect(m![1]!.replace(/''/g, "'").replace(/\\\\/g, '\\')).toBe(ts[i]!.term);
          expect(p.endsWith('*')).toBe(ts[i]!.prefix);
        });
      }),
    );
  });
});

describe('toTsVector', () => {
  it('writes weights A/B/C, no suffix for D, positions in field order', () => {
    expect(toTsVector({ A: ['营业执照'], B: ["It's"], C: ['AB'], D: ['营业'] })).toBe(
      "'营业':1A,8 '业执':2A '执照':3A '照':4A 'it':5B 's':6B 'ab':7C '业':9",
    );
  });

  it('is empty without text', () => {
    expect(toTsVector({})).toBe('');
    expect(toTsVector({ A: [''], D: ['，'] })).toBe('');
  });

  it('caps positions at 16383 and keeps at most 256 positions per lexeme', () => {
    const many = Array.from({ length: 17000 }, (_, i) => `w${i}`);
    const v = toTsVector({ A: many, D: ['late'] });
    expect(v.endsWith("'late':16383")).toBe(true);
    const repeated = toTsVector({ D: Array.from({ length: 300 }, () => 'x') });
    expect(repeated.split(',')).toHaveLength(256);
  });

  it('property: well-formed literal, quotes escaped, positions ascending, weights of their field', () => {
    const entry = /^'((?:[^'\\]|''|\\\\)+)':(\d+[ABC]?(?:,\d+[ABC]?)*)$/;
    const texts = fc.array(fc.oneof(queryLike, fc.string({ maxLength: 12 }), fc.constantFrom("it's", 'a\\b', "'营业'")), {
      maxLength: 4,
    });
    fc.assert(
      fc.property(fc.record({ A: texts, B: texts, C: texts, D: texts }), (fields) => {
        const literal = toTsVector(fields);
        const expectedTerms = new Set(
          (['A', 'B', 'C', 'D'] as const).flatMap((w) => fields[w].flatMap((t) => indexTerms(t))),
        );
        // lexemes never contain spaces, so entries are separated by single spaces
        const entries = literal === '' ? [] : literal.split(' ');
        expect(entries).toHaveLength(expectedTerms.size);
        for (const e of entries) {
          const m = entry.exec(e);
          expect(m, e).not.toBeNull();
          const term = m![1]!.replace(/''/g, "'").replace(/\\\\/g, '\\');
          expect(expectedTerms.has(term), term).toBe(true);
          const positions = m![2]!.split(',');
          const numbers = positions.map((p) => Number.parseInt(p, 10));
          for (let i = 1; i < numbers.length; i++) expect(numbers[i]!).toBeGreaterThan(numbers[i - 1]!);
          for (const p of positions) {
            const weight = p.replace(/\d+/, '') || 'D';
            expect(fields[weight as 'A' | 'B' | 'C' | 'D'].some((t) => indexTerms(t).includes(term))).toBe(true);
          }
        }
      }),
    );
  });
});
