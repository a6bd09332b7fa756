/** The person a document is signed for (shown in the signature record). */
export interface SignerIdentity {
  name: string;
  title: string;
  unit: string;
}

/** What is kept about a signature (e.g. in `dossier_documents.signature`). */
export interface SignatureRecord {
  /** Which adapter made it, e.g. `local-test`. */
  provider: string;
  /** e.g. `RSA-SHA256 (PKCS#1 v1.5) over the SHA-256 of the document`. */
  algorithm: string;
  certificateSubject: string;
  /** SHA-256 (hex) of the signing public key or certificate (DER). */
  certificateFingerprint: string;
  /** ISO 8601 with +07:00. */
  signedAt: string;
  /** SHA-256 (hex) of the unsigned document. */
  digest: string;
  /** The signature value, base64. */
  value: string;
  signer: SignerIdentity;
  /** False for every provider that is not a licensed certification service. */
  legallyValid: boolean;
}

export interface SignResult {
  /** The document to store and hand out (for the local signer: the PDF with the record appended). */
  signedPdf: Buffer;
  signature: SignatureRecord;
}

export type VerifyFailure = 'not_signed' | 'modified' | 'unknown_key' | 'bad_signature';

export interface VerifyResult {
  valid: boolean;
  reason?: VerifyFailure;
  signature?: SignatureRecord;
}

/**
 * A digital-signature provider. The default is the local test signer; a USB-token or remote
 * signing service (a licensed CA's PAdES signature) implements the same two calls.
 */
export interface Signer {
  readonly provider: string;
  sign(pdf: Buffer, signer: SignerIdentity): Promise<SignResult>;
  /** Checks a signed document (and, when given, the record kept beside it). */
  verify(signedPdf: Buffer, signature?: SignatureRecord): Promise<VerifyResult>;
}
