import { describeServiceLifecycle } from '@chrono/testkit';

describeServiceLifecycle('auth', {
  grpcService: 'chrono.auth.v1.AuthService',
  methods: ['Register', 'Login', 'GetMe', 'GetJwks'],
  usesDatabase: true,
});
