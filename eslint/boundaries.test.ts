import * as path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { boundaries } from './boundaries';

// The import boundaries, proven on fixtures that break them: each line below must be reported where
// it is placed and allowed where it is not.
describe('import boundaries', () => {
  const eslint = new ESLint({
    cwd: path.resolve(__dirname, '..'),
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...boundaries],
  });
  const problems = async (filePath: string, code: string) =>
    (await eslint.lintText(code, { filePath }))[0].messages.map((m) => `${m.ruleId}: ${m.message}`);

  it.each([
    ["import { Client } from 'pg';", 'pg'],
    ["import { connect } from 'nats';", 'nats'],
    ["import * as http from 'node:http';", 'node:http'],
    ["import { MikroORM } from '@mikro-orm/postgresql';", '@mikro-orm/postgresql'],
    ["import { ScheduleStore } from '../store/schedule-store';", '../store/schedule-store'],
    ["import { stateMessage } from '../events/messages';", '../events/messages'],
  ])('reports `%s` in a domain/ module', async (line, imported) => {
    const found = await problems('services/scheduler/src/domain/fixture.ts', line);
    expect(found).toEqual([expect.stringMatching(new RegExp(`^no-restricted-imports: '${imported}' import`))]);
    expect(found[0]).toContain('domain/ makes decisions only');
  });

  it('allows the same imports outside domain/', async () => {
    expect(await problems('services/scheduler/src/store/fixture.ts', "import { Client } from 'pg';")).toEqual([]);
    expect(
      await problems('services/scheduler/src/events/fixture.ts', "import { x } from '../store/schedule-store';"),
    ).toEqual([]);
  });

  it.each([
    [
      'services/scheduler/src/events/fixture.ts',
      "import { JobService } from '../../../job-catalog/src/domain/job-service';",
    ],
    ['services/executor/src/main.ts', "import { buildServer } from '@chrono/auth';"],
    ['services/auth/src/domain/fixture.ts', "import { x } from '../../../scheduler/src/domain/schedule';"],
  ])('reports one service importing another (%s)', async (filePath, line) => {
    expect(await problems(filePath, line)).toEqual([
      expect.stringContaining('a service does not import another service'),
    ]);
  });

  it('allows the shared packages and a service its own modules', async () => {
    const allowed =
      "import { isUuid } from '@chrono/kit';\nimport { topology } from '@chrono/contracts';\nimport { x } from './job';";
    expect(await problems('services/job-catalog/src/domain/fixture.ts', allowed)).toEqual([]);
  });
});
