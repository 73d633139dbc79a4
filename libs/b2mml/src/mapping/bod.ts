import { child, childrenNamed, textAt, XmlElement } from '../xml/secure-xml';

/**
 * A B2MML Business Object Document (BOD): `<VerbNoun releaseID=…>` with an `ApplicationArea`
 * (Sender/LogicalID, BODID) and a `DataArea` holding the verb element and one or more noun
 * instances (B2MML-V0600-Material.xsd, e.g. SyncMaterialLotType; ApplicationArea is
 * TransApplicationAreaType in B2MML-V0600-Common.xsd).
 */
export type B2mmlVersion = 'V0401' | 'V0500' | 'V0600' | 'V0700';

/** Namespaces by release; V0700 and V0701 share one namespace (B2MML-Common.xsd targetNamespace). */
export const B2MML_NAMESPACES: Record<string, B2mmlVersion> = {
  'http://www.wbf.org/xml/B2MML-V0401': 'V0401',
  'http://www.wbf.org/xml/B2MML-V0500': 'V0500',
  'http://www.mesa.org/xml/B2MML-V0600': 'V0600',
  'http://www.mesa.org/xml/B2MML': 'V0700',
};

export const VERBS = ['Sync', 'Process', 'Get', 'Change', 'Cancel', 'Show', 'Acknowledge', 'Respond', 'Confirm'] as const;
export type Verb = (typeof VERBS)[number];

export interface Bod {
  version: B2mmlVersion;
  namespace: string;
  verb: Verb;
  /** The noun of the BOD name (`SyncMaterialLot` → `MaterialLot`). */
  noun: string;
  releaseId?: string;
  bodId?: string;
  senderLogicalId?: string;
  /** The noun instances of the DataArea, in document order. */
  nouns: XmlElement[];
}

export interface BodProblem {
  status: 400 | 422;
  problemType: string;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
}

export const isBodProblem = (value: Bod | BodProblem): value is BodProblem => 'problemType' in value;

export function readBod(root: XmlElement): Bod | BodProblem {
  const version = B2MML_NAMESPACES[root.namespace];
  if (!version) {
    return {
      status: 422,
      problemType: 'unsupported-b2mml-version',
      detail: `The namespace "${root.namespace.slice(0, 200)}" is not a supported B2MML release (V0401, V0500, V0600, V0700/V0701).`,
    };
  }
  const verb = VERBS.find((v) => root.name.startsWith(v) && root.name.length > v.length);
  const dataArea = child(root, 'DataArea');
  if (!verb || !dataArea) {
    return {
      status: 400,
      problemType: 'not-a-bod',
      detail: `<${root.name.slice(0, 100)}> is not a B2MML business object document (VerbNoun with a DataArea).`,
      errors: dataArea ? undefined : [{ field: `${root.name.slice(0, 100)}/DataArea`, message: 'DataArea is required' }],
    };
  }
  const noun = root.name.slice(verb.length);
  const applicationArea = child(root, 'ApplicationArea');
  return {
    version,
    namespace: root.namespace,
    verb,
    noun,
    releaseId: root.attributes.releaseID,
    bodId: textAt(applicationArea, 'BODID'),
    senderLogicalId: textAt(applicationArea, 'Sender', 'LogicalID'),
    nouns: childrenNamed(dataArea, noun),
  };
}
