import { describeServiceLifecycle } from '@chrono/testkit';

describeServiceLifecycle('auth', {
  grpcService: 'chrono.auth.v1.AuthService',
  methods: [
    'Register',
    'Login',
    'Refresh',
    'Logout',
    'LogoutAll',
    'DeleteMe',
    'GetMe',
    'CreateApiKey',
    'ListApiKeys',
    'DeleteApiKey',
    'GetJwks',
  ],
  usesDatabase: true,
});
