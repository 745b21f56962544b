import { describeServiceLifecycle } from '@chrono/testkit';

describeServiceLifecycle('executor', {
  grpcService: 'chrono.executor.v1.ExecutorService',
  methods: ['ListHandlers'],
  usesDatabase: false,
});
