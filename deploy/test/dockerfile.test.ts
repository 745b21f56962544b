import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { componentSettings, documentedPorts, repoRoot, SERVICES, workspaceFolders } from './support/components';
import { dockerignoreMatcher } from './support/dockerignore';
import { parseDockerfile, stageChain, type Instruction } from './support/dockerfile-model';

// No Docker engine here: the Dockerfile is checked by reading it. Each Node target must be a small,
// production-only, unprivileged image with a health check, built from files that exist in the context.
const dockerfile = parseDockerfile(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
const ignored = dockerignoreMatcher(path.join(repoRoot, '.dockerignore'));
const { ports } = documentedPorts();
const NODE_TARGETS = [...SERVICES, 'gateway'];

function instructions(target: string): Instruction[] {
  return stageChain(dockerfile, target).flatMap((stage) => stage.instructions);
}

function ownInstructions(target: string): Instruction[] {
  return dockerfile.stages.find((stage) => stage.name === target)?.instructions ?? [];
}

/** The folder of each @chrono workspace, by package name. */
const workspaceByPackage = new Map(
  workspaceFolders().map((folder) => [
    JSON.parse(readFileSync(path.join(repoRoot, folder, 'package.json'), 'utf8')).name as string,
    folder,
  ]),
);

/** The workspaces a workspace needs at run time: itself and its @chrono dependencies, transitively. */
function runtimeWorkspaces(folder: string, seen = new Set<string>()): Set<string> {
  seen.add(folder);
  const { dependencies = {} } = JSON.parse(readFileSync(path.join(repoRoot, folder, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const name of Object.keys(dependencies)) {
    const dependency = workspaceByPackage.get(name);
    if (dependency && !seen.has(dependency)) runtimeWorkspaces(dependency, seen);
  }
  return seen;
}

function folderOf(target: string): string {
  return target === 'gateway' ? 'gateway' : `services/${target}`;
}

describe('Dockerfile', () => {
  it('is multi-stage, with a target for every service, the Node gateway and Envoy', () => {
    const names = dockerfile.stages.map((stage) => stage.name);
    expect(names).toEqual(expect.arrayContaining([...NODE_TARGETS, 'envoy', 'build']));
    expect(new Set(names).size).toBe(names.length);
  });

  it('pins every base image to a version', () => {
    for (const stage of dockerfile.stages) {
      if (dockerfile.stages.some((other) => other.name === stage.from)) continue;
      expect(stage.from).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(stage.from).not.toMatch(/:latest$/);
    }
  });

  it('copies the package.json of every workspace before `npm ci`, so the lockfile resolves', () => {
    const manifests = stageChain(dockerfile, 'build')[0];
    const copied = manifests.instructions.filter((i) => i.keyword === 'COPY').flatMap((i) => i.args.slice(0, -1));
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json']));
    for (const folder of workspaceFolders()) expect(copied).toContain(`${folder}/package.json`);
  });

  it('builds with `npm run build` (generate, then compile) and builds the descriptor set for Envoy', () => {
    const runs = ownInstructions('build')
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.text);
    expect(runs.join('\n')).toMatch(/\bnpm ci\b/);
    expect(runs.join('\n')).toMatch(/\bnpm run build\b/);
    expect(runs.join('\n')).toMatch(/build:descriptor/);
    const rootScripts = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts;
    expect(rootScripts.build).toMatch(/npm run gen && tsc -b/);
    expect(
      JSON.parse(readFileSync(path.join(repoRoot, 'gateway', 'package.json'), 'utf8')).scripts['build:descriptor'],
    ).toBeDefined();
  });

  it('takes every COPY source from the repository, and none that .dockerignore leaves out of the context', () => {
    const sources = dockerfile.stages.flatMap((stage) =>
      stage.instructions.filter((i) => i.keyword === 'COPY' && !i.flags.from).flatMap((i) => i.args.slice(0, -1)),
    );
    expect(sources.length).toBeGreaterThan(10);
    for (const source of sources) {
      expect({ source, exists: existsSync(path.join(repoRoot, source)) }).toEqual({ source, exists: true });
      expect({ source, ignored: ignored(source) }).toEqual({ source, ignored: false });
    }
    // What must never reach the context does not.
    for (const secretOrBuilt of [
      'node_modules',
      'services/auth/dist',
      '.git',
      'services/auth/test',
      'deploy/k8s',
      '.env',
    ])
      expect(ignored(secretOrBuilt)).toBe(true);
  });

  describe.each(NODE_TARGETS)('target %s', (target) => {
    const settings = componentSettings(target);
    const port = ports.get(target)!;

    it('installs production dependencies only, in its final stage, and copies no node_modules from the build', () => {
      const npmCi = ownInstructions(target).filter((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.text));
      expect(npmCi).toHaveLength(1);
      expect(npmCi[0].text).toMatch(/--omit=dev/);
      const packageName = JSON.parse(readFileSync(path.join(repoRoot, folderOf(target), 'package.json'), 'utf8')).name;
      expect(npmCi[0].text).toContain(`--workspace ${packageName}`);
      for (const copy of instructions(target).filter((i) => i.keyword === 'COPY'))
        expect(copy.args.join(' ')).not.toMatch(/node_modules/);
    });

    it('copies the compiled code of exactly the workspaces it runs', () => {
      const copiedDist = ownInstructions(target)
        .filter((i) => i.keyword === 'COPY' && i.flags.from === 'build')
        .map((i) => i.args[0].replace(/^\/app\//, ''))
        .filter((source) => source.endsWith('/dist'))
        .map((source) => source.slice(0, -'/dist'.length));
      expect(new Set(copiedDist)).toEqual(runtimeWorkspaces(folderOf(target)));
      const descriptor = ownInstructions(target).some(
        (i) => i.keyword === 'COPY' && i.args[0] === '/app/packages/contracts/descriptor',
      );
      expect(descriptor).toBe(true);
    });

    it('runs as a non-root numeric user with NODE_ENV=production', () => {
      const users = instructions(target).filter((i) => i.keyword === 'USER');
      const user = users[users.length - 1]?.args[0] ?? 'root';
      expect(user).toMatch(/^\d+(:\d+)?$/);
      expect(Number(user.split(':')[0])).toBeGreaterThan(0);
      const env = instructions(target)
        .filter((i) => i.keyword === 'ENV')
        .flatMap((i) => i.args);
      expect(env).toContain('NODE_ENV=production');
    });

    it('listens on the documented port and checks its own health there', () => {
      const env = instructions(target)
        .filter((i) => i.keyword === 'ENV')
        .flatMap((i) => i.args);
      expect(env).toContain(`${settings.port.variable}=${port}`);
      expect(
        ownInstructions(target)
          .filter((i) => i.keyword === 'EXPOSE')
          .flatMap((i) => i.args),
      ).toEqual([String(port)]);
      const healthchecks = ownInstructions(target).filter((i) => i.keyword === 'HEALTHCHECK');
      expect(healthchecks).toHaveLength(1);
      const [, ...command] = healthchecks[0].args;
      const script = target === 'gateway' ? 'deploy/docker/http-health-check.js' : 'deploy/docker/grpc-health-check.js';
      expect(command).toEqual([
        'node',
        script,
        target === 'gateway' ? `http://127.0.0.1:${port}/health` : `127.0.0.1:${port}`,
      ]);
      expect(instructions(target).some((i) => i.keyword === 'COPY' && i.args.includes(script))).toBe(true);
    });

    it('starts the compiled entry point named in its package.json', () => {
      const cmd = ownInstructions(target).filter((i) => i.keyword === 'CMD');
      const { main } = JSON.parse(readFileSync(path.join(repoRoot, folderOf(target), 'package.json'), 'utf8'));
      expect(cmd.map((i) => i.args)).toEqual([['node', `${folderOf(target)}/${main}`]]);
    });
  });

  it('builds the Envoy image from the official image with envoy.yaml and the descriptor set', () => {
    const [envoy] = stageChain(dockerfile, 'envoy');
    expect(envoy.from).toMatch(/^envoyproxy\/envoy:v\d+\.\d+\.\d+$/);
    const copies = envoy.instructions.filter((i) => i.keyword === 'COPY').map((i) => [i.flags.from ?? '', ...i.args]);
    expect(copies).toEqual(
      expect.arrayContaining([
        ['', 'gateway/envoy.yaml', '/etc/envoy/envoy.yaml'],
        ['build', '/app/gateway/descriptor.binpb', '/etc/envoy/descriptor.binpb'],
      ]),
    );
  });
});
