// The import boundaries of the tree, as ESLint `no-restricted-imports` settings (kept apart from
// eslint.config.js so that eslint/boundaries.test.ts can prove them on fixtures that break them).
// Flat config replaces a rule's options rather than merging them, so a domain/ file gets one entry
// holding both its service's boundary and the domain's own.
'use strict';

const SERVICES = ['auth', 'job-catalog', 'scheduler', 'executor'];

/** A service talks to another only through the contracts (gRPC, events), never by importing its code. */
const otherServices = (service) => {
  const others = SERVICES.filter((s) => s !== service).join('|');
  return {
    regex: `^(@chrono/(${others})|(\\.\\./)+(services/)?(${others})/)`,
    message: 'a service does not import another service; use its gRPC API or events (@chrono/contracts)',
  };
};

/** Decisions in `domain/` stay free of storage, messaging and the network: those reach it through the layers around it. */
const DOMAIN_MESSAGE = 'domain/ makes decisions only; storage, messaging and the network stay in the layers around it';
const domainPaths = ['pg', 'nats', 'ioredis', 'node:http', 'node:https', 'http', 'https', '@grpc/grpc-js'].map(
  (name) => ({ name, message: DOMAIN_MESSAGE }),
);
const domainPatterns = [
  { group: ['@mikro-orm/*'], message: DOMAIN_MESSAGE },
  { regex: '^(\\.\\./)+(store|events|handlers|dispatch|outbound)(/|$)', message: DOMAIN_MESSAGE },
];

const boundaries = SERVICES.flatMap((service) => [
  {
    files: [`services/${service}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: [otherServices(service)] }] },
  },
  {
    files: [`services/${service}/src/domain/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { paths: domainPaths, patterns: [otherServices(service), ...domainPatterns] }],
    },
  },
]);

/** The client and the command line are what users install: they speak the contracts, never a service's or the kit's code. */
boundaries.push({
  files: ['packages/client/src/**/*.ts', 'packages/cli/src/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^@chrono/(${SERVICES.join('|')}|kit|testkit)$`,
            message: 'the client and the CLI reach the services through @chrono/contracts and gRPC only',
          },
        ],
      },
    ],
  },
});

module.exports = { boundaries };
