import { runDeployable } from '@lotstream/platform';
import { ALL_MIGRATIONS } from '@lotstream/schema';
import { ProjectorAppModule } from './projector-app.module';

/** Instances share the event topics' partitions as one consumer group. */
runDeployable({
  name: 'Lotstream projector',
  description: 'Maintains the read models from the Kafka event topics: health, readiness and metrics only.',
  migrations: ALL_MIGRATIONS,
  requires: ['database', 'kafka'],
  module: (config, dataSource) => ProjectorAppModule.register({ config, dataSource }),
});
