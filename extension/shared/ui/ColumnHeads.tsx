import type { JSX } from 'preact';

/** A table's header row: one column header per name (an empty name is read out as `label`). */
export function ColumnHeads({ names }: { names: (string | { label: string })[] }): JSX.Element {
  return (
    <thead>
      <tr>
        {names.map((n) =>
          typeof n === 'string' ? (
            <th scope="col" key={n}>
              {n}
            </th>
          ) : (
            <th scope="col" key={n.label} aria-label={n.label} />
          ),
        )}
      </tr>
    </thead>
  );
}
