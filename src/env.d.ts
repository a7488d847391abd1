// The core runs in a service worker, a page and Node 20: all three have these globals, but the
// core's tsconfig has no DOM or Node types, so the few we use are declared here and nowhere else.
// (tsconfig.json, which has DOM types, excludes this file.)
declare global {
  interface CryptoKeyLike {
    readonly type: string;
    readonly algorithm: unknown;
  }
  interface SubtleCryptoLike {
    importKey(
      format: string,
      keyData: unknown,
      algorithm: unknown,
      extractable: boolean,
      usages: string[],
    ): Promise<CryptoKeyLike>;
    exportKey(format: string, key: CryptoKeyLike): Promise<unknown>;
    generateKey(algorithm: unknown, extractable: boolean, usages: string[]): Promise<unknown>;
    sign(algorithm: unknown, key: CryptoKeyLike, data: Uint8Array): Promise<ArrayBuffer>;
    verify(algorithm: unknown, key: CryptoKeyLike, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
    digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
  }
  var crypto: {
    getRandomValues<T extends ArrayBufferView>(array: T): T;
    subtle: SubtleCryptoLike;
  };
  function setTimeout(handler: () => void, timeout?: number): unknown;
  function atob(data: string): string;
  function btoa(data: string): string;
  class URL {
    constructor(url: string, base?: string);
    readonly href: string;
    readonly protocol: string;
  }
  class TextEncoder {
    encode(input?: string): Uint8Array;
    encodeInto(input: string, into: Uint8Array): { read: number; written: number };
  }
  class TextDecoder {
    constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
    decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
  }
}
export {};
