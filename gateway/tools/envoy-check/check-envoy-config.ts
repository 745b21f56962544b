import { parse } from 'yaml';
import { ConfigWalker, type Findings } from './config-walker';
import { crossCheck } from './cross-checks';
import { checkTranscoderDescriptor } from './descriptor-check';
import { envoyApi } from './envoy-api';

export type { Findings } from './config-walker';

export interface CheckOptions {
  /** Paths in the config (such as /etc/envoy/descriptor.binpb) mapped to local files. */
  files?: Record<string, string>;
}

/**
 * Checks an Envoy bootstrap config without Envoy: the schema (against the v3 API protos), the
 * cross references, and each transcoder's descriptor set. Not Envoy's own validation: no runtime
 * semantics, and only a subset of the protoc-gen-validate rules.
 */
export function checkEnvoyConfig(yamlText: string, { files = {} }: CheckOptions = {}): Findings {
  const findings: Findings = { errors: [], warnings: [] };
  let config: unknown;
  try {
    config = parse(yamlText);
  } catch (error) {
    findings.errors.push(`not valid YAML: ${(error as Error).message}`);
    return findings;
  }
  new ConfigWalker(envoyApi(), findings).walk('envoy.config.bootstrap.v3.Bootstrap', config, '$');
  if (typeof config !== 'object' || config === null) return findings;
  for (const transcoder of crossCheck(config as Record<string, unknown>, findings))
    checkTranscoderDescriptor(transcoder, files, findings);
  return findings;
}
