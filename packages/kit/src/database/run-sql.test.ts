import { columnsOf, numberedPlaceholders, unnestColumns, unnestOf } from './run-sql';

describe('numberedPlaceholders', () => {
  it('numbers every ? in order, casts and all', () => {
    expect(numberedPlaceholders('select ?::uuid, ? where a in (?, ?)')).toBe('select $1::uuid, $2 where a in ($3, $4)');
  });

  it('leaves a statement without placeholders as it is', () => {
    expect(numberedPlaceholders('select 1')).toBe('select 1');
  });
});

describe('unnestOf and unnestColumns', () => {
  it('takes one array parameter per column, typed', () => {
    expect(unnestOf(['uuid', 'int'])).toBe('unnest(?::uuid[], ?::int[])');
  });

  it('turns rows into columns, keeping the order of both', () => {
    expect(
      unnestColumns(
        [
          ['a', 1],
          ['b', 2],
        ],
        2,
      ),
    ).toEqual([
      ['a', 'b'],
      [1, 2],
    ]);
    expect(unnestColumns([], 2)).toEqual([[], []]);
  });

  it('takes the columns of items through a row function', () => {
    expect(columnsOf([{ id: 'a', n: 1 }], (item) => [item.id, item.n])).toEqual([['a'], [1]]);
  });
});
