/**
 * Bidi controls from files in exports (issue 15, item 9). Expected strings are written by hand
 * from the Unicode Bidi_Control list: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069.
 */
import { describe, expect, test } from 'vitest';
import { escapeBidiInJson, exportSafeText, hasBidiControls, isolateText, showBidiControls } from '../../../src/report/bidi';
import { tableToCsv, toCsv } from '../../../src/report/csv';

const RLO = '\u202E';
const ALL = ['\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];

describe('showBidiControls', () => {
  test('writes each control out by its code point, leaving the rest as it was', () => {
    expect(showBidiControls(`rota${RLO}vsc.exe`)).toBe('rota[U+202E]vsc.exe');
    expect(showBidiControls(ALL.join(''))).toBe(
      '[U+061C][U+200E][U+200F][U+202A][U+202B][U+202C][U+202D][U+202E][U+2066][U+2067][U+2068][U+2069]',
    );
  });

  test('leaves right-to-left letters and other text alone', () => {
    const hebrew = 'מחלקה אלון';
    const arabic = 'جناح البلوط';
    expect(showBidiControls(hebrew)).toBe(hebrew);
    expect(showBidiControls(arabic)).toBe(arabic);
    expect(showBidiControls('Café – Zoë\u200B')).toBe('Café – Zoë\u200B');
  });

  test('is idempotent and leaves nothing that acts', () => {
    const once = showBidiControls(`a${RLO}b\u2066c`);
    expect(showBidiControls(once)).toBe(once);
    expect(hasBidiControls(once)).toBe(false);
    expect(hasBidiControls(`a${RLO}`)).toBe(true);
    expect(hasBidiControls('plain')).toBe(false);
  });
});

describe('escapeBidiInJson', () => {
  test('escapes the controls so the JSON reads the same strings back', () => {
    const data = { fileName: `incidents${RLO}vsc.csv`, units: ALL.map((c) => `Oak${c}`) };
    const text = escapeBidiInJson(JSON.stringify(data));
    expect(hasBidiControls(text)).toBe(false);
    expect(text).toContain('incidents\\u202evsc.csv');
    expect(JSON.parse(text)).toEqual(data);
  });
});

describe('exportSafeText', () => {
  test('escapes in JSON, shows in anything else', () => {
    expect(exportSafeText(`"a${RLO}"`, 'application/json')).toBe('"a\\u202e"');
    expect(exportSafeText(`<text>a${RLO}</text>`, 'image/svg+xml')).toBe('<text>a[U+202E]</text>');
  });
});

describe('CSV cells', () => {
  test('a cell cannot reverse its neighbours: controls are shown, formulas still neutralised', () => {
    const rows = [{ unit: `Oak${RLO}draW`, value: `=1+1${RLO}` }];
    expect(toCsv(['unit', 'value'], rows)).toBe("unit,value\r\nOak[U+202E]draW,'=1+1[U+202E]\r\n");
    expect(tableToCsv([{ key: 'unit', label: `Unit${RLO}` }], rows)).toBe('Unit[U+202E]\r\nOak[U+202E]draW\r\n');
  });
});

describe('isolateText', () => {
  test('wraps text holding controls in FSI … PDI; other text is left alone', () => {
    expect(isolateText('Oak Ward')).toBe('Oak Ward');
    expect(isolateText(`Oak${RLO}draW`)).toBe(`\u2068Oak${RLO}draW\u2069`);
  });

  test('closes isolates the text leaves open and drops a PDI that would close the wrapper', () => {
    // LRI opened and never closed: one PDI for it, one for the wrapper.
    expect(isolateText(`a\u2066b`)).toBe(`\u2068a\u2066b\u2069\u2069`);
    // A stray PDI first (it would end the wrapper, letting the RLO after it reach the app's words).
    expect(isolateText(`\u2069${RLO}x`)).toBe(`\u2068${RLO}x\u2069`);
    // Balanced isolates inside are kept as they are.
    expect(isolateText(`\u2067a\u2069${RLO}`)).toBe(`\u2068\u2067a\u2069${RLO}\u2069`);
  });
});
