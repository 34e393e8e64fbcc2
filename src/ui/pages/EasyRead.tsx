import type { EasyReadLine } from '../../report/easyRead';

const iconUrl = (name: string) => `${import.meta.env.BASE_URL}icons/${name}.svg`;

/** The easy-read page: one idea a line, large text, a picture for each (the pictures are decoration: the words say it all). */
export function EasyRead({ name, lines }: { name: string; lines: EasyReadLine[] }) {
  return (
    <section className="easy-read" aria-labelledby="easy-read-title" data-testid="easy-read">
      <h2 id="easy-read-title">About {name}: easy read</h2>
      <ul>
        {lines.map((l) => (
          <li key={l.id} data-icon={l.icon}>
            <img src={iconUrl(l.icon)} alt="" width={72} height={72} />
            <span>{l.text}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
