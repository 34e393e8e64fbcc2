/**
 * The app's entry (src/boot.ts) is tiny: it starts the DuckDB worker, then imports the app
 * (src/main.tsx) dynamically. index.html links the app's CSS so that it loads alongside; the app's
 * JavaScript is deliberately not preloaded: a modulepreload (or a preload) of its 940 kB made the
 * browser parse or fetch it ahead of the entry, which then started the worker 250–500 ms after
 * navigation instead of 100–250 ms on a busy two-core machine, and the worker (the wasm's download
 * and compile) is the longest path to the first chart; on a real network the wasm's 34 MB compete
 * with it for bandwidth too. Build only.
 */
import path from 'node:path';
import type { HtmlTagDescriptor, Plugin } from 'vite';

/** Modules whose chunks' CSS (with their static imports') index.html links. */
const PRELOADED = ['src/main.tsx'];

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  facadeModuleId: string | null;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}

export function appCssPlugin(root: string): Plugin {
  return {
    name: 'pbs-lens-app-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((c): c is ChunkLike & (typeof bundle)[string] => c.type === 'chunk');
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const scripts = new Set<string>();
        const styles = new Set<string>();
        const visit = (c: ChunkLike) => {
          if (scripts.has(c.fileName)) return;
          scripts.add(c.fileName);
          for (const css of c.viteMetadata?.importedCss ?? []) styles.add(css);
          for (const dep of c.imports) {
            const d = byFile.get(dep);
            if (d) visit(d);
          }
        };
        for (const wanted of PRELOADED.map((m) => path.join(root, m))) {
          const chunk = chunks.find((c) => c.facadeModuleId === wanted);
          if (!chunk) throw new Error(`pbs-lens-app-css: no chunk for ${wanted}`);
          visit(chunk);
        }
        // The app is served from the root (vite.config.ts has no base).
        const base = '/';
        // Already in the page (the entry and what it imports statically) need no second hint.
        const absent = (f: string) => !html.includes(`${base}${f}"`);
        const tags: HtmlTagDescriptor[] = [...styles]
          .filter(absent)
          .map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `${base}${f}` }, injectTo: 'head' as const }));
        return tags;
      },
    },
  };
}
