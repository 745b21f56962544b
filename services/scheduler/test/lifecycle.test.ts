import { describeServiceLifecycle } from '@chrono/testkit';

describeServiceLifecycle('scheduler', {
  grpcService: 'chrono.scheduler.v1.SchedulerService',
  methods: ['PreviewRuns', 'TriggerNow'],
  usesDatabase: true,
});
