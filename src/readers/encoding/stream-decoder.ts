/** What every decoder of a text file is: bytes in, NFC text out, chunk by chunk. */
export interface StreamDecoder {
  write(chunk: Buffer): string;
  end(): string;
}
