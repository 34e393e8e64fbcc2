/** The Content-Security-Policy of a built index.html, as directive → sources. */
export function policyOf(html: string): Map<string, string[]> | null {
  const meta = /<meta[^>]+http-equiv="Content-Security-Policy"[^>]*>/i.exec(html)?.[0];
  const content = meta && /content="([^"]*)"/i.exec(meta)?.[1];
  if (!content) return null;
  const text = content.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const policy = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy.set(name.toLowerCase(), sources);
  }
  return policy;
}

/**
 * What the issue allows, and nothing more: own origin for code, workers, wasm, styles, fonts and
 * connections; 'wasm-unsafe-eval' for DuckDB; blob: only where the app makes the thing itself
 * (the DuckDB worker's boot script, the PNG export's drawing).
 */
export const ALLOWED: Record<string, string[]> = {
  'default-src': ["'none'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'worker-src': ["'self'", 'blob:'],
  'connect-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'blob:'],
  'font-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};
