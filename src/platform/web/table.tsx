import type { Children } from '@kitajs/html';
import { esc } from './html.ts';

// The one markup for a data table (NL Design System "utrecht-table"), so every list page gets the
// same classes, header scopes and sideways-scrolling wrapper instead of its own copy of them.
// Headings are escaped here; cells are rendered as given, so build them with esc() or JSX.
// On a phone the table reflows (werkcentrum.css, .wc-table-reflow): each row becomes a block and
// each cell shows its column heading from `data-label`, so no column is cut off.

type Naming =
  | { /** Ids of the headings that name the table (aria-labelledby). */ labelledBy?: string; scrollRegion?: false }
  | {
      labelledBy: string;
      /**
       * The wrapper scrolls sideways where a wide table does not fit (a tablet; a phone reflows it):
       * make it a named, focusable region so keyboard users can scroll it too.
       */
      scrollRegion: true;
    };

export type DataTableProps<T> = Naming & {
  /** Column headings, plain text. */
  headers: readonly string[];
  rows: readonly T[];
  /** The content of each cell of a row, in the order of the headers. */
  cells: (row: T) => readonly Children[];
  /** Extra attributes of a body row, such as the data-* hooks tests read. */
  rowAttributes?: (row: T) => Record<string, string>;
  /** The first cell of each row heads that row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** The language of a column's cells where it is not the page's (text from an English source). */
  columnLang?: readonly (string | undefined)[];
};

export function DataTable<T>(props: DataTableProps<T>) {
  const { rowHeader, columnLang } = props;
  const region = props.scrollRegion === true;
  return (
    <div
      class="wc-table-wrap"
      role={region ? 'region' : undefined}
      tabindex={region ? '0' : undefined}
      aria-labelledby={region ? props.labelledBy : undefined}
    >
      <table class="utrecht-table wc-table-reflow" aria-labelledby={props.labelledBy}>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            {props.headers.map((header) => (
              <th class="utrecht-table__header-cell" scope="col">
                {esc(header)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">
          {props.rows.map((row) => (
            <tr class="utrecht-table__row" {...props.rowAttributes?.(row)}>
              {props.cells(row).map((content, index) =>
                rowHeader && index === 0 ? (
                  <th class="utrecht-table__header-cell" scope="row">
                    {content}
                  </th>
                ) : (
                  <td class="utrecht-table__cell" lang={columnLang?.[index]} data-label={props.headers[index] || undefined}>
                    {content}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Key–value pairs (NL Design System data list): a record's fields on its page. */
export function DataList({ items }: { items: readonly { key: string; value: Children }[] }) {
  return (
    <dl class="utrecht-data-list utrecht-data-list--rows">
      {items.map((item) => (
        <div class="utrecht-data-list__item">
          <dt class="utrecht-data-list__item-key">{esc(item.key)}</dt>
          <dd class="utrecht-data-list__item-value utrecht-data-list__item-value--html-dd">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
