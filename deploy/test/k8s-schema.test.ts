import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './support/components';
import { overlayPath, renderKustomization } from './support/kustomize';
import { schemaProblems } from './support/schema-validation';

// Every object each overlay renders must be valid against the Kubernetes API schemas, field names included.
describe.each(['dev', 'prod'])('kustomize overlay %s', (overlay) => {
  const objects = renderKustomization(overlayPath(overlay));

  it('renders the whole system', () => {
    const kinds = new Set(objects.map((object) => object.kind));
    for (const kind of [
      'Namespace',
      'Deployment',
      'Service',
      'ConfigMap',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'NetworkPolicy',
    ])
      expect(kinds).toContain(kind);
  });

  it('renders only objects that are valid against the Kubernetes schemas', () => {
    expect(schemaProblems(objects)).toEqual([]);
  });
});

describe('the schema check', () => {
  // A copy of deploy/k8s with one mistake, rendered and checked like the real thing.
  function renderWithEdit(file: string, edit: (text: string) => string) {
    const copy = mkdtempSync(path.join(tmpdir(), 'chrono-k8s-'));
    try {
      cpSync(path.join(repoRoot, 'deploy', 'k8s'), copy, { recursive: true });
      const target = path.join(copy, file);
      const before = readFileSync(target, 'utf8');
      const after = edit(before);
      expect(after).not.toBe(before);
      writeFileSync(target, after);
      return renderKustomization(path.join(copy, 'overlays', 'dev'));
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }

  it('rejects a misspelt field name', () => {
    const objects = renderWithEdit('base/auth.yaml', (text) => text.replace('livenessProbe:', 'livenesProbe:'));
    const problems = schemaProblems(objects);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Deployment\/auth: .*'"livenesProbe"' does not exist in type 'IContainer'/);
  });

  it('rejects a value of the wrong type', () => {
    const objects = renderWithEdit('base/scheduler.yaml', (text) =>
      text.replace('terminationGracePeriodSeconds: 30', 'terminationGracePeriodSeconds: "thirty"'),
    );
    expect(schemaProblems(objects).join('\n')).toMatch(/Deployment\/scheduler: .*terminationGracePeriodSeconds/);
  });

  it('rejects an object without a required field', () => {
    const objects = renderWithEdit('base/executor.yaml', (text) =>
      text.replace('    name: executor\n  minReplicas', '  minReplicas'),
    );
    expect(schemaProblems(objects).join('\n')).toMatch(/HorizontalPodAutoscaler\/executor: .*name/);
  });
});
