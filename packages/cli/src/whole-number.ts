import { InvalidArgumentError } from 'commander';

/** Parses a flag's value as a whole number, 0 or more; commander reports the refusal as a usage mistake. */
export function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError('must be a whole number');
  return Number(text);
}
