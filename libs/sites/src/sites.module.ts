import { Module } from '@nestjs/common';
import { CommandCatalog, RecordingModule } from '@lotstream/recording';
import { SetSitePolicyHandler } from './site-policy/set-site-policy/set-site-policy.handler';
import { siteCommands } from './sites.commands';
import { SitesController } from './sites.controller';

/** Site policies: which work-condition rules each site enforces. */
@Module({
  imports: [RecordingModule],
  controllers: [SitesController],
  providers: [SetSitePolicyHandler],
})
export class SitesModule {
  constructor(catalog: CommandCatalog) {
    catalog.register(siteCommands);
  }
}
