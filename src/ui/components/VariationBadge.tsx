/**
 * The Making Data Count variation icon beside an SPC chart, as NHS boards read it: a grey circle
 * for common cause, blue with H or L for special cause improvement, orange with H or L for
 * concern (Okabe–Ito, so colour-blind safe), always with the words and the improvement direction
 * beside it, so neither colour nor letter carries the meaning alone.
 */
import type { VariationIcon } from '../../analysis/variationIcon';
import { OKABE_ITO } from './palette';

const COLOURS = { common: '#7b8794', improvement: OKABE_ITO.blue, concern: OKABE_ITO.orange } as const;
const NAMES = { common: 'Common cause', improvement: 'Special cause: improvement', concern: 'Special cause: concern' } as const;

export function VariationBadge({ icon, testid }: { icon: VariationIcon; testid?: string }) {
  const colour = COLOURS[icon.variation];
  const side = icon.side ? ` (unusually ${icon.side})` : '';
  const arrow = icon.direction === 'down' ? '↓' : '↑';
  return (
    <p
      className="variation-badge"
      data-testid={testid}
      data-variation={icon.variation}
      data-side={icon.side ?? ''}
      data-direction={icon.direction}
    >
      <svg width="40" height="40" viewBox="0 0 40 40" role="img" aria-label={icon.text} focusable="false">
        <circle cx="20" cy="20" r="17" fill="#ffffff" stroke={colour} strokeWidth="4" />
        {icon.letter ? (
          <text x="20" y="26" textAnchor="middle" fontSize="17" fontWeight="700" fill="#1f2933" fontFamily="system-ui, sans-serif">
            {icon.letter}
          </text>
        ) : (
          // Common cause: a level line of dots, as the Making Data Count icon draws it.
          <g fill={colour} stroke="none">
            <path d="M9 21 L15 17 L21 22 L27 18 L32 21" fill="none" stroke={colour} strokeWidth="2" />
          </g>
        )}
      </svg>
      <span>
        <strong>{NAMES[icon.variation]}</strong>
        {side} in the latest {icon.unit}. Improvement is {icon.direction === 'down' ? 'down' : 'up'}{' '}
        <span aria-hidden="true">{arrow}</span> ({icon.direction === 'down' ? 'lower' : 'higher'} is better).
      </span>
    </p>
  );
}
