import { signatureBindingBreak, StoredSignature } from './signature-bindings';

const signature = (overrides: Partial<StoredSignature> = {}): StoredSignature => ({
  streamId: 'lot-A1',
  streamVersion: 7,
  position: '70',
  signs: { streamId: 'lot-A1', streamVersion: 6, hash: 'h6' },
  hashAtSignedVersion: 'h6',
  ...overrides,
});

describe('signature binding (21 CFR 11.70)', () => {
  it('accepts a signature naming an earlier version of its own stream with exactly its hash', () => {
    expect(signatureBindingBreak(signature())).toBeUndefined();
  });

  it('fails a signature moved to another stream', () => {
    // Copied onto lot-B2 as it was: it still names lot-A1.
    expect(signatureBindingBreak(signature({ streamId: 'lot-B2', hashAtSignedVersion: 'b6' }))).toBe('signature names another stream');
  });

  it('fails a signature re-pointed to another stream and version whose hash differs', () => {
    expect(
      signatureBindingBreak(signature({ streamId: 'lot-B2', signs: { streamId: 'lot-B2', streamVersion: 6, hash: 'h6' }, hashAtSignedVersion: 'b6' })),
    ).toBe('signature hash does not match the signed version');
  });

  it('fails a signature moved to another version of the same stream', () => {
    expect(signatureBindingBreak(signature({ signs: { streamId: 'lot-A1', streamVersion: 5, hash: 'h6' }, hashAtSignedVersion: 'h5' }))).toBe(
      'signature hash does not match the signed version',
    );
  });

  it('fails a signature naming itself or a later version, or a version that does not exist', () => {
    expect(signatureBindingBreak(signature({ signs: { streamId: 'lot-A1', streamVersion: 7, hash: 'h7' }, hashAtSignedVersion: 'h7' }))).toBe(
      'signature names a version that does not precede it',
    );
    expect(signatureBindingBreak(signature({ hashAtSignedVersion: null }))).toBe('signature hash does not match the signed version');
    expect(signatureBindingBreak(signature({ signs: null }))).toBe('signature names no signed record');
  });
});
