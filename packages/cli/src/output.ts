import { styleText } from 'node:util';
import Table from 'cli-table3';
import { stringify } from 'yaml';

export type OutputFormat = 'table' | 'json' | 'yaml';

/** A column of a table: its heading and how a value is shown. */
export interface Column<T> {
  heading: string;
  cell: (value: T) => string;
}

/** Colours only on a terminal, and never with NO_COLOR set. */
const colourful = () => process.stdout.isTTY === true && !process.env.NO_COLOR;

const STATUS_COLOURS: Record<string, Parameters<typeof styleText>[0]> = {
  pending: 'cyan',
  running: 'yellow',
  paused: 'magenta',
  completed: 'green',
  success: 'green',
  failed: 'red',
  cancelled: 'gray',
};

/** A job's or an execution's status, coloured on a terminal. */
export function statusText(status: string): string {
  const colour = STATUS_COLOURS[status];
  return colour && colourful() ? styleText(colour, status) : status;
}

/** The data as JSON (times as RFC 3339) or YAML for scripts. */
export function machineReadable(data: unknown, format: 'json' | 'yaml'): string {
  const plain: unknown = JSON.parse(JSON.stringify(data ?? null));
  return format === 'json' ? `${JSON.stringify(plain, null, 2)}\n` : stringify(plain);
}

// Columns apart by two spaces and no lines, as kubectl and docker print their tables.
const BORDERLESS = Object.fromEntries(
  ['top', 'top-mid', 'top-left', 'top-right', 'bottom', 'bottom-mid', 'bottom-left', 'bottom-right']
    .concat(['left', 'left-mid', 'mid', 'mid-mid', 'right', 'right-mid'])
    .map((name) => [name, '']),
);
BORDERLESS.middle = '  ';

/** Prints `rows` as an aligned table for people, or the rows themselves as JSON or YAML. */
export function printRows<T>(rows: T[], columns: Column<T>[], format: OutputFormat): void {
  if (format !== 'table') {
    process.stdout.write(machineReadable(rows, format));
    return;
  }
  const table = new Table({
    head: columns.map((column) => column.heading),
    style: { head: colourful() ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0 },
    chars: BORDERLESS,
  });
  for (const row of rows) table.push(columns.map((column) => column.cell(row)));
  // cli-table3 pads the last column too; trailing blanks only get in the way of grep and copy-paste.
  const text = table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
  process.stdout.write(`${rows.length === 0 ? '(none)' : text}\n`);
}

/** Prints one record as `key: value` lines for people, or as JSON or YAML. */
export function printRecord(record: object, lines: [string, string][], format: OutputFormat): void {
  if (format !== 'table') {
    process.stdout.write(machineReadable(record, format));
    return;
  }
  const width = Math.max(...lines.map(([label]) => label.length));
  process.stdout.write(lines.map(([label, value]) => `${`${label}:`.padEnd(width + 2)}${value}`).join('\n') + '\n');
}
