import { addressesOf } from './connection';

describe('addressesOf', () => {
  const config = { authUrl: 'config-auth:1', jobCatalogUrl: 'config-catalog:2', schedulerUrl: 'config-scheduler:3' };

  it('takes each address from its flag first, then the environment, then the config file', () => {
    const addresses = addressesOf(
      { output: 'table', authUrl: 'flag-auth:1' },
      { CHRONO_AUTH_URL: 'env-auth:1', CHRONO_JOB_CATALOG_URL: 'env-catalog:2' },
      config,
    );
    expect(addresses).toEqual({ auth: 'flag-auth:1', jobCatalog: 'env-catalog:2', scheduler: 'config-scheduler:3' });
  });

  it('leaves an address unset (the client then uses localhost) when nothing gives one', () => {
    expect(addressesOf({ output: 'json' }, {}, {})).toEqual({
      auth: undefined,
      jobCatalog: undefined,
      scheduler: undefined,
    });
  });
});
