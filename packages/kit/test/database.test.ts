import pino from 'pino';
import { Migration } from '@mikro-orm/migrations';
import { openDatabase, pingDatabase, readDatabaseSettings, EnvReader } from '@chrono/kit';
import { scratchDatabase } from '@chrono/testkit';

class CreateThings extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists things');
    this.addSql('create table things.thing (id int primary key)');
  }
}

describe('openDatabase', () => {
  const database = scratchDatabase();
  afterAll(() => database.drop());

  it('creates the database, and applies each migration once when replicas start together', async () => {
    const settings = readDatabaseSettings(new EnvReader(database.env));
    const open = () =>
      openDatabase({
        settings,
        schema: 'things',
        entities: [],
        migrations: [{ name: 'CreateThings', class: CreateThings }],
        log: pino({ level: 'silent' }),
      });
    const orms = await Promise.all([open(), open(), open()]);
    try {
      await Promise.all(orms.map((orm) => pingDatabase(orm)));
      const applied = await database.query<{ name: string }>('select name from things.mikro_orm_migrations');
      expect(applied.map((row) => row.name)).toEqual(['CreateThings']);
      expect(await database.query("select to_regclass('things.thing') as t")).toEqual([{ t: 'things.thing' }]);
    } finally {
      await Promise.all(orms.map((orm) => orm.close()));
    }
  });
});
