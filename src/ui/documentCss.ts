/**
 * CSS made at run time (the evidence pack's running header and footer carry the person's name
 * and dates) as a constructed style sheet adopted by the document. The Content-Security-Policy
 * allows style sheets from this origin only and no inline style elements; constructed sheets are
 * CSSOM, which the policy does not govern, and their text is never parsed as HTML.
 */
import { useEffect } from 'react';

export function useDocumentCss(css: string): void {
  useEffect(() => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [css]);
}
