import { policyKey, ROLES } from '@lotstream/access';
import { documentsCommands } from '@lotstream/documents';
import { metrologyCommands } from '@lotstream/metrology';
import { personnelCommands } from '@lotstream/personnel';
import { supplierCommands } from '@lotstream/suppliers';
import { productionCommands } from '@lotstream/production';
import { prototypingCommands } from '@lotstream/prototyping';
import { qualityCommands } from '@lotstream/quality';
import { COMMAND_TYPES, CommandCatalog } from '@lotstream/recording';
import { siteCommands } from '@lotstream/sites';
import { b2mmlCommands } from '@lotstream/b2mml';

/**
 * The catalog the app builds from every context's command definitions: a batch item or Kafka
 * message of a type is allowed exactly to the roles of that command's route, because both are read
 * from the same definition.
 */
describe('command definitions', () => {
  const catalog = new CommandCatalog();
  catalog.register([
    ...productionCommands,
    ...qualityCommands,
    ...metrologyCommands,
    ...prototypingCommands,
    ...personnelCommands,
    ...supplierCommands,
    ...documentsCommands,
    ...siteCommands,
    ...b2mmlCommands,
  ]);
  const mayRun = (role: string, type: string): boolean => catalog.get(type)?.roles.includes(role as never) ?? false;

  it('declares every command type once, and nothing else', () => {
    expect(catalog.types().sort()).toEqual([...COMMAND_TYPES].sort());
  });

  it('gives a batch item the roles of its route', () => {
    const routes = catalog.routePolicy();
    expect(Object.keys(routes)).toHaveLength(COMMAND_TYPES.length);
    for (const type of catalog.types()) {
      const definition = catalog.get(type)!;
      expect(routes[policyKey(definition.route.method ?? 'POST', definition.route.path)]).toEqual(definition.roles);
    }
  });

  // Decisions a person must take, never an integration: revoking a qualification, a signed release,
  // releasing or obsoleting a controlled document, resuming discontinued incoming inspection (ISO
  // 2859-1 9.4); and the site policy and B2MML sender mappings, which only an admin sets.
  const notForIntegration = [
    'RevokeQualification',
    'ReleaseDocumentRevision',
    'ObsoleteDocumentRevision',
    'ResumeSampling',
    'SetSitePolicy',
    'ConfigureB2mmlSender',
    'EnrolSigner',
    'ReleaseHold',
    'ReleaseLot',
    'ApproveFirstArticle',
    'CorrectEvent',
    'VoidEvent',
  ];
  // Admin decisions: the site policy, B2MML sender mappings and opening a signing enrolment.
  const forAdmin = ['SetSitePolicy', 'ConfigureB2mmlSender', 'EnrolSigner'];
  // The enrolment token is the credential of this call: whatever key carries it (issue 17).
  const anyKey = ['SetSigningCredential'];

  it('lets integration run every fact-recording command, admin only the site policy and B2MML sender mappings, the auditor none, each trade its own', () => {
    for (const type of catalog.types()) {
      for (const role of catalog.get(type)!.roles) expect(ROLES).toContain(role);
      if (anyKey.includes(type)) {
        for (const role of ROLES) expect(mayRun(role, type)).toBe(true);
        continue;
      }
      expect(mayRun('auditor', type)).toBe(false);
      expect(mayRun('admin', type)).toBe(forAdmin.includes(type));
      expect(mayRun('integration', type)).toBe(!notForIntegration.includes(type));
    }
    expect(mayRun('quality', 'RevokeQualification')).toBe(true);
    expect(mayRun('quality', 'ResumeSampling')).toBe(true);
    expect(mayRun('quality', 'SetSamplingPlan')).toBe(true);
    expect(mayRun('operator', 'ApproveSupplier')).toBe(false);
    expect(mayRun('engineering', 'ReleaseDocumentRevision')).toBe(true);
    expect(mayRun('operator', 'GrantQualification')).toBe(false);
    expect(mayRun('operator', 'RecordInspection')).toBe(false);
    expect(mayRun('quality', 'RecordInspection')).toBe(true);
    expect(mayRun('integration', 'NoSuchCommand')).toBe(false);
  });
});
