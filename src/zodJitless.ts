/**
 * Imported first by main.tsx, before any module that builds a Zod schema: Zod probes for eval
 * (new Function) when a schema is made, and the Content-Security-Policy refuses eval. Saying up
 * front that it is not there avoids the refused probe (a CSP violation report) and costs nothing.
 * Every module that builds a schema imports this one first too: the bundler may put such a module
 * in a chunk shared with lazily loaded pages, which runs before main.tsx's own imports.
 */
import { z } from 'zod';

z.config({ jitless: true });
