/**
 * The reconciliation step: unit names and person references as each file writes them, the
 * matches the app is sure of already chosen, the likely ones offered, the ambiguous ones left to
 * the user. Confirming stores aliases (raw → unit / person) and rebuilds the model, so incidents
 * recorded on "Oak Ward" meet the rota of "Oak". Nothing in the files is changed. Staff named on
 * incidents are matched to the rota's staff the same way, shown by pseudonym only (never a staff
 * id or name, whatever the real-names choice).
 */
import { useEffect, useMemo, useState, type ChangeEvent, type ReactNode } from 'react';
import type { Engine } from '../../engine';
import {
  AliasesSchema,
  nameWords,
  normaliseAliases,
  SOURCE_LABELS,
  type Aliases,
  type Confidence,
  type PersonReference,
  type Reconciliation,
  type Suggestion,
  type UnitName,
} from '../../model/reconcile';
import { NoData } from '../components/NoData';
import { formatCount } from '../format';
import { downloadText } from '../import/download';
import { useAsync } from '../useAsync';
import { errorText } from '../useWorkspace';
import { isolateText } from '../../report/bidi';

interface Props {
  engine: Engine | null;
  hasData: boolean;
  /** Bumped by the workspace after every rebuild (a save included): the listing reloads. */
  dataVersion: number;
  /** The app-wide "show real names on this computer" choice. */
  showNames: boolean;
  /** Another data action is running. */
  busy: boolean;
  /** Store, keep in the browser and apply the aliases (the workspace's saveAliases); false when it failed. */
  onSave: (aliases: Aliases) => Promise<boolean>;
  onStart: () => void;
}

/** A choice per raw name: '' keeps it as it is, RENAME takes the typed name, anything else is the target. */
const RENAME = '\u0000rename';
type Choice = { value: string; renameTo: string };
type Choices = Record<string, Choice>;

const CONFIDENCE_WORDS: Record<Confidence, string> = { high: 'sure', medium: 'likely', low: 'possible' };

/** Initial choices: what is stored, else the sure suggestions. */
function initialChoices(stored: { raw: string; target: string }[], suggestions: Suggestion[]): Choices {
  const out: Choices = {};
  for (const s of suggestions) if (s.confidence === 'high' && s.target) out[s.raw] = { value: s.target, renameTo: '' };
  for (const a of stored) out[a.raw] = { value: a.target, renameTo: '' };
  return out;
}

function chosenTarget(c: Choice | undefined): string | null {
  if (!c || c.value === '') return null;
  if (c.value === RENAME) return c.renameTo.trim() || null;
  return c.value;
}

/**
 * A person reference as shown. With names hidden, its pseudonym (a person id's own, or the one the
 * reference would have as an id): an id may be a name, or an internal key that means nothing to a
 * reader. A reference without one (not expected) shows as initials.
 */
function displayRef(ref: string, showNames: boolean, labels: ReadonlyMap<string, string>): string {
  if (showNames) return ref;
  return (
    labels.get(ref) ??
    nameWords(ref)
      .words.map((w) => `${w.charAt(0).toUpperCase()}.`)
      .join(' ')
  );
}

/** A person of the people file as a target: pseudonym always; the name and id only when names are shown (never an internal key). */
function personOption(p: { personId: string; name: string | null; unit: string | null }, showNames: boolean, labels: ReadonlyMap<string, string>): string {
  const label = labels.get(p.personId) ?? 'Person (no pseudonym yet)';
  const unit = p.unit ? ` (${p.unit})` : '';
  if (!showNames) return `${label}${unit}`;
  const internal = /^k[0-9a-f]{16}$/.test(p.personId);
  const who = [p.name, internal ? null : p.personId].filter((x, i, all) => x && all.indexOf(x) === i).join(', ');
  return `${who ? `${who} — ` : ''}${label}${unit}`;
}

const same = (x: string) => x;

export default function ReconcilePage({ engine, hasData, dataVersion, showNames, busy: working, onSave, onStart }: Props) {
  const ready = engine && hasData && !working ? engine : null;
  const rec = useAsync(
    ready ? async () => ({ ...(await ready.reconciliation()), labels: await ready.personLabels() }) : null,
    [ready, dataVersion],
  );
  const [units, setUnits] = useState<Choices>({});
  const [people, setPeople] = useState<Choices>({});
  const [staff, setStaff] = useState<Choices>({});
  const [saving, setSaving] = useState(false);
  const busy = saving || working;
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const r = rec.value;
  useEffect(() => {
    if (!r) return;
    setUnits(initialChoices(r.aliases.units.map((a) => ({ raw: a.raw, target: a.unit })), r.unitSuggestions));
    setPeople(initialChoices(r.aliases.people.map((a) => ({ raw: a.raw, target: a.personId })), r.personSuggestions));
    setStaff(initialChoices(r.aliases.staff.map((a) => ({ raw: a.raw, target: a.staffId })), r.staffSuggestions));
  }, [r]);

  if (!hasData) return <NoData onStart={onStart} action="import your files" />;
  if (rec.error) return <div className="error" role="alert">The names could not be listed: {rec.error}</div>;
  if (!r) return <p role="status">Listing the names used in each file…</p>;

  const store = async (input: Aliases, what: string) => {
    setFailure(null);
    setMessage(null);
    let aliases: Aliases;
    try {
      aliases = normaliseAliases(input);
    } catch (e) {
      setFailure(errorText(e));
      return;
    }
    setSaving(true);
    try {
      // The workspace shows its own error when saving fails.
      if (await onSave(aliases)) {
        const u = aliases.units.length;
        const p = aliases.people.length;
        const st = aliases.staff.length;
        setMessage(
          `${what}: ${u} unit ${u === 1 ? 'name' : 'names'}, ${p} person ${p === 1 ? 'reference' : 'references'} and ${st} staff ${st === 1 ? 'reference' : 'references'} matched. Every analysis now uses them.`,
        );
      }
    } finally {
      setSaving(false);
    }
  };

  const apply = () => {
    const aliases: Aliases = { units: [], people: [], staff: [] };
    for (const [raw, c] of Object.entries(units)) {
      const t = chosenTarget(c);
      if (t && t !== raw) aliases.units.push({ raw, unit: t });
    }
    for (const [raw, c] of Object.entries(people)) {
      const t = chosenTarget(c);
      if (t && t !== raw) aliases.people.push({ raw, personId: t });
    }
    for (const [raw, c] of Object.entries(staff)) {
      const t = chosenTarget(c);
      if (t && t !== raw) aliases.staff.push({ raw, staffId: t });
    }
    void store(aliases, 'Applied');
  };

  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    try {
      await store(AliasesSchema.parse(JSON.parse(await file.text())), `Loaded ${isolateText(file.name)}`);
    } catch (err) {
      setFailure(`${isolateText(file.name)} is not a PBS Lens aliases file: ${errorText(err).split('\n')[0]}`);
    }
  };

  return (
    <>
      <p className="lead">
        Files often name the same unit or person differently — “Oak” in the rota, “Oak Ward” in the incident log; an id in the people
        file, a name in the incident export. Until they are matched, those incidents cannot be set against the staffing of their
        unit. Sure matches are already chosen below; check the others, then apply.
      </p>
      <UnmatchedSummary rec={r} />
      <div className="card" role="group" aria-label="Apply the matches">
        <button type="button" className="primary" onClick={apply} disabled={busy} data-testid="apply-aliases">
          Apply these matches
        </button>{' '}
        {/* The file holds references as written (names, ids): only when names are shown on this computer. */}
        <button
          type="button"
          onClick={() => downloadText('pbs-lens-aliases.json', `${JSON.stringify(r.aliases, null, 2)}\n`, 'application/json')}
          disabled={busy || !showNames}
          title={showNames ? undefined : 'The file holds names and ids as written: tick “Show real names on this computer” to download it.'}
          data-testid="download-aliases"
        >
          Download the applied matches (JSON)
        </button>{' '}
        <label className="note">
          Load matches from a file: <input type="file" accept=".json,application/json" onChange={(e) => void upload(e)} disabled={busy} />
        </label>
        {busy && (
          <p className="progress" role="status">
            <span className="spinner" aria-hidden="true" /> Rebuilding the staffing model…
          </p>
        )}
        {message && (
          <p role="status" data-testid="aliases-applied">
            {message}
          </p>
        )}
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
      </div>
      <UnitTable rec={r} choices={units} onChange={(raw, c) => setUnits((u) => ({ ...u, [raw]: c }))} />
      <PeopleTable rec={r} labels={r.labels} choices={people} showNames={showNames} onChange={(raw, c) => setPeople((p) => ({ ...p, [raw]: c }))} />
      <StaffTable rec={r} choices={staff} onChange={(raw, c) => setStaff((x) => ({ ...x, [raw]: c }))} />
    </>
  );
}

function UnmatchedSummary({ rec }: { rec: Reconciliation }) {
  if (rec.unmatchedUnits.length === 0) {
    return (
      <p className="card" data-testid="units-all-matched">
        Every unit now appears in each file that names units.
      </p>
    );
  }
  return (
    <div className="warnings" data-testid="units-unmatched">
      <p>
        With the matches applied so far, {rec.unmatchedUnits.length} {rec.unmatchedUnits.length === 1 ? 'unit is' : 'units are'} named in one
        file but not in another:
      </p>
      <ul>
        {rec.unmatchedUnits.map((u) => (
          <li key={u.unit}>
            “<bdi>{u.unit}</bdi>” is not in {u.missingFrom.map((s) => SOURCE_LABELS[s]).join(', ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

function whereText(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${SOURCE_LABELS[s as keyof typeof SOURCE_LABELS]} ${formatCount(n)}`)
    .join(' · ');
}

function SuggestionText({ s, onUse, show }: { s: Suggestion | undefined; onUse: (target: string) => void; show: (x: string) => string }) {
  if (!s) return <span className="note">—</span>;
  if (!s.target) {
    return (
      <span data-testid="ambiguous">
        <strong>Choose:</strong> could be {s.candidates.map((c) => `“${isolateText(show(c))}”`).join(' or ')}.
      </span>
    );
  }
  return (
    <span>
      <strong>
        {CONFIDENCE_WORDS[s.confidence!]}: “<bdi>{show(s.target)}</bdi>”
      </strong>
      {s.confidence !== 'high' && (
        <>
          {' '}
          {/* Named with what it does (many rows have one), its visible words first (WCAG 2.5.3). */}
          <button type="button" className="link-button" onClick={() => onUse(s.target!)} aria-label={`use it: “${show(s.target)}” for “${show(s.raw)}”`}>
            use it
          </button>
        </>
      )}
      <br />
      <span className="note">{maskReason(s, show)}</span>
    </span>
  );
}

/** A reason quotes the names it compares; with names hidden, quote their initials instead. */
function maskReason(s: Suggestion, show: (x: string) => string): string {
  let text = s.reason;
  for (const x of new Set([s.raw, ...s.candidates])) text = text.split(`“${x}”`).join(`“${isolateText(show(x))}”`);
  return text;
}

function ChoiceControl(props: {
  label: string;
  raw: string;
  choice: Choice | undefined;
  options: { value: string; label: string }[];
  onChange: (c: Choice) => void;
  renamable: boolean;
  opaque?: boolean;
}) {
  const { label, raw, choice, options, onChange, renamable, opaque } = props;
  const value = choice?.value ?? '';
  // Opaque: a person id may be a name, so the page keys each choice by its place in the list instead.
  const shown = options.filter((o) => o.value !== raw);
  const keyOf = (v: string) => (!opaque || v === '' || v === RENAME ? v : `#${shown.findIndex((o) => o.value === v)}`);
  const valueOf = (k: string) => (!opaque || k === '' || k === RENAME ? k : (shown[Number(k.slice(1))]?.value ?? ''));
  return (
    <span className="field">
      <select aria-label={label} value={keyOf(value)} onChange={(e) => onChange({ value: valueOf(e.target.value), renameTo: choice?.renameTo ?? '' })}>
        <option value="">Keep as it is</option>
        {shown.map((o) => (
          <option key={o.value} value={keyOf(o.value)}>
            {o.label}
          </option>
        ))}
        {renamable && <option value={RENAME}>Rename to…</option>}
      </select>
      {value === RENAME && (
        <input aria-label={`New name for ${label}`} value={choice?.renameTo ?? ''} onChange={(e) => onChange({ value: RENAME, renameTo: e.target.value })} />
      )}
    </span>
  );
}

function UnitTable({ rec, choices, onChange }: { rec: Reconciliation; choices: Choices; onChange: (raw: string, c: Choice) => void }) {
  const suggestions = useMemo(() => new Map(rec.unitSuggestions.map((s) => [s.raw, s])), [rec]);
  // Rota units first: they define the shift periods everything else is matched to.
  const options = useMemo(
    () =>
      [...rec.units]
        .sort((a, b) => Number(b.counts.rota > 0) - Number(a.counts.rota > 0) || a.name.localeCompare(b.name))
        .map((u: UnitName) => ({ value: u.name, label: u.counts.rota > 0 ? `${u.name} (in the rota)` : u.name })),
    [rec],
  );
  return (
    <section className="card" aria-labelledby="units-heading">
      <h2 id="units-heading">Units</h2>
      <p className="note">Choose the same unit for several names to merge them; “Rename to…” gives a unit a new name everywhere.</p>
      <MatchTable first="Name as written" last="Treat as">
        {rec.units.map((u) => (
          <tr key={u.name} data-testid="unit-row" data-name={u.name}>
            <th scope="row">{u.name}</th>
            <td className="left">{whereText(u.counts)}</td>
            <td className="left">
              <SuggestionText s={suggestions.get(u.name)} show={same} onUse={(t) => onChange(u.name, { value: t, renameTo: '' })} />
            </td>
            <td className="left">
              <ChoiceControl label={`Treat “${u.name}” as`} raw={u.name} choice={choices[u.name]} options={options} onChange={(c) => onChange(u.name, c)} renamable />
            </td>
          </tr>
        ))}
      </MatchTable>
    </section>
  );
}

/** A names-to-match table: the name as written, where it appears, the suggestion and the choice. */
function MatchTable({ first, last, children }: { first: string; last: string; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table className="numbers">
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col" className="left">Appears in (rows)</th>
            <th scope="col" className="left">Suggested match</th>
            <th scope="col" className="left">{last}</th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function PeopleTable(props: {
  rec: Reconciliation;
  labels: ReadonlyMap<string, string>;
  choices: Choices;
  showNames: boolean;
  onChange: (raw: string, c: Choice) => void;
}) {
  const { rec, labels, choices, showNames, onChange } = props;
  const show = (x: string) => displayRef(x, showNames, labels);
  const ids = new Set(rec.persons.map((p) => p.personId));
  const referenced = (r: PersonReference) => r.counts.incidents + r.counts.planDelivery + r.counts.rota + r.counts.events > 0;
  const rows = rec.references.filter((r) => referenced(r) && !ids.has(r.ref));
  const byId = rec.references.filter((r) => referenced(r) && ids.has(r.ref)).length;
  const suggestions = new Map(rec.personSuggestions.map((s) => [s.raw, s]));
  const options = [
    ...rec.persons.map((p) => ({ value: p.personId, label: personOption(p, showNames, labels) })),
    ...rows.map((r) => ({ value: r.ref, label: `${show(r.ref)} (not in the people file)` })),
  ];
  return (
    <section className="card" aria-labelledby="people-heading">
      <h2 id="people-heading">People</h2>
      <p className="note">
        {formatCount(byId)} {byId === 1 ? 'reference uses' : 'references use'} a person id of the people file and need nothing. The
        references below are written some other way: match each to the person it means. Pseudonyms follow the person id, so a name-only
        export gets the same pseudonym as the people file.
      </p>
      {!showNames && (
        <p className="note" data-testid="names-hidden">
          People show by their pseudonyms unless “Show real names on this computer” is ticked: an id or a name as written is not shown.
        </p>
      )}
      {rows.length === 0 ? (
        <p data-testid="people-all-matched">Every person reference is a person id of the people file.</p>
      ) : (
        <MatchTable first="Reference as written" last="Is person">
          {rows.map((r) => (
            <tr key={r.ref} data-testid="person-row">
              <th scope="row">{show(r.ref)}</th>
              <td className="left">{whereText(r.counts)}</td>
              <td className="left">
                <SuggestionText s={suggestions.get(r.ref)} show={show} onUse={(t) => onChange(r.ref, { value: t, renameTo: '' })} />
              </td>
              <td className="left">
                <ChoiceControl label={`Treat “${show(r.ref)}” as`} raw={r.ref} choice={choices[r.ref]} options={options} onChange={(c) => onChange(r.ref, c)} renamable={false} opaque />
              </td>
            </tr>
          ))}
        </MatchTable>
      )}
    </section>
  );
}

/** Staff named on incidents that the rota's staff ids do not match by themselves: by pseudonym only, always. */
function StaffTable({ rec, choices, onChange }: { rec: Reconciliation; choices: Choices; onChange: (raw: string, c: Choice) => void }) {
  const labels = new Map<string, string>([...rec.staffMembers.map((m) => [m.staffId, m.label] as const), ...rec.staffReferences.map((r) => [r.ref, r.label] as const)]);
  const show = (x: string) => labels.get(x) ?? 'Staff (no pseudonym)';
  const suggestions = new Map(rec.staffSuggestions.map((s) => [s.raw, s]));
  const options = rec.staffMembers.map((m) => ({ value: m.staffId, label: `${m.label} (in the rota)` }));
  return (
    <section className="card" aria-labelledby="staff-heading" data-testid="staff-section">
      <h2 id="staff-heading">Staff named on incidents</h2>
      <p className="note">
        Staff involved in incidents are matched to the rota’s staff ids as written, or ignoring case, spaces and punctuation. The
        references below match no one that way: match each to the rota staff member it means, or leave it out of “Who was there”. Staff
        show by pseudonym only — never a name or an id — whatever the real-names choice.
      </p>
      {rec.staffReferences.length === 0 ? (
        <p data-testid="staff-all-matched">Every staff reference on the incidents matches a rota staff id.</p>
      ) : (
        <div className="table-scroll">
          <table className="numbers">
            <thead>
              <tr>
                <th scope="col">Staff reference</th>
                <th scope="col">Incidents</th>
                <th scope="col" className="left">Suggested match</th>
                <th scope="col" className="left">Is rota staff member</th>
              </tr>
            </thead>
            <tbody>
              {rec.staffReferences.map((r) => (
                <tr key={r.label} data-testid="staff-row">
                  <th scope="row">{r.label}</th>
                  <td>{formatCount(r.incidents)}</td>
                  <td className="left">
                    <SuggestionText s={suggestions.get(r.ref)} show={show} onUse={(t) => onChange(r.ref, { value: t, renameTo: '' })} />
                  </td>
                  <td className="left">
                    <ChoiceControl label={`Treat “${r.label}” as`} raw={r.ref} choice={choices[r.ref]} options={options} onChange={(c) => onChange(r.ref, c)} renamable={false} opaque />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
