import { numberedPlaceholders } from './run-sql';

describe('numberedPlaceholders', () => {
  it('numbers every ? in order, casts and all', () => {
    expect(numberedPlaceholders('select ?::uuid, ? where a in (?, ?)')).toBe('select $1::uuid, $2 where a in ($3, $4)');
  });

  it('leaves a statement without placeholders as it is', () => {
    expect(numberedPlaceholders('select 1')).toBe('select 1');
  });
});
