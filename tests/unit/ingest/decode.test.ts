import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openNodeDatabase } from '../../../src/db/node';
import type { Connector } from '../../../src/db/connector';
import {
  createDecoder,
  createTranscoder,
  decodePreview,
  detectEncoding,
  isValidUtf8,
  needsTranscoding,
  transcodeChunks,
  transcodeStream,
  type Encoding,
} from '../../../src/ingest/decode';

const utf8 = (s: string) => new TextEncoder().encode(s);
const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string) => {
  const b = utf16le(s);
  for (let i = 0; i + 1 < b.length; i += 2) [b[i], b[i + 1]] = [b[i + 1]!, b[i]!];
  return b;
};
const cat = (...parts: (number[] | Uint8Array)[]) => new Uint8Array(parts.flatMap((p) => Array.from(p)));

// "Café £5 “x”" in Windows-1252, byte by byte from the code page chart.
const CP1252_SAMPLE = cat(utf8('Caf'), [0xe9], utf8(' '), [0xa3], utf8('5 '), [0x93], utf8('x'), [0x94], utf8(' '), [0x91, 0x92, 0x96, 0x80]);
const CP1252_TEXT = 'Café £5 “x” ‘’–€';

describe('detectEncoding', () => {
  it('reads byte order marks', () => {
    expect(detectEncoding(cat([0xef, 0xbb, 0xbf], utf8('a,b')))).toMatchObject({ encoding: 'utf-8-bom', bomLength: 3 });
    expect(detectEncoding(cat([0xff, 0xfe], utf16le('a,b')))).toMatchObject({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(cat([0xfe, 0xff], utf16be('a,b')))).toMatchObject({ encoding: 'utf-16be', bomLength: 2 });
  });
  it('spots UTF-16 without a BOM from the zero bytes', () => {
    expect(detectEncoding(utf16le('Ref\tDate\tWard\r\n1\t03/04/2025\tOak\r\n')).encoding).toBe('utf-16le');
    expect(detectEncoding(utf16be('Ref\tDate\tWard\r\n1\t03/04/2025\tOak\r\n')).encoding).toBe('utf-16be');
  });
  it('tells UTF-8 from Windows-1252', () => {
    expect(detectEncoding(utf8('Name,Cost\nZoë,£5\n')).encoding).toBe('utf-8');
    expect(detectEncoding(utf8('plain ascii')).encoding).toBe('utf-8');
    expect(detectEncoding(CP1252_SAMPLE).encoding).toBe('windows-1252');
    expect(detectEncoding(new Uint8Array([0x41, 0xa3, 0x35])).encoding).toBe('windows-1252');
  });
  it('says which encodings DuckDB can read as they are', () => {
    const all: Encoding[] = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'];
    expect(all.filter(needsTranscoding)).toEqual(['utf-16le', 'utf-16be', 'windows-1252']);
  });
});

describe('isValidUtf8', () => {
  it('agrees with a fatal TextDecoder on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let expected = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          expected = false;
        }
        expect(isValidUtf8(bytes)).toBe(expected);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
  it('rejects overlongs and surrogates, allows a cut character only at a preview end', () => {
    expect(isValidUtf8(new Uint8Array([0xc0, 0xaf]))).toBe(false);
    expect(isValidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(false);
    const pound = utf8('ab£');
    expect(isValidUtf8(pound.subarray(0, 3))).toBe(false);
    expect(isValidUtf8(pound.subarray(0, 3), true)).toBe(true);
  });
});

describe('decoding', () => {
  it('decodes Windows-1252 by the code page (Node 20 TextDecoder would give Latin-1 here)', () => {
    const d = createDecoder('windows-1252');
    expect(d.decode(CP1252_SAMPLE)).toBe(CP1252_TEXT);
    // 0x80–0x9F from Python's cp1252 codec (undefined bytes kept as C1 controls, as WHATWG does).
    const python = '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';
    const high = new Uint8Array(32).map((_, i) => 0x80 + i);
    expect(createDecoder('windows-1252').decode(high)).toBe(python);
    const rest = new Uint8Array(224).map((_, i) => (i < 128 ? i : i + 32));
    expect(createDecoder('windows-1252').decode(rest)).toBe(new TextDecoder('latin1').decode(rest));
  });
  it('decodes a preview and drops a character cut by the preview end', () => {
    const bytes = utf8('Name\nZoë\n');
    const p = decodePreview(bytes.subarray(0, 8), bytes.length);
    expect(p.truncated).toBe(true);
    expect(p.text).toBe('Name\nZo');
    expect(decodePreview(cat([0xff, 0xfe], utf16le('a;b\n'))).text).toBe('a;b\n');
  });
});

describe('transcoding to UTF-8', () => {
  const text = 'Ref,Name,Notes\r\n1,Zoë Brontë,"said ""no"" – £5"\r\n2,José,😀 ok\r\n';
  const inputs: [Encoding, Uint8Array, number][] = [
    ['utf-16le', cat([0xff, 0xfe], utf16le(text)), 2],
    ['utf-16be', cat([0xfe, 0xff], utf16be(text)), 2],
    ['utf-16le', utf16le(text), 0],
  ];
  const chunked = (bytes: Uint8Array, sizes: number[]) => {
    const out: Uint8Array[] = [];
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
      const n = sizes[i % sizes.length]!;
      out.push(bytes.subarray(at, at + n));
      at += n;
    }
    return out;
  };

  it('gives the same bytes whatever the chunk boundaries (property)', () => {
    for (const [encoding, bytes, bomLength] of inputs) {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 }), (sizes) => {
          const t = createTranscoder({ encoding, bomLength });
          const parts = chunked(bytes, sizes).map((c) => t.push(c));
          parts.push(t.end());
          expect(new TextDecoder().decode(cat(...parts))).toBe(text);
        }),
        { numRuns: 200, seed: 3 },
      );
    }
  });

  it('transcodes Windows-1252 through the async generator and the TransformStream', async () => {
    const guess = { encoding: 'windows-1252' as const, bomLength: 0 };
    const parts: Uint8Array[] = [];
    for await (const c of transcodeChunks(chunked(CP1252_SAMPLE, [3, 1, 5]), guess)) parts.push(c);
    expect(new TextDecoder().decode(cat(...parts))).toBe(CP1252_TEXT);

    const stream = new Blob([CP1252_SAMPLE]).stream().pipeThrough(transcodeStream(guess));
    expect(await new Response(stream).text()).toBe(CP1252_TEXT);
  });

  describe('into DuckDB read_csv', () => {
    let db: Connector;
    beforeAll(async () => {
      db = await openNodeDatabase();
    });
    afterAll(async () => {
      await db.close();
    });
    it('reads transcoded UTF-16 and Windows-1252 files with their accents and £ intact', async () => {
      const csv1252 = cat(utf8('name;cost\r\n'), utf8('Ren'), [0xe9, 0x3b, 0xa3], utf8('12\r\n'));
      const files: [string, Uint8Array, { encoding: Encoding; bomLength: number }][] = [
        ['pbs-lens-files/u16.csv', inputs[0]![1], { encoding: 'utf-16le', bomLength: 2 }],
        ['pbs-lens-files/w.csv', csv1252, { encoding: 'windows-1252', bomLength: 0 }],
      ];
      for (const [name, bytes, guess] of files) {
        expect(detectEncoding(bytes)).toMatchObject(guess);
        const t = createTranscoder(guess);
        await db.registerFile(name, cat(t.push(bytes), t.end()));
      }
      const u16 = await db.query(`SELECT "Name" AS n, "Notes" AS x FROM read_csv('pbs-lens-files/u16.csv', all_varchar = true) ORDER BY "Ref"`);
      expect(u16).toEqual([
        { n: 'Zoë Brontë', x: 'said "no" – £5' },
        { n: 'José', x: '😀 ok' },
      ]);
      const w = await db.query(`SELECT * FROM read_csv('pbs-lens-files/w.csv', all_varchar = true, delim = ';')`);
      expect(w).toEqual([{ name: 'René', cost: '£12' }]);
    });
  });
});
