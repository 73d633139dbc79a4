import { runDeployable } from '@lotstream/platform';
import { ALL_MIGRATIONS } from '@lotstream/schema';
import { CommandApiModule } from './command-api.module';

runDeployable({
  name: 'Lotstream command API',
  description: 'Records lots, steps, inspections, nonconformances, shipments, equipment, calibrations and prototype builds.',
  migrations: ALL_MIGRATIONS,
  requires: ['database'],
  module: (config, dataSource) => CommandApiModule.register({ config, dataSource }),
});
