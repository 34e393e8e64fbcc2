import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { MENU_PAGES, type MenuPageView } from '../analysis/pages';
import type { Filters } from '../analysis/types';
import { DEFAULT_SETTINGS } from '../model/settings';
import { ErrorBoundary } from './components/ErrorBoundary';
import { StatusBar } from './components/StatusBar';
import ImportSummaryPage from './pages/ImportSummaryPage';
import ReconcilePage from './pages/ReconcilePage';
import MethodsPage from './pages/MethodsPage';
import StartPage from './pages/StartPage';
import StaffingPage from './pages/StaffingPage';
import { formatLocation, parseLocation, type Location, type View } from './url';
import { ImportProgress } from './import/ImportProgress';
import { engineWithNames, peopleIndex, readRealNames, type PeopleIndex } from './storage/names';
import { useWorkspace, type Connect, type ImportRequest } from './useWorkspace';
import { ExportScrub, type ExportPrivacy } from './exportPrivacy';
import type { PageProps } from './useAnalysis';
import { pseudonymiser } from '../report/pseudonymise';

// Recharts is only needed once there is something to chart.
const EvidencePackPage = lazy(() => import('./pages/EvidencePackPage'));
// Analysis pages: all take the same props.
// The first page shown once data is in (its chart is the first chart): part of the app's own code,
// loaded while DuckDB starts, so it draws without a lazy load's wait.
const ANALYSIS_PAGES = {
  staffing: StaffingPage,
  when: lazy(() => import('./pages/WhenPage')),
  overTime: lazy(() => import('./pages/OverTimePage')),
  person: lazy(() => import('./pages/PersonStoryPage')),
  whatIf: lazy(() => import('./pages/WhatIfPage')),
  restrictive: lazy(() => import('./pages/RestrictivePracticePage')),
  plan: lazy(() => import('./pages/PlanDeliveryPage')),
  commissioned: lazy(() => import('./pages/CommissionedPage')),
  who: lazy(() => import('./pages/WhoWasTherePage')),
  dataQuality: lazy(() => import('./pages/DataQualityPage')),
  abc: lazy(() => import('./pages/AbcPage')),
};
type AnalysisView = keyof typeof ANALYSIS_PAGES;

/** The analysis pages' labels in the menu; their order is analysis/pages.ts's (MENU_PAGES). */
const MENU_LABELS: Record<MenuPageView, string> = {
  staffing: 'Staffing and incidents',
  restrictive: 'Restrictive practice',
  when: 'When',
  overTime: 'Over time',
  plan: 'Plan delivery',
  commissioned: 'Commissioned hours',
  person: "Person's story",
  whatIf: 'What if',
  who: 'Who was there',
  abc: 'ABC',
  dataQuality: 'Data quality',
};

const NAV: { view: View; label: string }[] = [
  { view: 'start', label: 'Start' },
  { view: 'import', label: 'Import summary' },
  { view: 'reconcile', label: 'Check names' },
  ...MENU_PAGES.map(({ view }) => ({ view, label: MENU_LABELS[view] })),
  { view: 'methods', label: 'Methods' },
  { view: 'evidence', label: 'Evidence pack' },
];

const TITLES: Record<View, string> = {
  start: 'Start',
  import: 'Import summary',
  reconcile: 'Check names across files',
  staffing: 'Staffing and incidents',
  when: 'When incidents happen',
  overTime: 'Over time',
  person: "The person's story",
  whatIf: 'What if',
  who: 'Who was there',
  abc: 'Antecedents, behaviour and consequences (ABC)',
  restrictive: 'Restrictive practice',
  plan: 'Plan delivery',
  commissioned: 'Commissioned vs delivered',
  dataQuality: 'Data quality',
  methods: 'Methods and definitions',
  evidence: 'Evidence pack',
};

/** Where loading the sample lands: the analysis page asked for, else Staffing. */
export function landingView(view: View): View {
  return ['start', 'import', 'reconcile'].includes(view) ? 'staffing' : view;
}

export function App({ connect }: { connect: Connect }) {
  const ws = useWorkspace(connect);
  const [loc, setLoc] = useState<Location>(() => parseLocation(window.location.search));
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  const navigate = useCallback((next: Location, replace = false) => {
    const url = formatLocation(next);
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    setLoc(next);
  }, []);

  useEffect(() => {
    const onPop = () => setLoc(parseLocation(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    document.title = `${TITLES[loc.view]} · PBS Lens`;
    // Move focus to the new page's heading so keyboard and screen-reader users follow along.
    if (moved.current) heading.current?.focus();
  }, [loc.view]);

  const go = (view: View) => {
    moved.current = true;
    navigate({ ...loc, view, sample: false });
  };

  // Once the sample is in, the user lands on the page they were on when it is an analysis page
  // (a link such as ?view=restrictive&sample=1), else on Staffing: as soon as its tables are in
  // (a newer data version holding the sample), not after the choice is written to storage.
  const land = useCallback(() => {
    moved.current = true;
    const here = parseLocation(window.location.search);
    navigate({ ...here, view: landingView(here.view), sample: false });
  }, [navigate]);
  const versionNow = useRef(ws.dataVersion);
  const sampleAskedAt = useRef<number | null>(null);
  useEffect(() => {
    versionNow.current = ws.dataVersion;
    const asked = sampleAskedAt.current;
    if (asked === null || ws.dataVersion <= asked || ws.source !== 'sample' || !ws.hasData) return;
    sampleAskedAt.current = null;
    land();
  }, [ws.dataVersion, ws.source, ws.hasData, land]);
  const loadSample = useCallback(async () => {
    sampleAskedAt.current = versionNow.current;
    const ok = await ws.loadSample();
    if (sampleAskedAt.current === null) return;
    sampleAskedAt.current = null;
    if (ok) land();
    // ws.loadSample is the workspace's stable callback; `ws` itself is a new object each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ws.loadSample, land]);

  // ?sample=1 loads the sample straight away, once; until it is in, the pages wait behind the progress.
  const sampleRequested = useRef(false);
  const [sampleLoading, setSampleLoading] = useState(loc.sample);
  useEffect(() => {
    if (loc.sample && !sampleRequested.current) {
      sampleRequested.current = true;
      navigate({ ...loc, sample: false }, true);
      void loadSample().finally(() => setSampleLoading(false));
    }
  }, [loc, loadSample, navigate]);

  const importFiles = async (plans: ImportRequest[]): Promise<boolean> => {
    const ok = await ws.importFiles(plans);
    if (ok) go('import');
    return ok;
  };

  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  // Offered whatever the app is doing: a stuck import or a failing database must never trap the data.
  const deleteAll = async () => {
    setConfirmDelete(false);
    setDeleting(true);
    try {
      await ws.clearAll();
    } finally {
      setDeleting(false);
    }
    go('start');
  };

  const busy = ws.progress !== null;
  // Data on its way (the workspace starting or restoring, the sample loading): no "No data is loaded yet" beside the progress.
  const loading = !ws.hasData && (busy || sampleLoading || (ws.engine === null && ws.openError === null));
  const AnalysisPage = loc.view in ANALYSIS_PAGES ? ANALYSIS_PAGES[loc.view as AnalysisView] : null;
  // The URL carries a person's pseudonym, never their id (an id may be a name): translate here.
  const [people, setPeople] = useState<PeopleIndex | null>(null);
  const working = ws.progress !== null;
  useEffect(() => {
    setPeople(null);
    // Not while an import or rebuild runs: the engine builds its model once, after the files are in.
    if (!ws.engine || !ws.hasData || working) return;
    let current = true;
    ws.engine.filterOptions().then(
      (o) => current && setPeople(peopleIndex(o.people)),
      () => current && setPeople(peopleIndex([])),
    );
    return () => {
      current = false;
    };
  }, [ws.engine, ws.hasData, ws.dataVersion, working]);
  const personToken = loc.filters.personId;
  const filters = useMemo<Filters>(
    () => ({ ...loc.filters, personId: personToken ? (people?.idOf(personToken) ?? null) : null }),
    [loc.filters, personToken, people],
  );
  // Until the people are known, a person in the URL cannot be looked up: wait rather than show everyone.
  const resolvingPerson = personToken !== null && ws.hasData && people === null && !['start', 'import', 'methods'].includes(loc.view);
  const onFilters = (f: Filters) => navigate({ ...loc, filters: { ...f, personId: f.personId ? (people?.labelOf(f.personId) ?? null) : null } }, true);
  // Real names only when chosen on this computer; the views see them through the engine's people list.
  const viewEngine = useMemo(
    () => (ws.engine ? engineWithNames(ws.engine, ws.showRealNames, () => readRealNames(ws.engine!)) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ws.engine, ws.showRealNames, ws.dataVersion],
  );
  // What every analysis page (and the evidence pack) receives.
  const pageProps: PageProps = { engine: viewEngine, hasData: ws.hasData, dataVersion: ws.dataVersion, filters, onFilters, onStart: () => go('start') };
  // Downloads with pseudonyms: the people (ids, names, pseudonyms) read once per data version, when first needed.
  const privacy = useMemo<ExportPrivacy>(() => {
    const eng = ws.engine;
    let made: Promise<ReturnType<typeof pseudonymiser>> | null = null;
    const people = async () => {
      if (!eng) return pseudonymiser([]);
      const [options, names] = await Promise.all([eng.filterOptions(), eng.realNames().catch(() => new Map<string, string>())]);
      return pseudonymiser(options.people.map((p) => ({ personId: p.personId, label: p.label, name: names.get(p.personId) ?? null })));
    };
    return {
      namesShown: ws.showRealNames,
      pseudonymise: async (value) => (await (made ??= people()))(value),
    };
    // A new import changes the people to pseudonymise, so the list is remade per data version.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ws.engine, ws.showRealNames, ws.dataVersion]);
  const link = (view: View) => (e: MouseEvent) => {
    e.preventDefault();
    go(view);
  };

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            ◐
          </span>
          PBS Lens
        </div>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.view}>
                <a href={formatLocation({ ...loc, view: n.view, sample: false })} aria-current={loc.view === n.view ? 'page' : undefined} onClick={link(n.view)}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <label className="real-names" title="Names are shown only on this computer; exports and the URL keep pseudonyms.">
          <input type="checkbox" checked={ws.showRealNames} onChange={(e) => void ws.setShowRealNames(e.target.checked)} data-testid="show-real-names" />
          Show real names on this computer
        </label>
        <div className="danger-zone">
          {confirmDelete ? (
            <span role="group" aria-label="Confirm deleting all data">
              <span className="confirm-text">Delete everything loaded?</span>
              <button type="button" className="danger" onClick={deleteAll} data-testid="confirm-delete">
                Yes, delete all data
              </button>
              <button type="button" onClick={() => setConfirmDelete(false)}>
                Cancel
              </button>
            </span>
          ) : (
            <button type="button" className="danger" onClick={() => setConfirmDelete(true)} disabled={deleting} data-testid="delete-all">
              Delete all data
            </button>
          )}
        </div>
      </header>
      <main id="main">
        <h1 ref={heading} tabIndex={-1}>
          {TITLES[loc.view]}
        </h1>
        {ws.progress?.task && <ImportProgress progress={ws.progress} onCancel={ws.cancelImport} />}
        <StatusBar progress={ws.progress?.task ? null : ws.progress} error={ws.error} openError={ws.openError} onDismiss={ws.dismissError} />
        {ws.restoreStopped && (
          <div className="warnings" role="alert" data-testid="restore-stopped">
            <p>{ws.restoreStopped}</p>
            <button type="button" onClick={() => void ws.retryRestore()} disabled={busy} data-testid="retry-restore">
              Try loading the kept files again
            </button>{' '}
            <button type="button" className="danger" onClick={() => setConfirmDelete(true)} disabled={deleting}>
              Delete all data
            </button>
          </div>
        )}
        {ws.storageWarning && (
          <p className="warnings" role="alert" data-testid="storage-warning">
            {ws.storageWarning}
          </p>
        )}
        <ExportScrub.Provider value={privacy}>
        <ErrorBoundary resetKey={loc.view}>
          {resolvingPerson && (
            <p role="status" className="note">
              Finding the chosen person…
            </p>
          )}
          {loc.view === 'start' && (
            <StartPage
              busy={busy}
              source={ws.source}
              keptBytes={ws.keptBytes}
              engine={ws.engine}
              presets={ws.presets}
              onSample={() => void loadSample()}
              onImport={importFiles}
              onSavePreset={ws.savePreset}
              onDeletePreset={ws.deletePreset}
            />
          )}
          {loc.view === 'import' && (
            <ImportSummaryPage engine={ws.engine} imports={ws.imports} onStart={() => go('start')} onCheckNames={ws.source === 'files' ? () => go('reconcile') : undefined} onSavePreset={ws.savePreset} />
          )}
          {loc.view === 'reconcile' && (
            <ReconcilePage
              engine={ws.engine}
              hasData={ws.hasData}
              dataVersion={ws.dataVersion}
              showNames={ws.showRealNames}
              busy={busy}
              onSave={ws.saveAliases}
              onStart={() => go('start')}
            />
          )}
          {AnalysisPage && !resolvingPerson && !loading && (
            <Suspense fallback={<p role="status">Loading the charts…</p>}>
              <AnalysisPage
                {...pageProps}
              />
            </Suspense>
          )}
          {loc.view === 'methods' && <MethodsPage settings={ws.engine?.settings ?? DEFAULT_SETTINGS} />}
          {loc.view === 'evidence' && !resolvingPerson && !loading && (
            <Suspense fallback={<p role="status">Loading the evidence pack…</p>}>
              <EvidencePackPage
                {...pageProps}
              />
            </Suspense>
          )}
        </ErrorBoundary>
        </ExportScrub.Provider>
      </main>
      <footer className="app-footer">
        <p>
          PBS Lens runs entirely in this browser and never sends data anywhere.{' '}
          {ws.persistent
            ? 'Your imported files are kept in this browser so they are still here next time, until you press “Delete all data”.'
            : 'This browser gives it no lasting storage: your files are gone when the tab closes.'}
        </p>
      </footer>
    </>
  );
}
