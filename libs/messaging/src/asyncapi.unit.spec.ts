import { COMMAND_TYPES } from '@lotstream/recording';
import { buildAsyncApiDocument, EVENT_DATA_SCHEMAS } from './asyncapi';
import { PUBLISHED_EVENT_TYPES, topicNames } from './topics';

type Json = Record<string, any>;

function refsOf(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => refsOf(item, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') found.push(value);
      else refsOf(value, found);
    }
  }
  return found;
}

function resolve(document: Json, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<any>((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
}

describe('AsyncAPI document', () => {
  const document = buildAsyncApiDocument('acme.', ['kafka-1:9092']) as Json;

  it('is AsyncAPI 3.0 with the deployment topic names', () => {
    expect(document.asyncapi).toBe('3.0.0');
    const names = topicNames('acme.');
    expect(
      Object.values(document.channels)
        .map((c: any) => c.address)
        .sort(),
    ).toEqual([...Object.values(names.events), names.mesCommands, names.mesResults, names.mesDeadLetter, names.mesB2mml].sort());
    expect(document.servers.kafka).toMatchObject({ host: 'kafka-1:9092', protocol: 'kafka' });
  });

  it('describes the data of every published event type, on the topic it is published to', () => {
    const typesByChannel = Object.fromEntries(
      Object.entries(document.components.messages)
        .filter(([name]) => name.endsWith('Event'))
        .map(([name, message]: [string, any]) => [name.replace(/Event$/, ''), message.payload.oneOf.map((variant: any) => variant.properties.type.const)]),
    );
    for (const [type, topic] of Object.entries(PUBLISHED_EVENT_TYPES)) {
      expect(EVENT_DATA_SCHEMAS[type]).toBeDefined();
      if (topic !== 'prototype') expect(typesByChannel[topic]).toContain(type);
    }
    expect(typesByChannel.prototype.every((type: string) => type.startsWith('Prototype'))).toBe(true);
    expect(typesByChannel.production).not.toContain('InspectionRecorded');
  });

  it('lists every MES command type and every reference resolves', () => {
    expect(document.components.messages.mesCommand.payload.properties.type.enum).toEqual([...COMMAND_TYPES]);
    const refs = refsOf(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect([ref, resolve(document, ref)]).toEqual([ref, expect.anything()]);
  });
});
