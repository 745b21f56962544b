import { describeServiceLifecycle } from '@chrono/testkit';

describeServiceLifecycle('job-catalog', {
  grpcService: 'chrono.catalog.v1.JobService',
  methods: [
    'CreateJob',
    'CreateJobs',
    'GetJob',
    'ListJobs',
    'UpdateJob',
    'CancelJob',
    'RescheduleJob',
    'PauseJob',
    'ResumeJob',
    'DeleteJob',
    'ListJobExecutions',
    'ListOccurrences',
    'ListNotificationDeliveries',
    'GetNotificationSecret',
    'RotateNotificationSecret',
  ],
  usesDatabase: true,
});
