import pino from 'pino';
import { Migration } from '@mikro-orm/migrations';
import {
  EnvReader,
  openDatabase,
  readDatabaseSettings,
  runSql,
  unnestColumns,
  unnestOf,
  type MikroORM,
} from '@chrono/kit';
import { scratchDatabase } from '@chrono/testkit';

class CreateRows extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists rows');
    this.addSql(
      'create table rows.row (id int primary key, label text, at timestamptz, doc jsonb, body bytea, flag boolean)',
    );
  }
}

// Rows passed as one array per column reach PostgreSQL exactly as given, whatever characters they hold.
describe('runSql with unnest, prepared', () => {
  const database = scratchDatabase();
  let orm: MikroORM;

  beforeAll(async () => {
    orm = await openDatabase({
      settings: readDatabaseSettings(new EnvReader(database.env)),
      schema: 'rows',
      entities: [],
      migrations: [{ name: 'CreateRows', class: CreateRows }],
      log: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    await orm?.close();
    await database.drop();
  });

  const insert = `insert into rows.row (id, label, at, doc, body, flag)
    select * from ${unnestOf(['int', 'text', 'timestamptz', 'jsonb', 'bytea', 'boolean'])} returning id`;

  it('writes awkward text, nulls, JSON, bytes and times unchanged, as one prepared statement for any number of rows', async () => {
    const at = new Date('2026-12-04T10:11:12.345Z');
    const rows = [
      [
        1,
        'a "quoted", {braced} \\ back\\slashed, NULL',
        at,
        JSON.stringify({ s: 'x"y\\z', n: [1, null] }),
        Buffer.from([0, 255, 34]),
        true,
      ],
      [2, null, null, null, null, false],
      [3, 'NULL', at, '"just a string"', Buffer.alloc(0), null],
    ];
    const first = await runSql<{ id: number }>(orm.em.fork(), insert, unnestColumns(rows.slice(0, 1), 6), {
      prepared: true,
    });
    const rest = await runSql<{ id: number }>(orm.em.fork(), insert, unnestColumns(rows.slice(1), 6), {
      prepared: true,
    });
    expect([...first, ...rest].map((row) => row.id)).toEqual([1, 2, 3]);

    const stored = await database.query<{
      id: number;
      label: string | null;
      at: Date | null;
      doc: unknown;
      body: Buffer | null;
      flag: boolean | null;
    }>('select id, label, at, doc, body, flag from rows.row order by id');
    expect(stored).toEqual([
      { id: 1, label: rows[0][1], at, doc: { s: 'x"y\\z', n: [1, null] }, body: Buffer.from([0, 255, 34]), flag: true },
      { id: 2, label: null, at: null, doc: null, body: null, flag: false },
      { id: 3, label: 'NULL', at, doc: 'just a string', body: Buffer.alloc(0), flag: null },
    ]);
  });

  it('finds rows by an array of keys', async () => {
    const found = await runSql<{ id: number }>(
      orm.em.fork(),
      'select id from rows.row where id = any(?::int[]) order by id',
      [[1, 3, 9]],
      {
        prepared: true,
      },
    );
    expect(found.map((row) => row.id)).toEqual([1, 3]);
  });
});
