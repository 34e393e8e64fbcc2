/**
 * The evidence pack for one person and a date range: a report laid out for A4, printed to PDF by
 * the browser. Every number and sentence comes from report/evidencePack.ts; this view only lays
 * it out, adds the print header and footer, and offers the exports.
 */
import { useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import { buildEvidenceReport, easyReadWithName, reportJson, type EvidenceReport, type ReportFigure, type ReportTable } from '../../report/evidencePack';
import type { EasyReadLine } from '../../report/easyRead';
import { readEasyReadName, writeEasyReadName } from '../storage/easyReadName';
import { fileStem, downloadJson } from '../../report/exports';
import { loadEvidencePack } from '../../report/pack';
import { ExportButtons } from '../components/ExportButtons';
import { FilterBar } from '../components/FilterBar';
import { ShownCell, SuppressionKey } from '../components/Suppressed';
import { VariationBadge } from '../components/VariationBadge';
import { useAsync } from '../useAsync';
import { useDocumentCss } from '../documentCss';
import { EasyRead } from './EasyRead';
import { NoData } from '../components/NoData';
import type { PageProps } from '../useAnalysis';
import { PackChartFrame, SpcKey } from './EvidencePackCharts';
import '../print.css';
import { ExportScrub } from '../exportPrivacy';
import { isolateText } from '../../report/bidi';

export default function EvidencePackPage(props: PageProps) {
  const { engine, hasData, dataVersion, filters, onFilters, onStart } = props;
  const [suppress, setSuppress] = useState(false);
  const [realName, setRealName] = useState(false);
  // The specialist section (ABC summary and who was there): off unless chosen.
  const [specialist, setSpecialist] = useState(false);
  // Which page to show and print: the full pack, or the easy-read page on its own.
  const [which, setWhich] = useState<'full' | 'easy'>('full');
  const privacy = useContext(ExportScrub);
  const ready = engine && hasData ? engine : null;
  const options = useAsync(ready ? () => ready.filterOptions() : null, [ready, dataVersion]);
  const data = useAsync(ready && filters.personId ? () => loadEvidencePack(ready, filters) : null, [
    ready,
    dataVersion,
    filters.from,
    filters.to,
    filters.unit,
    filters.personId,
  ]);
  const report = useMemo(
    () => (data.value ? buildEvidenceReport(data.value, { suppress, showRealName: realName, specialist }) : null),
    [data.value, suppress, realName, specialist],
  );

  // The easy-read name is looked up by the person's pseudonym, on this computer only.
  const pseudonym = data.value?.context.person?.label ?? null;
  const [called, setCalled] = useState('');
  useEffect(() => setCalled(pseudonym ? readEasyReadName(pseudonym) : ''), [pseudonym]);
  const onCalled = (name: string) => {
    setCalled(name);
    if (pseudonym) writeEasyReadName(pseudonym, name);
  };
  const easyLines = useMemo(
    () => (which === 'easy' && data.value ? easyReadWithName(data.value, { suppress, showRealName: realName, specialist }, called) : null),
    [which, data.value, suppress, realName, called, specialist],
  );
  const nameId = useId();

  if (!hasData) return <NoData onStart={onStart} />;

  // The pack's own real-name choice decides: without it, no id or name in the file either.
  const downloadPackJson = async (text: string) => downloadJson(realName ? text : JSON.stringify(await privacy.pseudonymise(JSON.parse(text) as unknown), null, 2), stem);
  const stem = report ? fileStem('evidence pack', report.name, data.value?.context.covered.from, data.value?.context.covered.to) : 'evidence-pack';
  return (
    <>
      <div className="pack-controls no-print">
        <p className="lead">
          A report on one person you can print or save as a PDF: what the numbers show, with their intervals, how they were made, where the data came
          from, and an easy-read page.
        </p>
        <FilterBar filters={filters} options={options.value} onChange={onFilters} />
        {!filters.personId && (
          <p className="empty" data-testid="choose-person">
            Choose a person above to make their evidence pack.
          </p>
        )}
        <fieldset>
          <legend>Share safely</legend>
          <label>
            <input type="checkbox" checked={suppress} onChange={(e) => setSuppress(e.target.checked)} data-testid="suppress" />
            Suppress small numbers the way NHS statistics do (counts under 5 shown as "fewer than 5", others rounded to the nearest 5)
          </label>
          <label>
            <input type="checkbox" checked={realName} onChange={(e) => setRealName(e.target.checked)} data-testid="real-name" />
            Show the person's real name instead of their pseudonym
          </label>
          {realName && <p className="pack-warning">The real name will be printed on every page. Share the pack only with people entitled to see it.</p>}
        </fieldset>
        <fieldset>
          <legend>Sections</legend>
          <label>
            <input type="checkbox" checked={specialist} onChange={(e) => setSpecialist(e.target.checked)} data-testid="specialist" />
            Add a section for the specialist: antecedents, behaviour, consequences and setting events (ABC), and who was there (agency and unfamiliar staff named in incidents per hour on shift, staff continuity; no member of staff is named)
          </label>
        </fieldset>
        <fieldset>
          <legend>Page</legend>
          <label>
            <input type="radio" name="pack-page" checked={which === 'full'} onChange={() => setWhich('full')} data-testid="page-full" />
            The full evidence pack
          </label>
          <label>
            <input type="radio" name="pack-page" checked={which === 'easy'} onChange={() => setWhich('easy')} data-testid="page-easy-read" />
            The easy-read page on its own
          </label>
          {which === 'easy' && pseudonym && (
            <div className="field">
              <label htmlFor={nameId}>What does the person like to be called?</label>
              <input id={nameId} type="text" value={called} onChange={(e) => onCalled(e.target.value)} autoComplete="off" data-testid="easy-read-name" />
              <p className="note">
                Used on the easy-read page only, and kept on this computer only: it is not in the full pack, its downloads or the web address. Leave it empty
                to use {realName && report ? report.name : pseudonym}.
              </p>
            </div>
          )}
        </fieldset>
        {report && data.value && (
          <div className="pack-actions">
            <button type="button" className="primary" onClick={() => window.print()} data-testid="print">
              {which === 'easy' ? 'Print the easy-read page' : 'Print or save as PDF'}
            </button>
            {which === 'full' && (
              <button type="button" onClick={() => void downloadPackJson(reportJson(data.value!, report))} data-testid="download-json">
                Download the results (JSON)
              </button>
            )}
          </div>
        )}
        {data.loading && (
          <p className="progress" role="status" data-testid="calculating">
            <span className="spinner" aria-hidden="true" />
            Making the evidence pack…
          </p>
        )}
        {data.error && (
          <div className="error" role="alert">
            The evidence pack could not be made: {data.error}
          </div>
        )}
      </div>
      {report && which === 'full' && <EvidencePack report={report} stem={stem} />}
      {report && which === 'easy' && easyLines && <EasyReadPage report={report} name={called.trim() || report.name} lines={easyLines} />}
    </>
  );
}

/** Keep "25 %" and "95 % CI" on one line: a non-breaking space before every per cent sign. */
const nb = (text: string) => text.replace(/ %/g, '\u00a0%');

/** A CSS string literal: quotes, backslashes and line breaks escaped. */
const cssString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;

/** The running header and footer, as @page margin boxes (Chromium ≥ 131 prints them). */
export function pageMarginCss(r: EvidenceReport): string {
  const box = 'font-family: system-ui, sans-serif; font-size: 8.5pt; color: #3e4c59;';
  return `@page {
  @top-left { content: ${cssString(`PBS Lens evidence pack: ${isolateText(r.name)}`)}; ${box} }
  @top-right { content: ${cssString(r.rangeText)}; ${box} }
  @bottom-left { content: ${cssString(`Made ${r.generatedAt} with PBS Lens ${r.appVersion}. Confidential: about a person.`)}; ${box} }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); ${box} }
}`;
}

/** The easy-read page on its own, for printing; its running header names no one. */
function EasyReadPage({ report: r, name, lines }: { report: EvidenceReport; name: string; lines: EasyReadLine[] }) {
  useDocumentCss(easyReadMarginCss(r));
  return (
    <article className="evidence-pack easy-read-only" data-testid="easy-read-page" aria-label="Easy-read page">
      <EasyRead name={name} lines={lines} />
    </article>
  );
}

export function easyReadMarginCss(r: EvidenceReport): string {
  const box = 'font-family: system-ui, sans-serif; font-size: 8.5pt; color: #3e4c59;';
  return `@page {
  @top-left { content: "PBS Lens: easy read"; ${box} }
  @top-right { content: ${cssString(r.rangeText)}; ${box} }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); ${box} }
}`;
}

function EvidencePack({ report: r, stem }: { report: EvidenceReport; stem: string }) {
  const inline = r.figures;
  const appendix = r.figures.filter((f) => f.tableInAppendix && f.table.rows.length > 0);
  useDocumentCss(pageMarginCss(r));
  return (
    <article className="evidence-pack" data-testid="evidence-pack" aria-label={`Evidence pack for ${r.name}`}>
      <header className="pack-title">
        <p className="pack-heading" role="heading" aria-level={2}>
          Evidence pack: <bdi>{r.name}</bdi>
        </p>
        <dl>
          <dt>Person</dt>
          <dd data-testid="pack-name">{r.name}</dd>
          {r.unit && (
            <>
              <dt>Unit</dt>
              <dd>{r.unit}</dd>
            </>
          )}
          <dt>Dates</dt>
          <dd data-testid="pack-range">{r.rangeText}</dd>
          <dt>Made</dt>
          <dd>
            {r.generatedAt} with PBS Lens {r.appVersion}
          </dd>
        </dl>
        <div className="pack-sharing">
          {r.sharing.notes.map((n) => (
            <p key={n}>{nb(n)}</p>
          ))}
        </div>
      </header>

      <section aria-labelledby="pack-findings">
        <h2 id="pack-findings">What the numbers show</h2>
        <ul className="pack-findings" data-testid="findings">
          {r.findings.map((f) => (
            <li key={f.id} className={`kind-${f.kind}`} data-finding={f.id}>
              {nb(f.text)}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="pack-context">
        <h2 id="pack-context">Context</h2>
        {r.context.map((f) => (
          <p key={f.id} data-finding={f.id}>
            {nb(f.text)}
          </p>
        ))}
      </section>

      <section aria-labelledby="pack-charts">
        <h2 id="pack-charts">Charts and their numbers</h2>
        {inline.map((f) => (
          <Figure key={f.id} figure={f} stem={`${stem}-${f.id}`} suppressed={r.sharing.suppressed} />
        ))}
      </section>

      {r.specialist && (
        <section aria-labelledby="pack-specialist" data-testid="pack-specialist">
          <h2 id="pack-specialist">{r.specialist.title}</h2>
          {r.specialist.findings.length > 0 && (
            <ul className="pack-findings" data-testid="pack-specialist-findings">
              {r.specialist.findings.map((f) => (
                <li key={f}>{nb(f)}</li>
              ))}
            </ul>
          )}
          <p className="note">{r.specialist.note}</p>
          {r.specialist.figures.map((f) => (
            <Figure key={f.id} figure={f} stem={`${stem}-${f.id}`} suppressed={r.sharing.suppressed} />
          ))}
          <h3>How these numbers are made</h3>
          <Notes notes={r.specialist.method} />
        </section>
      )}

      <section aria-labelledby="pack-method">
        <h2 id="pack-method">Method and limitations</h2>
        <Notes notes={r.method} />
        <h3>Definitions</h3>
        <Notes notes={r.definitions} />
      </section>

      <section aria-labelledby="pack-provenance">
        <h2 id="pack-provenance">Where the data came from</h2>
        <DataTable table={r.provenance.files} suppressed={false} testid="provenance-files" />
        <h3>How the columns were read</h3>
        {r.provenance.mappings.map((m) => (
          <p key={m.fileName} className="pack-mapping">
            <strong>
              <bdi>{m.fileName}</bdi>
            </strong>
            : {m.note}{' '}
            {m.canonical
              ? m.pairs.map((p, i) => (
                  <span key={p.field}>
                    {i > 0 && ', '}
                    <code>{p.field}</code>
                  </span>
                ))
              : m.pairs.map((p, i) => (
                  <span key={p.field}>
                    {i > 0 && '; '}
                    <code>{p.field}</code> ← <bdi>{p.source}</bdi>
                  </span>
                ))}
            .
          </p>
        ))}
        {r.provenance.dataNotes.length > 0 && (
          <>
            <h3>Data notes</h3>
            <ul>
              {r.provenance.dataNotes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          </>
        )}
        {r.failures.length > 0 && (
          <div className="pack-failures" role="note">
            <h3>Parts that could not be made</h3>
            <ul>
              {r.failures.map((f) => (
                <li key={f.analysis}>
                  {f.analysis}: {f.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <p>
          Made on {r.generatedAt} with PBS Lens {r.appVersion}, in this browser: no data left the computer.
        </p>
      </section>

      {appendix.length > 0 && (
        <section className="pack-appendix" aria-labelledby="pack-appendix">
          <h2 id="pack-appendix">Appendix: the weekly numbers</h2>
          {appendix.map((f) => (
            <div key={f.id} className="pack-figure">
              <h3>{f.table.title}</h3>
              <SideBySide table={f.table} suppressed={r.sharing.suppressed} testid={`table-${f.id}`} />
            </div>
          ))}
        </section>
      )}

      <EasyRead name={r.name} lines={r.easyRead} />
    </article>
  );
}

function Figure({ figure: f, stem, suppressed }: { figure: ReportFigure; stem: string; suppressed: boolean }) {
  const chartRef = useRef<HTMLDivElement>(null);
  const inAppendix = f.tableInAppendix && f.table.rows.length > 0;
  return (
    <figure className="pack-figure" data-testid={`figure-${f.id}`} aria-labelledby={`fig-${f.id}`}>
      <h3 id={`fig-${f.id}`}>{f.title}</h3>
      <figcaption id={`fig-${f.id}-caption`} data-testid={`sentence-${f.id}`}>
        {nb(f.sentence)}
      </figcaption>
      {f.chart?.kind === 'spc' && f.chart.icon && <VariationBadge icon={f.chart.icon} testid={`icon-${f.id}`} />}
      {f.chart ? (
        <PackChartFrame figure={f} chart={f.chart} chartRef={chartRef} describedBy={`fig-${f.id}-caption${inAppendix ? ` fig-${f.id}-numbers` : ''}`} />
      ) : (
        f.chartNote && <p className="note">{f.chartNote}</p>
      )}
      {f.chart?.kind === 'spc' && <SpcKey />}
      {f.tableInAppendix ? (
        inAppendix && (
          <p className="note" id={`fig-${f.id}-numbers`}>
            The numbers for each week are in the appendix.
          </p>
        )
      ) : (
        <DataTable table={f.table} suppressed={suppressed} testid={`table-${f.id}`} />
      )}
      <ExportButtons label={f.title} stem={stem} chartRef={f.chart ? chartRef : undefined} table={f.table.rows.length > 0 ? f.table : undefined} />
    </figure>
  );
}

function DataTable({ table, suppressed, testid }: { table: ReportTable; suppressed: boolean; testid: string }) {
  return (
    <>
      <table className="numbers pack-table" data-testid={testid}>
        <caption className="visually-hidden">{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} scope="col" style={c.numeric ? undefined : { textAlign: 'left' }}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            <tr key={i}>
              {table.columns.map((c, j) =>
                j === 0 ? (
                  <th key={c.key} scope="row">
                    {row[c.key]}
                  </th>
                ) : (
                  <td key={c.key} className={c.numeric ? undefined : 'text'}>
                    <ShownCell text={nb(row[c.key] ?? '')} />
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <SuppressionKey on={suppressed} />
    </>
  );
}

/** A long weekly table printed as two half-width tables side by side, to save paper. */
function SideBySide({ table, suppressed, testid }: { table: ReportTable; suppressed: boolean; testid: string }) {
  if (table.rows.length <= 20) return <DataTable table={table} suppressed={suppressed} testid={testid} />;
  const half = Math.ceil(table.rows.length / 2);
  return (
    <div className="pack-columns">
      <DataTable table={{ ...table, rows: table.rows.slice(0, half) }} suppressed={false} testid={testid} />
      <DataTable table={{ ...table, rows: table.rows.slice(half) }} suppressed={false} testid={`${testid}-2`} />
      {suppressed && <SuppressionKey on />}
    </div>
  );
}

function Notes({ notes }: { notes: { id: string; title: string; text: string }[] }) {
  return (
    <dl className="pack-notes">
      {notes.map((n) => (
        <div key={n.id} data-note={n.id}>
          <dt>{n.title}</dt>
          <dd>{nb(n.text)}</dd>
        </div>
      ))}
    </dl>
  );
}
