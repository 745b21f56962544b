import { PrivateNats, type ScratchDatabase } from '@chrono/testkit';
import { ChronoSystem, type SystemOptions } from './chrono-system';
import { JobTarget, type JobTargetOptions } from './job-target';

/** What most fault scenarios stand on: a NATS server of their own, the HTTP server jobs call, and the system on their database. */
export class FaultRig {
  private constructor(
    readonly nats: PrivateNats,
    readonly target: JobTarget,
    readonly system: ChronoSystem,
    private readonly database: ScratchDatabase,
  ) {}

  static async start({
    database,
    target,
    system,
  }: {
    database: ScratchDatabase;
    target: JobTargetOptions;
    system: Omit<SystemOptions, 'database' | 'natsUrl'>;
  }): Promise<FaultRig> {
    const nats = await PrivateNats.start();
    const jobTarget = await JobTarget.start(target);
    try {
      return new FaultRig(
        nats,
        jobTarget,
        await ChronoSystem.start({ ...system, database: database.env, natsUrl: nats.url }),
        database,
      );
    } catch (error) {
      await jobTarget.close();
      await nats.stop();
      throw error;
    }
  }

  /** Stops the system, the target and NATS, and drops the database. */
  async close(): Promise<void> {
    await this.system.stop();
    await this.target.close();
    await this.nats.stop();
    await this.database.drop();
  }
}
