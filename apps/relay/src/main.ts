import { runDeployable } from '@lotstream/platform';
import { ALL_MIGRATIONS } from '@lotstream/schema';
import { RelayAppModule } from './relay-app.module';

/** Run as many as you like: one holds the store's relay lock and publishes, the others wait to take over. */
runDeployable({
  name: 'Lotstream relay',
  description: 'Publishes the stored events to their Kafka topics: health, readiness and metrics only.',
  migrations: ALL_MIGRATIONS,
  requires: ['database', 'kafka'],
  module: (config, dataSource) => RelayAppModule.register({ config, dataSource }),
});
