import { descriptorSetPath } from '@chrono/contracts';
import { configureGrpcSecurity, closeHealthClients, createLogger, runService, startMetricsServer } from '@chrono/kit';
import { loadConfig } from './config';
import { consoleFolder, ConsoleFiles } from './console/console-files';
import { loadRegistry } from './descriptor/load-registry';
import { SwaggerUi } from './docs/swagger-ui';
import { GatewayServer } from './http/gateway-server';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { RouteTable } from './routing/route-table';
import { Transcoder } from './transcoding/transcoder';
import { UpstreamClients } from './upstream/upstream-clients';

runService('gateway', async () => {
  const config = loadConfig();
  configureGrpcSecurity(config.grpc);
  const log = createLogger('gateway', config.logLevel);
  const metrics = await startMetricsServer(config.metricsPort, log);

  // The descriptor set with source info: the routes come from its google.api.http rules, the
  // OpenAPI descriptions from its comments.
  const registry = loadRegistry(descriptorSetPath);
  const routes = new RouteTable(registry, config.upstreams);
  const unannotated = RouteTable.unannotated(
    registry,
    config.upstreams.map((upstream) => upstream.service),
  );
  if (unannotated.length)
    log.warn({ methods: unannotated }, 'methods without a google.api.http rule are not reachable over REST');

  // The web console is served when it has been built (npm run build builds it).
  const consoleFiles = ConsoleFiles.load(consoleFolder());
  if (!consoleFiles) log.warn({ folder: consoleFolder() }, 'the web console is not built; / serves nothing');

  const clients = new UpstreamClients(config.upstreams.map((upstream) => upstream.target));
  const server = new GatewayServer({
    config,
    routes,
    transcoder: new Transcoder(registry, clients, config.upstreamTimeoutMs),
    docs: new SwaggerUi(buildOpenApiDocument(routes.routes)),
    console: consoleFiles,
    log,
  });
  const port = await server.start(config.port);
  log.info(
    {
      port,
      routes: routes.routes.length,
      upstreams: Object.fromEntries(config.upstreams.map((u) => [u.name, u.target])),
    },
    'gateway listening',
  );

  return {
    async stop() {
      await server.stop();
      clients.close();
      closeHealthClients();
      await metrics.stop();
      log.info('stopped');
    },
  };
});
