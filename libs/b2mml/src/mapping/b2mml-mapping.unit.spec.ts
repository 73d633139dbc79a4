import { parseXml, isXmlRefusal, XmlElement } from '../xml/secure-xml';
import { isBodProblem, readBod, Bod } from './bod';
import { mapBod, SenderMapping } from './b2mml-mapping';

// Test BODs written from MESAInternational/B2MML-BatchML:
// - SyncMaterialLot / ProcessMaterialInformation (ApplicationArea, DataArea, verb, noun instances):
//   Schema/B2MML-V0600-Material.xsd (SyncMaterialLotType, ProcessMaterialInformationType), same shape in
//   Schema/B2MML-Material.xsd (V0700/V0701, namespace http://www.mesa.org/xml/B2MML).
// - MaterialLot: ID, MaterialDefinitionID, MaterialLotProperty (ID, Value), MaterialSubLot, Quantity:
//   MaterialLotType in Schema/B2MML-V0600-Material.xsd; MaterialSubLot: ID, Quantity, MaterialLotID:
//   MaterialSubLotType in the same file.
// - Quantity: QuantityString, UnitOfMeasure: QuantityValueType in Schema/B2MML-V0600-Common.xsd.
// - ApplicationArea/Sender/LogicalID, BODID: TransApplicationAreaType in Schema/B2MML-V0600-Common.xsd.

const SENDER: SenderMapping = { siteId: 'SITE-A', defaults: { partRevision: 'C' }, productionLot: 'ProductionResponse/ID' };

const NAMESPACES = {
  V0401: 'http://www.wbf.org/xml/B2MML-V0401',
  V0500: 'http://www.wbf.org/xml/B2MML-V0500',
  V0600: 'http://www.mesa.org/xml/B2MML-V0600',
  V0700: 'http://www.mesa.org/xml/B2MML',
};

const syncMaterialLot = (namespace: string, lots: string): string => `<?xml version="1.0" encoding="UTF-8"?>
<SyncMaterialLot xmlns="${namespace}" releaseID="1">
  <ApplicationArea>
    <Sender><LogicalID>MES-1</LogicalID></Sender>
    <CreationDateTime>2026-11-25T08:30:00Z</CreationDateTime>
    <BODID>bod-0001</BODID>
  </ApplicationArea>
  <DataArea>
    <Sync/>
    ${lots}
  </DataArea>
</SyncMaterialLot>`;

const LOT = `<MaterialLot>
  <ID>M-2026-0001</ID>
  <MaterialDefinitionID>RM-6061</MaterialDefinitionID>
  <Quantity><QuantityString>120.5</QuantityString><UnitOfMeasure>kg</UnitOfMeasure></Quantity>
</MaterialLot>`;

function bodOf(xml: string): Bod {
  const root = parseXml(xml);
  if (isXmlRefusal(root)) throw new Error(root.detail);
  const bod = readBod(root as XmlElement);
  if (isBodProblem(bod)) throw new Error(bod.detail);
  return bod;
}

describe('B2MML mapping', () => {
  it.each(Object.entries(NAMESPACES))('reads a %s SyncMaterialLot by its namespace into the RegisterLot the JSON intake takes', (version, namespace) => {
    const bod = bodOf(syncMaterialLot(namespace, LOT));
    expect(bod).toMatchObject({ version, verb: 'Sync', noun: 'MaterialLot', bodId: 'bod-0001', senderLogicalId: 'MES-1' });
    expect(mapBod(bod, SENDER)).toEqual([
      {
        position: 0,
        noun: 'MaterialLot',
        id: 'M-2026-0001',
        commands: [
          {
            type: 'RegisterLot',
            payload: { lotNumber: 'M-2026-0001', partNumber: 'RM-6061', partRevision: 'C', quantity: 120.5, unit: 'kg', siteId: 'SITE-A', kind: 'material' },
            paths: expect.any(Object),
          },
        ],
      },
    ]);
  });

  it('refuses another namespace as an unsupported B2MML version', () => {
    const root = parseXml(syncMaterialLot('http://www.mesa.org/xml/B2MML-V0999', LOT)) as XmlElement;
    expect(readBod(root)).toMatchObject({ status: 422, problemType: 'unsupported-b2mml-version' });
  });

  it('maps nested sub-lots to splits of their lot, and a lot property PartRevision over the sender default', () => {
    const lot = `<MaterialLot><ID>M-1</ID><MaterialDefinitionID>RM-1</MaterialDefinitionID>
      <MaterialLotProperty><ID>PartRevision</ID><Value><ValueString>D</ValueString></Value></MaterialLotProperty>
      <MaterialSubLot><ID>M-1.1</ID><Quantity><QuantityString>40</QuantityString></Quantity></MaterialSubLot>
      <Quantity><QuantityString>100</QuantityString><UnitOfMeasure>pcs</UnitOfMeasure></Quantity></MaterialLot>`;
    const [mapped] = mapBod(bodOf(syncMaterialLot(NAMESPACES.V0600, lot)), SENDER);
    expect(mapped.commands).toEqual([
      {
        type: 'RegisterLot',
        payload: { lotNumber: 'M-1', partNumber: 'RM-1', partRevision: 'D', quantity: 100, unit: 'pcs', siteId: 'SITE-A', kind: 'material' },
        paths: {
          lotNumber: 'MaterialLot/ID',
          partNumber: 'MaterialLot/MaterialDefinitionID',
          partRevision: 'MaterialLot/MaterialLotProperty[ID=PartRevision]/Value/ValueString',
          quantity: 'MaterialLot/Quantity/QuantityString',
          unit: 'MaterialLot/Quantity/UnitOfMeasure',
          siteId: 'ApplicationArea/Sender/LogicalID',
          kind: 'MaterialLot',
        },
      },
      {
        type: 'SplitLot',
        payload: { lotNumber: 'M-1', childLotNumber: 'M-1.1', quantity: 40 },
        paths: {
          lotNumber: 'MaterialLot/ID',
          childLotNumber: 'MaterialLot/MaterialSubLot[1]/ID',
          quantity: 'MaterialLot/MaterialSubLot[1]/Quantity/QuantityString',
        },
      },
    ]);
  });

  it('answers an incomplete noun with the B2MML element paths it lacks, and maps the others', () => {
    const incomplete = `<MaterialLot><ID>M-3</ID><MaterialDefinitionID>RM-1</MaterialDefinitionID></MaterialLot>`;
    const mapped = mapBod(bodOf(syncMaterialLot(NAMESPACES.V0700, LOT + incomplete + LOT.replace('M-2026-0001', 'M-2026-0002'))), {
      ...SENDER,
      defaults: {},
    });
    expect(mapped.map((m) => m.problem?.status ?? 'ok')).toEqual([422, 422, 422]);
    const withRevision = mapBod(bodOf(syncMaterialLot(NAMESPACES.V0700, LOT + incomplete + LOT.replace('M-2026-0001', 'M-2026-0002'))), SENDER);
    expect(withRevision.map((m) => m.problem?.status ?? 'ok')).toEqual(['ok', 422, 'ok']);
    expect(withRevision[1].problem!.errors.map((e) => e.field)).toEqual(['MaterialLot/Quantity/QuantityString', 'MaterialLot/Quantity/UnitOfMeasure']);
    expect(mapped[0].problem!.errors.map((e) => e.field)).toEqual(['MaterialLot/MaterialLotProperty[ID=PartRevision]/Value/ValueString']);
  });

  it('refuses a quantity that is not a decimal string', () => {
    const lot = LOT.replace('120.5', '1e3');
    const [mapped] = mapBod(bodOf(syncMaterialLot(NAMESPACES.V0600, lot)), SENDER);
    expect(mapped.problem?.errors).toEqual([
      { field: 'MaterialLot/Quantity/QuantityString', message: 'MaterialLot/Quantity/QuantityString must be a decimal number' },
    ]);
  });

  it('maps MaterialInformation lots and stand-alone sub-lots, and acknowledges a MaterialDefinition without recording it', () => {
    const info = `<MaterialInformation><ID>INFO-1</ID>${LOT}<MaterialSubLot><ID>M-2026-0001.A</ID><Quantity><QuantityString>20</QuantityString></Quantity><MaterialLotID>M-2026-0001</MaterialLotID></MaterialSubLot></MaterialInformation>`;
    const xml = syncMaterialLot(NAMESPACES.V0500, info)
      .replace(/SyncMaterialLot/g, 'ProcessMaterialInformation')
      .replace('<Sync/>', '<Process/>');
    const bod = bodOf(xml);
    expect(bod).toMatchObject({ verb: 'Process', noun: 'MaterialInformation' });
    expect(mapBod(bod, SENDER)[0].commands.map((c) => c.type)).toEqual(['RegisterLot', 'SplitLot']);
    const definition = bodOf(
      syncMaterialLot(NAMESPACES.V0401, '<MaterialDefinition><ID>RM-6061</ID></MaterialDefinition>').replace(/MaterialLot/g, 'MaterialDefinition'),
    );
    expect(mapBod(definition, SENDER)).toEqual([{ position: 0, noun: 'MaterialDefinition', id: 'RM-6061', commands: [], acknowledgedOnly: true }]);
  });
});

describe('secure XML parsing', () => {
  it('refuses any DOCTYPE: an XXE document', () => {
    expect(parseXml('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>')).toMatchObject({ refused: 'doctype' });
  });

  it('refuses a billion-laughs document before any expansion', () => {
    const entities = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const started = Date.now();
    expect(parseXml(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]><lolz>&lol9;</lolz>`)).toMatchObject({ refused: 'doctype' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses elements nested deeper than 64, and accepts 64', () => {
    const nest = (depth: number): string => '<a>'.repeat(depth) + '</a>'.repeat(depth);
    expect(parseXml(nest(1000))).toMatchObject({ refused: 'too-deep' });
    expect(parseXml(nest(65))).toMatchObject({ refused: 'too-deep' });
    expect(isXmlRefusal(parseXml(nest(64)))).toBe(false);
  });

  it('refuses more elements than the cap', () => {
    expect(parseXml(`<r>${'<a/>'.repeat(20_000)}</r>`)).toMatchObject({ refused: 'too-many-elements' });
  });

  it('refuses an undeclared entity and a malformed document', () => {
    expect(parseXml('<r>&lol;</r>')).toMatchObject({ refused: 'malformed' });
    expect(parseXml('<r><a></r>')).toMatchObject({ refused: 'malformed' });
  });
});
