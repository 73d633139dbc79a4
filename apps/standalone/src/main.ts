import { runDeployable } from '@lotstream/platform';
import { ALL_MIGRATIONS } from '@lotstream/schema';
import { StandaloneModule } from './standalone.module';

runDeployable({
  name: 'Lotstream',
  description: 'Event-sourced production traceability: record lots, steps, inspections and calibrations; query history, genealogy, capability and audit.',
  migrations: ALL_MIGRATIONS,
  module: (config, dataSource) => StandaloneModule.register({ config, dataSource }),
});
