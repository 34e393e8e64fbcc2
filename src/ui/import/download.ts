import { downloadText as download } from '../../report/exports';

/** Offer text as a file download without it ever leaving the browser (report/exports: a blob: URL, bidi controls shown). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  download(text, fileName, type);
}
