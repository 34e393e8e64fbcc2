/**
 * Imported first by main.tsx, before any module that builds a Zod schema: Zod probes for eval
 * (new Function) when a schema is made, and the Content-Security-Policy refuses eval. Saying up
 * front that it is not there avoids the refused probe (a CSP violation report) and costs nothing.
 */
import { z } from 'zod';

z.config({ jitless: true });
