/**
 * The app's entry (src/boot.ts) is tiny: it starts the DuckDB worker, then imports the app
 * (src/main.tsx) dynamically. So that the app's code does not wait for the entry to run before it
 * downloads, index.html preloads it — main.tsx's chunk, every chunk it imports (the first analysis
 * page, Staffing, with Recharts among them) and its CSS — in the build only. All same-origin files
 * of the build.
 */
import path from 'node:path';
import type { HtmlTagDescriptor, Plugin } from 'vite';

/** Modules whose chunks (with their static imports) index.html preloads. */
const PRELOADED = ['src/main.tsx'];

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  facadeModuleId: string | null;
  imports: string[];
  viteMetadata?: { importedCss: Set<string> };
}

export function preloadPlugin(root: string): Plugin {
  return {
    name: 'pbs-lens-preload',
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
          if (!chunk) throw new Error(`pbs-lens-preload: no chunk for ${wanted}`);
          visit(chunk);
        }
        // The app is served from the root (vite.config.ts has no base).
        const base = '/';
        // Already in the page (the entry and what it imports statically) need no second hint.
        const absent = (f: string) => !html.includes(`${base}${f}"`);
        const tags: HtmlTagDescriptor[] = [
          ...[...styles].filter(absent).map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `${base}${f}` }, injectTo: 'head' as const })),
          ...[...scripts].filter(absent).map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${f}` }, injectTo: 'head' as const })),
        ];
        return tags;
      },
    },
  };
}
