/**
 * The part of sm-crypto 0.5.x that sm2.ts uses. (@types/sm-crypto exists but describes 0.3.x and
 * lacks `userId` and `pointPool`; one declaration we own is smaller than a second dependency.)
 * Hex strings throughout; public keys are '04' + X + Y (130 hex digits).
 */
declare module 'sm-crypto' {
  /** A jsbn BigInteger, opaque here: sm2.ts only constructs them and hands them back. */
  export interface SmBigInteger {
    toString(radix?: number): string;
  }

  /** A precomputed signing nonce k and the x coordinate of kG. */
  export interface SmPoint {
    k: SmBigInteger;
    x1: SmBigInteger;
  }

  export interface SignatureOptions {
    /** Nonces to use, popped from the end; when empty sm-crypto draws its own. */
    pointPool?: SmPoint[];
    /** DER-encoded (hex) instead of r‖s. */
    der?: boolean;
    /** Hash with SM3 over Z‖M (GM/T 0003.2); false signs a digest given as hex. */
    hash?: boolean;
    /** '04'‖X‖Y; computed from the private key when absent. */
    publicKey?: string;
    /** Distinguishing identifier; sm-crypto's default is '1234567812345678'. */
    userId?: string;
  }

  export interface Sm2 {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    doSignature(msg: string | ArrayLike<number>, privateKey: string, options?: SignatureOptions): string;
    doVerifySignature(
      msg: string | ArrayLike<number>,
      signHex: string,
      publicKey: string,
      options?: { der?: boolean; hash?: boolean; userId?: string },
    ): boolean;
    getPublicKeyFromPrivateKey(privateKey: string): string;
    verifyPublicKey(publicKey: string): boolean;
  }

  const smCrypto: { sm2: Sm2 };
  export default smCrypto;
}
