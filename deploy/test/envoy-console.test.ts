import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './support/components';
import type { ComposeService } from './support/compose-file';
import { parseDockerfile, stageChain } from './support/dockerfile-model';
import { envoyConfig, matches } from './support/envoy-config';
import { named, overlayPath, renderKustomization } from './support/kustomize';

// The web console behind Envoy: compose and both Kubernetes overlays run gateway/envoy.yaml (the others
// check the copies are the same), so its routes decide whether a browser reaches the console there.
const envoy = envoyConfig();
const ID = '7d4c6a4e-3f0b-4c57-9d55-0a3b8a1f2e10';

/** The console's pages (the client-side routes of console/src/app.tsx, an id for each parameter) and files. */
function consolePaths(): string[] {
  const app = readFileSync(path.join(repoRoot, 'console', 'src', 'app.tsx'), 'utf8');
  const routes = [...app.matchAll(/<Route path="([^"]+)"/g)].map((match) => match[1].replace(/:\w+/g, ID));
  return [...new Set(routes), '/index.html', '/assets/index-B8PyrjmF.js', '/assets/index-CsSdD5ur.css'];
}

/** Every REST path of the protos' google.api.http rules, an id for each template variable. */
function restPaths(folder = path.join(repoRoot, 'proto')): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.proto'))
    .flatMap((name) => [
      ...readFileSync(path.join(folder, name), 'utf8').matchAll(/\b(?:get|post|put|patch|delete):\s*"([^"]+)"/g),
    ])
    .map((match) => match[1].replace(/\{[^}]+\}/g, ID));
}

const firstRoute = (urlPath: string) => envoy.routes.find((route) => matches(route.match, urlPath));
const firstJwtRule = (urlPath: string) => envoy.jwtRules.find((rule) => matches(rule.match, urlPath));

describe('the web console behind Envoy', () => {
  it('has pages to check', () => {
    expect(consolePaths()).toEqual(expect.arrayContaining(['/', '/new', '/sign-in', `/job/${ID}`, `/job/${ID}/edit`]));
  });

  it.each(consolePaths())('sends %s to the Node gateway untranscoded, without asking for a token', (urlPath) => {
    expect(firstRoute(urlPath)).toMatchObject({ cluster: 'docs', transcoding: false });
    expect(firstJwtRule(urlPath)).toMatchObject({ requiresToken: false });
  });

  it('leaves every REST path to the transcoder, and those of jobs to jwt_authn', () => {
    const paths = restPaths();
    expect(paths).toEqual(expect.arrayContaining(['/jobs', `/jobs/${ID}`, '/auth/login', '/schedules/preview']));
    expect(paths.filter((urlPath) => firstRoute(urlPath)?.cluster === 'docs')).toEqual([]);
    const jobs = paths.filter((urlPath) => urlPath.startsWith('/jobs'));
    expect(jobs.filter((urlPath) => !firstJwtRule(urlPath)?.requiresToken)).toEqual([]);
  });

  it('finds the built console in the image that the docs cluster runs, in compose and Kubernetes', () => {
    const docs = envoy.clusters.find((cluster) => cluster.name === 'docs');
    expect(docs?.host).toBe('gateway-docs');
    const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, ComposeService>;
    };
    expect(compose.services['gateway-docs'].build).toEqual({ context: '.', target: 'gateway' });
    const dockerfile = parseDockerfile(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
    const copied = stageChain(dockerfile, 'gateway').flatMap((stage) =>
      stage.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args[i.args.length - 1]),
    );
    expect(copied).toContain('console/dist');
    for (const overlay of ['dev', 'prod']) {
      const [container] = named(renderKustomization(overlayPath(overlay)), 'Deployment', 'gateway-docs').spec.template
        .spec.containers;
      expect(container.image).toMatch(/(^|\/)chrono\/gateway:[\w.-]+$/);
    }
  });
});
