import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { descriptorSetPath } from '@chrono/contracts';
import { checkEnvoyConfig } from '../tools/envoy-check/check-envoy-config';

// gateway/envoy.yaml checked offline, as CI must without an Envoy binary: against the Envoy API
// protos, its own cross references, and the descriptor set the build script makes.
describe('envoy.yaml', () => {
  const gatewayDir = path.join(__dirname, '..');
  const yamlText = readFileSync(path.join(gatewayDir, 'envoy.yaml'), 'utf8');
  const scratch = mkdtempSync(path.join(tmpdir(), 'chrono-envoy-'));
  const descriptor = path.join(scratch, 'descriptor.binpb');
  const files = { '/etc/envoy/descriptor.binpb': descriptor };

  beforeAll(() => {
    const build = spawnSync(process.execPath, [path.join(gatewayDir, 'scripts', 'build-descriptor.js'), descriptor], {
      encoding: 'utf8',
    });
    expect(build.status).toBe(0);
  });

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /** envoy.yaml after `change` edits its parsed form (anchors are expanded on the way). */
  const variant = (change: (config: any) => void) => {
    const config = parse(yamlText);
    change(config);
    return stringify(config);
  };
  const manager = (config: any) => config.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
  const httpFilter = (config: any, name: string) =>
    manager(config).http_filters.find((filter: { name: string }) => filter.name === name);

  it('passes with no errors and no warnings', () => {
    expect(checkEnvoyConfig(yamlText, { files })).toEqual({ errors: [], warnings: [] });
  });

  it('sets x-client-address from the downstream address after the trusted X-Forwarded-For hops, never the client', () => {
    const config = parse(yamlText);
    expect(manager(config)).toMatchObject({ use_remote_address: true, xff_num_trusted_hops: 0 });
    expect(
      httpFilter(config, 'envoy.filters.http.header_mutation').typed_config.mutations.request_mutations,
    ).toContainEqual({ remove: 'x-client-address' });
    const [host] = manager(config).route_config.virtual_hosts;
    expect(host.request_headers_to_add).toContainEqual({
      header: { key: 'x-client-address', value: '%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%' },
      append_action: 'OVERWRITE_IF_EXISTS_OR_ADD',
    });
  });

  it('vouches for that address with GATEWAY_SHARED_SECRET from its environment, never a client-sent copy', () => {
    const config = parse(yamlText);
    expect(
      httpFilter(config, 'envoy.filters.http.header_mutation').typed_config.mutations.request_mutations,
    ).toContainEqual({ remove: 'x-gateway-secret' });
    const [host] = manager(config).route_config.virtual_hosts;
    expect(host.request_headers_to_add).toContainEqual({
      header: { key: 'x-gateway-secret', value: '%ENVIRONMENT(GATEWAY_SHARED_SECRET)%' },
      append_action: 'OVERWRITE_IF_EXISTS_OR_ADD',
    });
  });

  it('fails on a misspelt field name', () => {
    const { errors } = checkEnvoyConfig(yamlText.replace('convert_grpc_status:', 'convert_grpc_statuss:'), { files });
    expect(errors).toEqual([
      expect.stringMatching(
        /http_filters\[4\]\.typed_config\.convert_grpc_statuss: unknown field "convert_grpc_statuss" in envoy\.extensions\.filters\.http\.grpc_json_transcoder\.v3\.GrpcJsonTranscoder$/,
      ),
    ]);
  });

  it('fails on a route to a cluster that does not exist', () => {
    const { errors } = checkEnvoyConfig(yamlText.replace('cluster: job_catalog\n', 'cluster: job_catalogue\n'), {
      files,
    });
    expect(errors).toEqual(expect.arrayContaining([expect.stringContaining('cluster "job_catalogue" is not defined')]));
  });

  it('fails on bad values: a duration with a space, an unknown enum name, a wrong type, an unknown @type', () => {
    const broken = variant((config) => {
      config.static_resources.clusters[0].connect_timeout = '2 s';
      config.static_resources.clusters[0].lb_policy = 'ROUND_ROBINN';
      httpFilter(config, 'envoy.filters.http.grpc_json_transcoder').typed_config.services =
        'chrono.auth.v1.AuthService';
      httpFilter(config, 'envoy.filters.http.cors').typed_config['@type'] =
        'type.googleapis.com/envoy.extensions.filters.http.cors.v3.Corss';
    });
    const { errors } = checkEnvoyConfig(broken, { files });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('clusters[0].connect_timeout: expected a duration'),
        expect.stringContaining('clusters[0].lb_policy: "ROUND_ROBINN" is not one of'),
        expect.stringMatching(/http_filters\[2\]\.typed_config: unknown @type/),
        expect.stringMatching(/http_filters\[4\]\.typed_config\.services: expected a list/),
      ]),
    );
    expect(errors).toHaveLength(4);
  });

  it('fails when a transcoded service is missing from the descriptor, or one of its methods has no HTTP rule', () => {
    const unknown = variant((config) =>
      httpFilter(config, 'envoy.filters.http.grpc_json_transcoder').typed_config.services.push(
        'chrono.nope.v1.NopeService',
      ),
    );
    expect(checkEnvoyConfig(unknown, { files }).errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining("Could not find 'chrono.nope.v1.NopeService' in the proto descriptor"),
      ]),
    );
    // The contracts' descriptor set also holds grpc.health.v1, whose methods have no google.api.http rule.
    const health = variant((config) => {
      httpFilter(config, 'envoy.filters.http.grpc_json_transcoder').typed_config.services.push('grpc.health.v1.Health');
      manager(config).route_config.virtual_hosts[0].routes.push({
        match: { prefix: '/grpc.health.v1.Health/' },
        route: { cluster: 'auth' },
      });
    });
    const { errors } = checkEnvoyConfig(health, { files: { '/etc/envoy/descriptor.binpb': descriptorSetPath } });
    expect(errors).toEqual([
      expect.stringContaining('grpc.health.v1.Health.Check has no google.api.http rule'),
      expect.stringContaining('grpc.health.v1.Health.Watch has no google.api.http rule'),
      expect.stringContaining('grpc.health.v1.Health.List has no google.api.http rule'),
    ]);
  });

  it('fails on a filter order that breaks auth: jwt_authn after the transcoder, the router not last', () => {
    const reordered = variant((config) => {
      const filters = manager(config).http_filters;
      const jwt = filters.splice(
        filters.findIndex((filter: { name: string }) => filter.name === 'envoy.filters.http.jwt_authn'),
        1,
      )[0];
      filters.push(jwt);
    });
    const { errors } = checkEnvoyConfig(reordered, { files });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('the router must be the last HTTP filter'),
        expect.stringContaining('jwt_authn must come before the gRPC-JSON transcoder'),
      ]),
    );
  });

  it('fails on a gRPC cluster without HTTP/2 and on a JWKS or health_check cluster that does not exist', () => {
    const broken = variant((config) => {
      delete config.static_resources.clusters[1].typed_extension_protocol_options;
      httpFilter(
        config,
        'envoy.filters.http.jwt_authn',
      ).typed_config.providers.chrono_auth.remote_jwks.http_uri.cluster = 'jwks';
      httpFilter(config, 'envoy.filters.http.health_check').typed_config.cluster_min_healthy_percentages.catalog = {
        value: 1,
      };
    });
    const { errors } = checkEnvoyConfig(broken, { files });
    expect(errors).toHaveLength(3);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('cluster "job_catalog" carries gRPC but is not HTTP/2'),
        expect.stringContaining('(envoy.filters.http.jwt_authn): cluster "jwks" is not defined'),
        expect.stringContaining('(envoy.filters.http.health_check): cluster "catalog" is not defined'),
      ]),
    );
  });

  it('fails on a missing required field (protoc-gen-validate rules)', () => {
    const broken = variant(
      (config) =>
        delete manager(config).local_reply_config.mappers[0].filter.status_code_filter.comparison.value.runtime_key,
    );
    expect(checkEnvoyConfig(broken, { files }).errors).toEqual([
      expect.stringMatching(/mappers\[0\]\.filter\.status_code_filter\.comparison\.value\.runtime_key: is required/),
    ]);
  });

  it('has a command line that exits non-zero on errors', () => {
    const cli = path.join(gatewayDir, 'tools', 'dist', 'check-envoy-cli.js');
    const ok = spawnSync(
      process.execPath,
      [cli, path.join(gatewayDir, 'envoy.yaml'), '--map', `/etc/envoy/descriptor.binpb=${descriptor}`],
      { encoding: 'utf8' },
    );
    expect([ok.status, ok.stdout.trim()]).toEqual([
      0,
      expect.stringMatching(/envoy\.yaml: 0 error\(s\), 0 warning\(s\)$/),
    ]);
    const badFile = path.join(scratch, 'bad.yaml');
    writeFileSync(badFile, yamlText.replace('reject_unknown_method:', 'reject_unknown_methods:'));
    const bad = spawnSync(process.execPath, [cli, badFile, '--map', `/etc/envoy/descriptor.binpb=${descriptor}`], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('unknown field "reject_unknown_methods"');
  });
});
