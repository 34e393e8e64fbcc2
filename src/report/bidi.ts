/**
 * Bidirectional-text controls (Unicode's Bidi_Control characters: ALM, LRM, RLM, the embeddings
 * LRE RLE PDF, the overrides LRO RLO and the isolates LRI RLI FSI PDI) in text read from a file
 * can reverse whatever follows them on the line — in a spreadsheet cell, a JSON viewer or a chart
 * label, the app's own words too. Exports make them visible instead of acting on them: as
 * "[U+202E]" in text, as a \u202e escape in JSON (the same string once parsed).
 */

const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const codePoint = (c: string) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');

export function hasBidiControls(text: string): boolean {
  BIDI_CONTROLS.lastIndex = 0;
  return BIDI_CONTROLS.test(text);
}

/** Each control written out as "[U+202E]": nothing is reordered and nothing silently lost. */
export function showBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `[U+${codePoint(c)}]`);
}

/**
 * JSON text with each control escaped (\u202e): it parses back to the very same strings, and
 * shows as an escape in any viewer. The controls can only occur inside JSON strings, where an
 * escape means the same character.
 */
export function escapeBidiInJson(json: string): string {
  return json.replace(BIDI_CONTROLS, (c) => `\\u${codePoint(c).toLowerCase()}`);
}

/** Text for a downloaded file of this MIME type: JSON escaped, anything else shown. */
export function exportSafeText(text: string, type: string): string {
  return /json/i.test(type) ? escapeBidiInJson(text) : showBidiControls(text);
}

const FSI = '\u2068';
const PDI = '\u2069';
const ISOLATE_START = new Set(['\u2066', '\u2067', FSI]);

/**
 * Text from a file, to be set inside a sentence of the app's own: wrapped in FSI … PDI (the plain
 * text form of <bdi>) so nothing in it reorders the words around it. Isolates it leaves open are
 * closed, and a stray PDI that would close the wrapper early is dropped; embeddings and overrides
 * end at the closing PDI. Text without controls is returned as it is.
 */
export function isolateText(text: string): string {
  if (!hasBidiControls(text)) return text;
  let open = 0;
  let out = '';
  for (const c of text) {
    if (ISOLATE_START.has(c)) open++;
    else if (c === PDI) {
      if (open === 0) continue;
      open--;
    }
    out += c;
  }
  return FSI + out + PDI.repeat(open) + PDI;
}
