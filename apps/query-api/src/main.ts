import { runDeployable } from '@lotstream/platform';
import { ALL_MIGRATIONS } from '@lotstream/schema';
import { QueryApiModule } from './query-api.module';

runDeployable({
  name: 'Lotstream query API',
  description: 'Lot history, genealogy, calibration impact, capability, consistency and audit queries.',
  migrations: ALL_MIGRATIONS,
  requires: ['database'],
  module: (config, dataSource) => QueryApiModule.register({ config, dataSource }),
});
