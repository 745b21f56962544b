import * as path from 'node:path';
import * as ts from 'typescript';
import type { K8sObject } from './kustomize';
import { repoRoot } from './components';

/**
 * Checks rendered objects against the Kubernetes API schemas that `kubernetes-models` carries, two ways:
 * its JSON-schema validation (types, required fields, enums, formats), and its TypeScript declarations,
 * through which every object is type-checked as an object literal, so that a field the API does not
 * know (`livenesProbe`) is an error, as it is for `kubectl apply --validate=strict`.
 * Returns one message per problem, naming the object; an empty list means all are valid.
 */
export function schemaProblems(objects: K8sObject[]): string[] {
  return [...modelProblems(objects), ...unknownFieldProblems(objects)];
}

function label(object: K8sObject): string {
  return `${object.kind}/${object.metadata?.name ?? '?'}`;
}

// Custom resources whose schemas come from a package of their own: the Prometheus Operator's
// (deploy/k8s/observability).
const CUSTOM_RESOURCE_PACKAGES: Record<string, string> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
};

/**
 * `kubernetes-models/<group>/<version>` for an apiVersion such as `apps/v1`, `kubernetes-models/v1` for
 * the core group, or the module of a custom resource's own package.
 */
function modulePath(apiVersion: string): string {
  const customPackage = CUSTOM_RESOURCE_PACKAGES[apiVersion.split('/')[0]];
  return `${customPackage ?? 'kubernetes-models'}/${apiVersion}`;
}

function modelProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const object of objects) {
    let Model: (new (data: unknown) => { validate(): void }) | undefined;
    try {
      // The module of the object's API group and version, then the model class of its kind.
      Model = (require(modulePath(object.apiVersion)) as Record<string, new (data: unknown) => { validate(): void }>)[
        object.kind
      ];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      problems.push(`${label(object)}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${label(object)}: ${(error as Error).message}`);
    }
  }
  return problems;
}

function unknownFieldProblems(objects: K8sObject[]): string[] {
  const imports = objects.map(
    (object, i) => `import type { I${object.kind} as T${i} } from '${modulePath(object.apiVersion)}/${object.kind}';`,
  );
  const declarations = objects.map((object, i) => `export const o${i}: T${i} = ${JSON.stringify(object)};`);
  const fileName = path.join(repoRoot, 'deploy', 'test', '__rendered_objects__.ts');
  const source = [...imports, ...declarations].join('\n');

  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === fileName ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest);
  host.fileExists = (name) => name === fileName || fileExists(name);

  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (diagnostic.file?.fileName !== fileName || diagnostic.start === undefined) return `schema check: ${message}`;
    const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line;
    const object = line < imports.length ? objects[line] : objects[line - imports.length];
    return `${label(object)}: ${message}`;
  });
}
