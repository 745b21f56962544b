/** The @-aliases accepted in place of a cron expression (croner's list, minus @reboot). */
const CRON_ALIASES = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'] as const;

interface FieldRule {
  name: string;
  min: number;
  max: number;
  /** One character the field may hold. */
  allowed: RegExp;
  /** The words (runs of letters, upper case) the field may hold. */
  words?: readonly string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

// Digits, `*`, `,`, `-`, `/` and `?` everywhere; L and W in day-of-month; names in month and
// day-of-week, which also takes L, `#` (nth weekday) and a leading `+` (AND with day-of-month).
const SECOND: FieldRule = { name: 'second', min: 0, max: 59, allowed: /[\d*,/?-]/ };
const FIVE_FIELDS: FieldRule[] = [
  { name: 'minute', min: 0, max: 59, allowed: /[\d*,/?-]/ },
  { name: 'hour', min: 0, max: 23, allowed: /[\d*,/?-]/ },
  { name: 'day-of-month', min: 1, max: 31, allowed: /[\d*,/?LW-]/i, words: ['L', 'W', 'LW'] },
  { name: 'month', min: 1, max: 12, allowed: /[\d*,/?a-z-]/i, words: MONTHS },
  { name: 'day-of-week', min: 0, max: 7, allowed: /[\d*,/?a-z#+-]/i, words: [...WEEKDAYS, 'L'] },
];

/**
 * Why a cron expression is malformed in a way croner words poorly (field count, unknown alias,
 * stray characters, values out of range), naming the field; undefined when croner may parse it.
 * croner still checks everything else. Its own messages count fields from seconds and report
 * day-of-month and month values less one, so those checks are made here.
 */
export function cronSyntaxProblem(expression: string): string | undefined {
  const trimmed = expression.trim();
  if (trimmed === '') return 'it is empty';
  if (trimmed.startsWith('@')) {
    return (CRON_ALIASES as readonly string[]).includes(trimmed.toLowerCase())
      ? undefined
      : `unknown alias ${trimmed}: use one of ${CRON_ALIASES.join(', ')}`;
  }
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    return `expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, got ${fields.length}`;
  }
  const rules = fields.length === 6 ? [SECOND, ...FIVE_FIELDS] : FIVE_FIELDS;
  for (const [index, field] of fields.entries()) {
    const problem = fieldProblem(field, rules[index]);
    if (problem) return problem;
  }
  return undefined;
}

function fieldProblem(field: string, rule: FieldRule): string | undefined {
  const stray = [...field].find((char) => !rule.allowed.test(char));
  if (stray !== undefined) return `the ${rule.name} field "${field}" may not contain "${stray}"`;
  const unknownWord = (field.match(/[a-z]+/gi) ?? []).find((word) => !rule.words?.includes(word.toUpperCase()));
  if (unknownWord !== undefined) return `the ${rule.name} field "${field}" has an unknown name "${unknownWord}"`;
  for (const part of field.split(',')) {
    // Values stand before any step ("/n") and nth-weekday ("#n"); steps and nths croner checks.
    const values = part.split('/')[0].split('#')[0].match(/\d+/g) ?? [];
    for (const value of values.map(Number)) {
      if (value < rule.min || value > rule.max) {
        return `${rule.name} ${value} is out of range ${rule.min}-${rule.max}`;
      }
    }
  }
  return undefined;
}
